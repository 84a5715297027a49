"""The village page's committee checks (issue 9 req. 1): each finding with its rule; the decided
职数 from planning (core.plugins.seat_counts) when the user may see it, else the law's bounds."""

import datetime as dt

from huanjie.core.plugins import SeatCounts, seat_counts
from huanjie.people.choices import CommitteeKind, Post, RelationKind
from huanjie.people.models import Relation
from tests.factories import PersonFactory, seat


def _villagers(unit, n):
    people = [PersonFactory(domicile_unit=unit) for _ in range(n)]
    seat(people[0], unit, CommitteeKind.VILLAGERS, Post.CHAIR)
    for p in people[1:]:
        seat(p, unit, CommitteeKind.VILLAGERS, Post.MEMBER)
    return people


def _findings(client, cast, user="town_operator"):
    client.force_login(cast[user])
    response = client.get(f"/org/unit/{cast.village.code}/")
    assert response.status_code == 200
    return response, response.context["findings"]


def test_clean_village_has_no_findings(client, cast):
    _villagers(cast.village, 5)
    response, findings = _findings(client, cast)
    assert findings == []
    assert "班子设置提示" not in response.content.decode()


def test_oversized_committee_warns_with_the_article(client, cast):
    _villagers(cast.village, 9)
    response, findings = _findings(client, cast)
    assert [f.code for f in findings] == ["size_over_law"]
    text = response.content.decode()
    assert "超过法定的 3 至 7 人" in text and "依据：村民委员会组织法" in text


def test_supervision_member_related_to_committee_member_is_shown_as_a_block(client, cast):
    chair, *_ = _villagers(cast.village, 3)
    spouse = PersonFactory(domicile_unit=cast.village)
    seat(spouse, cast.village, CommitteeKind.SUPERVISION, Post.SUPERVISION_MEMBER)
    Relation.objects.create(person_a=chair, person_b=spouse, kind=RelationKind.SPOUSE)
    response, findings = _findings(client, cast)
    assert [f.code for f in findings] == ["supervision_relative"]
    assert findings[0].blocks
    assert "不得担任监委会成员" in response.content.decode()


def test_branch_below_seven_members_with_a_committee_warns(client, cast):
    cast.village.party_members = 5
    cast.village.save()
    for post in (Post.SECRETARY, Post.PARTY_MEMBER, Post.PARTY_MEMBER):
        seat(
            PersonFactory(domicile_unit=cast.village),
            cast.village,
            CommitteeKind.PARTY_ORG,
            post,
            party_org_form="branch",
        )
    text, findings = _findings(client, cast)
    assert [f.code for f in findings] == ["branch_without_committee"]
    # The page says how sure each rule is: this one is a judgement [M].
    assert "判断（法律未明确，按配置处理）" in text.content.decode()


def test_decided_seats_from_planning_are_used(client, cast):
    _villagers(cast.village, 6)
    decided = SeatCounts(committee_seats=5, profile_code="henan")
    seat_counts.register("test.seats", lambda user, ids: dict.fromkeys(ids, decided))
    try:
        _, findings = _findings(client, cast)
    finally:
        seat_counts.unregister("test.seats")
    assert [f.code for f in findings] == ["size_over_seats"]


def test_planning_answers_with_the_decided_seats(cast):
    from huanjie.planning.apps import unit_seat_counts
    from huanjie.planning.models import Campaign, CommitteeSeats

    assert unit_seat_counts(cast["town_operator"], [cast.village.pk]) == {}
    campaign = Campaign.objects.create(
        city=cast.city,
        name="2026年换届",
        profile_code="henan",
        window_start=dt.date(2026, 1, 1),
        window_end=dt.date(2026, 6, 30),
    )
    CommitteeSeats.objects.create(
        campaign=campaign,
        unit=cast.village,
        members=5,
        decided_by="assembly",
        decision_date=dt.date(2026, 1, 10),
        document_no="东村〔2026〕1号",
    )
    found = unit_seat_counts(cast["town_operator"], [cast.village.pk])
    assert found == {cast.village.pk: SeatCounts(5, "henan")}
    # A village operator has no planning.view: the law's bounds apply.
    assert unit_seat_counts(cast["village_operator"], [cast.village.pk]) == {}


def test_form_warns_after_seating_a_near_relative_on_the_committee(client, cast):
    from tests.forms_kit import post_form

    chair, *_ = _villagers(cast.village, 3)
    wife = PersonFactory(domicile_unit=cast.village, name="王妻")
    Relation.objects.create(person_a=chair, person_b=wife, kind=RelationKind.SPOUSE)
    client.force_login(cast["town_operator"])
    response = post_form(
        client,
        f"/people/{wife.pk}/tenures/new/",
        {
            "unit": cast.village.code,
            "kind": "villagers_committee",
            "post": "member",
            "term_number": "12",
            "start_date": "2026-03-01",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "近亲属（配偶）" in page and "依据：村民委员会组织法(2025) 第八条" in page


# -- 一肩挑 / 交叉任职 (one rule: committee_checks.dual_roles) -----------------------------------------


def test_secretary_and_chair_as_two_people_warn_with_the_policy_tagged(client, cast):
    chair, *_ = _villagers(cast.village, 3)
    seat(
        PersonFactory(domicile_unit=cast.village, name="书记甲"),
        cast.village,
        CommitteeKind.PARTY_ORG,
        Post.SECRETARY,
    )
    response, findings = _findings(client, cast)
    assert [f.code for f in findings] == ["dual_role_split"]
    text = response.content.decode()
    assert f"党组织书记书记甲与村民委员会主任{chair.name}不是同一人" in text
    # Before 2026 一肩挑 rests on Party policy only: the page says the source is secondary.
    assert "中国共产党农村基层组织工作条例(2019)" in text and "二手来源（未见原文）" in text


def test_one_person_as_secretary_and_chair_is_flagged_and_counted_alike(client, cast):
    chair, member, *_ = _villagers(cast.village, 3)
    seat(chair, cast.village, CommitteeKind.PARTY_ORG, Post.SECRETARY)
    seat(member, cast.village, CommitteeKind.PARTY_ORG, Post.PARTY_MEMBER)
    response, findings = _findings(client, cast)
    assert findings == []
    flags = {t.person_id: t.flags for block in response.context["committees"] for t in block["members"]}
    assert flags[chair.pk] == ["一肩挑", "交叉任职"] and flags[member.pk] == ["交叉任职"]
    # The structure panel counts from the same rule: 一肩挑 yes, 交叉任职 2 people.
    from huanjie.people.selectors import unit_structure

    summary = unit_structure(cast["town_operator"], cast.village, dt.date.today())
    assert summary.one_shoulder and summary.cross_serving == sum(1 for f in flags.values() if "交叉任职" in f)


def test_form_warns_when_a_new_chair_is_not_the_secretary(client, cast):
    from tests.forms_kit import post_form

    seat(
        PersonFactory(domicile_unit=cast.village, name="书记甲"),
        cast.village,
        CommitteeKind.PARTY_ORG,
        Post.SECRETARY,
    )
    newcomer = PersonFactory(domicile_unit=cast.village, name="主任乙")
    client.force_login(cast["town_operator"])
    response = post_form(
        client,
        f"/people/{newcomer.pk}/tenures/new/",
        {
            "unit": cast.village.code,
            "kind": "villagers_committee",
            "post": "chair",
            "term_number": "12",
            "start_date": "2026-03-01",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "党组织书记书记甲与村民委员会主任主任乙不是同一人" in page
    assert "村民委员会组织法(2025) 第八条" in page  # from 2026 the law names 一肩挑 (and the policy)
