"""Choices of the talks (四必谈) and pledges (纪律责任书 / 承诺书 / 保证书)."""

from django.db import models


class TalkKind(models.TextChoices):
    """Why a talk is owed. The city's mobilisation speech defines 四必谈 (seed-speech, 第三部分):
    “对不再提名人选必谈 … 对转岗交流人员必谈 … 对列入差额选举的有关人选必谈 … 对参选意愿强但未被提名的人员
    必谈 … 对其他思想波动较大、可能影响换届的党员群众，也要逐一梳理分析”; issue 11 adds 村委会 candidates
    with warnings (screening: a warning “produces warnings and talks, never removal”)."""

    NOT_RENOMINATED = "not_renominated", "不再提名"
    MOVED = "moved", "转岗交流"
    COMPETITIVE = "competitive", "差额选举"
    UNSUCCESSFUL = "unsuccessful", "参选未被提名"
    WARNING = "warning", "候选人有提示事项"
    WAVERING = "wavering", "思想波动"


PLAN_KINDS = frozenset({TalkKind.NOT_RENOMINATED, TalkKind.MOVED})


class TalkLevel(models.TextChoices):
    """Who must hold the talk: “由县镇党组织重点落实‘四必谈’” (the speech). Which level for which
    person is a local arrangement [G] (huanjie.vetting.talk_services.level_for)."""

    COUNTY = "county", "县级党委（组织部门）"
    TOWN_SECRETARY = "town_secretary", "乡镇（街道）党（工）委书记"
    TOWN = "town", "乡镇（街道）党（工）委班子成员"


class PledgeKind(models.TextChoices):
    """The three documents of the speech: “镇(街道)、村(社区)党组织书记 100%签订换届纪律责任书,
    候选人 100%签订换届纪律承诺书,换届工作人员 100%签订换届纪律保证书”
    (rules.citations.CITE_SPEECH_PLEDGE)."""

    DISCIPLINE = "discipline", "换届纪律责任书"
    COMMITMENT = "commitment", "换届纪律承诺书"
    GUARANTEE = "guarantee", "换届纪律保证书"
