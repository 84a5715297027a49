"""Choices of the violations register (三个一律, issue 14 req. 5)."""

from django.db import models

from huanjie.rules.voiding import BODY_LABELS


class ViolationKind(models.TextChoices):
    BRIBERY = "bribery", "贿选"
    CANVASSING = "canvassing", "拉票"
    CLAN = "clan", "宗族、黑恶势力干预"
    DISCIPLINE = "discipline", "违反换届纪律"
    OTHER = "other", "其他"


class Body(models.TextChoices):
    """The bodies that investigate or decide: those huanjie.rules.voiding knows (which of them may
    declare an election void is the profile's; a discipline commission's or organization
    department's finding only starts it), plus the police and any other body."""

    ELECTION_COMMITTEE = "election_committee", BODY_LABELS["election_committee"]
    TOWNSHIP_GOVERNMENT = "township_government", BODY_LABELS["township_government"]
    COUNTY_GOVERNMENT = "county_government", BODY_LABELS["county_government"]
    HIGHER_PARTY_ORG = "higher_party_org", BODY_LABELS["higher_party_org"]
    ORGANIZATION_DEPARTMENT = "organization_department", BODY_LABELS["organization_department"]
    DISCIPLINE_COMMISSION = "discipline_commission", BODY_LABELS["discipline_commission"]
    PUBLIC_SECURITY = "public_security", "公安机关"
    OTHER = "other", "其他机关"


class Conclusion(models.TextChoices):
    """The competent body's conclusion: only 查实 carries consequences."""

    SUBSTANTIATED = "substantiated", "查实"
    UNFOUNDED = "unfounded", "不属实"


class PartyRole(models.TextChoices):
    CANDIDATE = "candidate", "候选人或预备人选"
    WINNER = "winner", "当选人"
    OFFICIAL = "official", "工作人员、党员干部"
    OTHER = "other", "其他人员"


class ConsequenceKind(models.TextChoices):
    SCREENING = "screening", "资格审查认定"
    VOID_WINNER = "void_winner", "当选无效"
    VOID_ELECTION = "void_election", "选举无效、重新选举"
    REFERRAL = "referral", "移送有权机关"
    ACCOUNTABILITY = "accountability", "问责"


class Measure(models.TextChoices):
    """问责方式 (《中国共产党问责条例》(2019) 第八条 [S]: 检查、通报、改组; 对领导干部: 通报、诫勉、
    组织调整或者组织处理、纪律处分)."""

    INSPECTION = "inspection", "责令检查"
    CIRCULATE = "circulate", "通报批评"
    ADMONISH = "admonish", "诫勉"
    ORGANIZATIONAL = "organizational", "组织调整或者组织处理"
    PARTY_DISCIPLINE = "party_discipline", "党纪处分"
    GOVERNMENT_SANCTION = "government_sanction", "政务处分"
    JUDICIAL = "judicial", "移送司法机关"
    OTHER = "other", "其他"
