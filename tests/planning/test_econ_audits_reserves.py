"""Economic audits (任期和离任经济责任审计) of the whole sitting 村民委员会: the statutory items of the law in
force, the publication before the election day through the gate and the selector the elections app
asks (the day before, the same day, after); reserve cadres (后备干部) against the target, confidential
like the personnel plans (never village operators, vetting or supervisors; views from outside the
town audited); no lost update."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from huanjie.core.models import AuditEvent
from huanjie.core.plugins import scheduling_gates
from huanjie.planning import rectification_selectors as sel
from huanjie.planning import rectification_services as svc
from huanjie.planning.models import ReserveCadre
from huanjie.rules.village_prep import RESERVE_TARGET_DEFAULT
from tests.factories import PersonFactory, seat, user_with_role

pytestmark = pytest.mark.django_db

FIVE = ["finance", "debts", "grants", "projects", "funds"]


def _audit(cast, campaign, unit=None, **kw):
    args = {
        "organiser": "township",
        "auditor": "清河会计师事务所",
        "started_on": dt.date(2026, 1, 10),
        "items": FIVE,
        "findings": "",
        "published_on": None,
    }
    return svc.econ_audit_create(
        actor=cast["town_operator"], campaign=campaign, unit=unit or cast.village, **(args | kw)
    )


def test_the_statutory_items_of_the_law_in_force_are_required(cast, published):
    with pytest.raises(ValidationError) as exc:
        _audit(cast, published, items=["finance", "grants", "projects", "funds"])
    assert "本村债权债务情况" in exc.value.message_dict["items"][0]
    with pytest.raises(ValidationError) as exc:
        _audit(cast, published, items=[*FIVE, "requested"])
    assert "villagers_requested" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _audit(cast, published, villagers_requested="修路资金")  # asked for, not covered
    assert (
        "村民五分之一以上" in exc.value.message_dict["items"][0]
        or "五分之一" in exc.value.message_dict["items"][0]
    )
    with pytest.raises(ValidationError) as exc:
        _audit(cast, published, published_on=dt.date(2026, 1, 9))
    assert "published_on" in exc.value.message_dict
    street = user_with_role("street_op", "town_operator", cast.street)
    with pytest.raises(ValidationError, match="村民委员会"):
        svc.econ_audit_create(
            actor=street,
            campaign=published,
            unit=cast.community,
            organiser="township",
            auditor="x",
            started_on=dt.date(2026, 1, 10),
            items=FIVE,
        )
    with pytest.raises(PermissionDenied):
        svc.econ_audit_create(
            actor=cast["other_town_operator"],
            campaign=published,
            unit=cast.village,
            organiser="township",
            auditor="x",
            started_on=dt.date(2026, 1, 10),
            items=FIVE,
        )
    a = _audit(cast, published, items=[*FIVE, "requested"], villagers_requested="修路资金")
    assert a.items == sorted([*FIVE, "requested"])


def test_the_page_lists_the_whole_sitting_committee_and_the_2025_items(cast, published, client):
    chair = seat(
        PersonFactory(name="钱东升", domicile_unit=cast.village), cast.village, "villagers_committee", "chair"
    )
    a = _audit(cast, published)
    client.force_login(cast["county_operator"])
    page = client.get(reverse("planning:econ_audit", args=[a.pk])).content.decode()
    assert chair.person.name in page
    assert "村民委员会组织法(2025) 第四十条" in page and "本村公益事业建设项目招标投标情况" in page
    client.force_login(cast["other_town_operator"])
    assert client.get(reverse("planning:econ_audit", args=[a.pk])).status_code == 404


@pytest.mark.parametrize(
    ("published_on", "ok", "closed", "fragment"),
    [
        (dt.date(2026, 3, 14), True, None, ""),
        (dt.date(2026, 3, 15), False, True, "选举当日"),
        (dt.date(2026, 3, 16), False, True, "选举日之后"),
        (None, False, False, "尚未公布"),
    ],
)
def test_published_before_the_election_day(cast, published, published_on, ok, closed, fragment):
    _audit(cast, published, published_on=published_on)
    day = dt.date(2026, 3, 15)
    check = sel.audit_publication(cast.village, day)
    assert check.ok is ok and check.citation == "村民委员会组织法(2025) 第四十条"
    gates = [g for fn in scheduling_gates for g in fn(None, cast.village, election_day=day)]
    if closed is None:
        assert gates == []
    else:
        (gate,) = gates
        assert gate.closed is closed and fragment in gate.reason
    # Without the election day the gate does not judge the audit; a community has no such audit.
    assert [g for fn in scheduling_gates for g in fn(None, cast.village)] == []
    assert sel.audit_publication(cast.community, day) is None


def test_a_stale_audit_edit_is_refused(cast, published, client):
    a = _audit(cast, published)
    client.force_login(cast["town_operator"])
    form = client.get(reverse("planning:econ_audit", args=[a.pk])).context["form"]
    data = {**form.initial, "items": FIVE, "published_on": "2026-02-01", "started_on": "2026-01-10"}
    data = {k: v for k, v in data.items() if v is not None}
    svc.econ_audit_update(
        actor=cast["town_operator"],
        econ_audit=a,
        organiser="county_finance",
        auditor=a.auditor,
        started_on=a.started_on,
        items=FIVE,
        villagers_requested="",
        findings="账目清楚",
        published_on=None,
    )
    before = AuditEvent.objects.count()
    r = client.post(reverse("planning:econ_audit_edit", args=[a.pk]), data)
    assert r.status_code == 400 and "此记录已被他人修改" in r.content.decode()
    assert AuditEvent.objects.count() == before
    a.refresh_from_db()
    assert a.published_on is None and a.organiser == "county_finance"


# --- reserve cadres ---------------------------------------------------------------------------


@pytest.fixture
def pool(cast, published):
    people = [PersonFactory(name=n, domicile_unit=cast.village) for n in ("孙晓明", "周雨")]
    row = svc.reserve_add(
        actor=cast["town_operator"],
        unit=cast.village,
        person=people[0],
        source="graduate",
        notes="任村助理，跟班学习",
        added_on=dt.date(2026, 1, 5),
    )
    return row, people


def test_reserve_cadres_against_the_target(cast, pool):
    row, people = pool
    town = cast["town_operator"]
    page = sel.reserves_page(town, cast.village.code)
    assert (page.ratio.count, page.ratio.target, page.ratio.met) == (1, RESERVE_TARGET_DEFAULT, False)
    assert [pk for pk, _ in page.candidates] == [people[1].pk]
    svc.reserve_add(
        actor=town,
        unit=cast.village,
        person=people[1],
        source="veteran",
        notes="",
        added_on=dt.date(2026, 1, 6),
    )
    assert sel.reserves_page(town, cast.village.code).ratio.met
    svc.reserve_update(
        actor=town, reserve=row, source="graduate", notes="外出", added_on=row.added_on, active=False
    )
    assert not sel.reserves_page(town, cast.village.code).ratio.met  # only those still in the pool count
    with pytest.raises(ValidationError, match="已在"):
        svc.reserve_add(
            actor=town,
            unit=cast.village,
            person=people[1],
            source="veteran",
            notes="",
            added_on=dt.date(2026, 1, 6),
        )
    outsider = PersonFactory(domicile_unit=cast.village2)
    with pytest.raises(ValidationError, match="户籍在本村"):
        svc.reserve_add(
            actor=town,
            unit=cast.village,
            person=outsider,
            source="other",
            notes="",
            added_on=dt.date(2026, 1, 6),
        )
    with pytest.raises(PermissionDenied):
        svc.reserve_add(
            actor=cast["county_operator"],
            unit=cast.village,
            person=outsider,
            source="other",
            notes="",
            added_on=dt.date(2026, 1, 6),
        )


def test_the_target_is_read_in_one_place_and_follows_the_campaign(cast, pool, published):
    assert sel.reserve_target(None) == RESERVE_TARGET_DEFAULT
    published.reserve_target = 1  # what campaign settings will carry
    assert sel.reserve_target(published) == 1


@pytest.mark.parametrize("role", ["village_operator", "vetting", "supervisor"])
def test_reserve_cadres_are_never_shown_to_village_operators_vetting_or_supervisors(cast, pool, client, role):
    row, _ = pool
    client.force_login(cast[role])
    for url in (
        reverse("planning:reserves", args=[cast.village.code]),
        reverse("planning:reserve", args=[row.pk]),
    ):
        r = client.get(url)
        assert r.status_code in (403, 404) and "孙晓明" not in r.content.decode()


def test_views_from_outside_the_town_are_audited(cast, pool, client):
    row, _ = pool
    url = reverse("planning:reserves", args=[cast.village.code])
    client.force_login(cast["town_operator"])
    assert "孙晓明" in client.get(url).content.decode()
    assert not AuditEvent.objects.filter(action="view_confidential").exists()
    for role in ("county_operator", "leader"):
        client.force_login(cast[role])
        assert client.get(url).status_code == 200
        assert client.get(reverse("planning:reserve", args=[row.pk])).status_code == 200
    assert AuditEvent.objects.filter(action="view_confidential", model="planning.ReserveCadre").count() == 4
    client.force_login(cast["other_town_operator"])
    assert client.get(url).status_code == 404


def test_the_town_adds_a_reserve_cadre_through_the_page_and_a_stale_edit_is_refused(cast, pool, client):
    row, people = pool
    client.force_login(cast["town_operator"])
    r = client.post(
        reverse("planning:reserve_new", args=[cast.village.code]),
        {"person": str(people[1].pk), "source": "migrant", "added_on": "2026-01-08", "notes": "回乡创业"},
    )
    assert r.status_code == 302 and ReserveCadre.objects.count() == 2
    form = client.get(reverse("planning:reserve", args=[row.pk])).context["form"]
    data = {
        **{k: v for k, v in form.initial.items() if v is not None},
        "added_on": "2026-01-05",
        "notes": "新",
    }
    data.pop("active")
    svc.reserve_update(
        actor=cast["town_operator"],
        reserve=row,
        source="staff",
        notes=row.notes,
        added_on=row.added_on,
        active=True,
    )
    r = client.post(reverse("planning:reserve_edit", args=[row.pk]), data)
    assert r.status_code == 400 and "此记录已被他人修改" in r.content.decode()
    row.refresh_from_db()
    assert row.source == "staff" and row.active
