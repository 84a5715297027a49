"""Pledges (issue 11 req. 9): 纪律责任书 (town and village secretaries), 承诺书 (every active
candidate), 保证书 (staff); coverage against 100% exact, the missing 承诺书 flagged, the scanned copy
stored encrypted and its download audited, and the jurisdiction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import typst
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from huanjie.core.audit import AuditEvent
from huanjie.planning.models import Campaign, ResponsiblePerson
from huanjie.vetting import pledge_selectors, pledge_services, pledge_tally
from huanjie.vetting.models import Candidate, Pledge
from tests.factories import PersonFactory, seat

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 20)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: TODAY)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> bytes:
    """A real PDF (typeset by Typst), as a scanner would produce one."""
    src = tmp_path_factory.mktemp("pdf") / "pledge.typ"
    src.write_text("#set page(width: 10cm, height: 5cm)\nSigned pledge\n", encoding="utf-8")
    return typst.compile(str(src))


@pytest.fixture
def campaign(cast):
    return Campaign.objects.create(
        city=cast.city,
        name="2026年换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )


class Scene:
    """东村: 书记 S sits; candidates P and Q stand (P for two posts), W withdrew."""

    def __init__(self, cast, campaign):
        v = cast.village
        self.s, self.p, self.q, self.w = (PersonFactory(domicile_unit=v) for _ in range(4))
        seat(self.s, v, "party_org", "secretary")

        def cand(person, side, post, channel):
            return Candidate.objects.create(
                campaign=campaign,
                unit=v,
                person=person,
                side=side,
                post=post,
                source="other",
                channel=channel,
            )

        self.cp = cand(self.p, "party", "secretary", "two_recommendations")
        cand(self.p, "committee", "chair", "voters")
        self.cq = cand(self.q, "committee", "member", "voters")
        self.cw = cand(self.w, "committee", "member", "voters")
        self.cw.withdrawn_on = dt.date(2026, 1, 10)
        self.cw.save()
        # Written directly (not through the services): the roll-up's counts recounted as after a bulk load.
        pledge_tally.rebuild(campaign.pk)


@pytest.fixture
def scene(cast, campaign):
    return Scene(cast, campaign)


def _record(cast, campaign, pdf, role="town_operator", unit=None, **kw):
    args = {"kind": "commitment", "signed_on": TODAY, "file_name": "承诺书.pdf", "data": pdf} | kw
    return pledge_services.pledge_record(
        actor=cast[role], campaign=campaign, unit=unit or cast.village, **args
    )


def test_coverage_counts_every_active_candidate_and_secretary(cast, campaign, scene, pdf):
    page = pledge_selectors.coverage(cast["town_operator"], cast.town.code)
    # 承诺书: P (two posts, one person) and Q; W withdrew. 纪律责任书: the town's and S.
    assert (page.commitment.required, page.commitment.signed) == (2, 0)
    assert (page.discipline.required, page.discipline.signed) == (2, 0)
    assert {(s.kind, s.name) for s in page.missing} == {
        ("discipline", "（请填写姓名）"),
        ("commitment", scene.p.name),
        ("commitment", scene.q.name),
        ("discipline", scene.s.name),
    }
    _record(cast, campaign, pdf, person=scene.p)
    page = pledge_selectors.coverage(cast["town_operator"], cast.town.code)
    assert (page.commitment.signed, page.commitment.percent, page.commitment.complete) == (1, "50%", False)
    assert pledge_selectors.missing_commitment(scene.cp) is False
    assert pledge_selectors.missing_commitment(scene.cq) is True
    _record(cast, campaign, pdf, person=scene.q, signer_post="村民委员会委员候选人")
    _record(cast, campaign, pdf, kind="discipline", person=scene.s)
    _record(
        cast,
        campaign,
        pdf,
        kind="discipline",
        unit=cast.town,
        signer_name="周镇书记",
        signer_post="镇党委书记",
    )
    _record(cast, campaign, pdf, kind="guarantee", unit=cast.town, signer_name="钱工作人员")
    page = pledge_selectors.coverage(cast["town_operator"], cast.town.code)
    assert (page.commitment.signed, page.commitment.required, page.commitment.percent) == (2, 2, "100%")
    assert (page.discipline.signed, page.discipline.required, page.discipline.complete) == (2, 2, True)
    assert (page.guarantees, page.missing) == (1, [])
    roll = pledge_selectors.rollup(cast["county_operator"])
    line = next(ln for ln in roll.lines if ln.town == cast.town)
    assert (
        line.commitment.signed,
        line.commitment.required,
        line.discipline.signed,
        line.discipline.required,
    ) == (
        2,
        2,
        2,
        2,
    )
    other = next(ln for ln in roll.lines if ln.town == cast.town_b)
    assert (other.commitment.required, other.discipline.required, other.discipline.signed) == (0, 1, 0)


def test_the_town_secretary_is_named_from_the_campaign(cast, campaign, scene):
    ResponsiblePerson.objects.create(
        campaign=campaign, unit=cast.town, role="first", name="周明", position="镇党委书记"
    )
    page = pledge_selectors.coverage(cast["town_operator"], cast.town.code)
    assert page.town_secretary == "周明" and page.missing[0].name == "周明"


@pytest.mark.parametrize(
    ("kw", "field", "message"),
    [
        ({"person": "w"}, "signer", "有效人选"),
        ({"kind": "discipline", "person": "p"}, "signer", "现任党组织书记"),
        ({"kind": "discipline", "unit": "town"}, "signer_name", "党（工）委书记姓名"),
        ({"kind": "guarantee"}, "signer_name", "工作人员姓名"),
        ({"person": "p", "signed_on": TODAY + dt.timedelta(days=1)}, "signed_on", "晚于今天"),
        ({"person": "p", "data": b"%PDF-fake", "file_name": "x.png"}, "file", "不符"),
        ({"person": "p", "data": b"not a pdf"}, "file", "不符"),
    ],
)
def test_refusals(cast, campaign, scene, pdf, kw, field, message):
    if "person" in kw:
        kw["person"] = {"w": scene.w, "p": scene.p}[kw["person"]]
    if kw.get("unit") == "town":
        kw["unit"] = cast.town
    with pytest.raises(ValidationError) as e:
        _record(cast, campaign, pdf, **kw)
    assert field in e.value.message_dict and message in str(e.value)
    assert not Pledge.objects.exists()


def test_once_per_person_and_only_in_the_jurisdiction(cast, campaign, scene, pdf):
    _record(cast, campaign, pdf, person=scene.p)
    with pytest.raises(ValidationError):
        _record(cast, campaign, pdf, person=scene.p)
    for role in ("other_town_operator", "county_operator", "vetting"):
        with pytest.raises(PermissionDenied):
            _record(cast, campaign, pdf, role=role, person=scene.q)
    # The village records its own (village_operator holds vetting.edit over it), never the town's.
    _record(cast, campaign, pdf, role="village_operator", person=scene.q)
    with pytest.raises(PermissionDenied):
        _record(
            cast, campaign, pdf, role="village_operator", unit=cast.town, kind="guarantee", signer_name="甲"
        )
    assert Pledge.objects.count() == 2


def test_upload_stored_encrypted_download_audited(cast, campaign, scene, pdf, client):
    client.force_login(cast["town_operator"])
    page = pledge_selectors.coverage(cast["town_operator"], cast.village.code)
    key = next(s.key for s in page.missing if s.name == scene.p.name)
    r = client.post(
        f"/vetting/pledges/{cast.village.code}/new/",
        {
            "signer": key,
            "signed_on": "2026-01-18",
            "file": SimpleUploadedFile("承诺书.pdf", pdf, "application/pdf"),
        },
    )
    assert r.status_code == 302
    p = Pledge.objects.get()
    assert (p.kind, p.person, p.signer_name, p.size, p.signed_on) == (
        "commitment",
        scene.p,
        scene.p.name,
        len(pdf),
        dt.date(2026, 1, 18),
    )
    on_disk = (Path(settings.VAR_DIR) / "evidence" / p.stored).read_bytes()
    assert pdf not in on_disk and b"%PDF" not in on_disk
    assert AuditEvent.objects.filter(model="vetting.Pledge", action="create").count() == 1
    r = client.get(f"/vetting/pledge/{p.pk}/file/")
    assert r.status_code == 200 and r.content == pdf and r["Content-Type"] == "application/pdf"
    exported = AuditEvent.objects.filter(model="vetting.Pledge", object_id=str(p.pk), action="export")
    assert exported.count() == 1 and scene.p.name in exported.get().reason
    # A county operator reads it too (audited); another town and a department never.
    client.force_login(cast["county_operator"])
    assert client.get(f"/vetting/pledge/{p.pk}/file/").status_code == 200
    assert exported.count() == 2
    for role in ("other_town_operator", "vetting"):
        client.force_login(cast[role])
        assert client.get(f"/vetting/pledge/{p.pk}/file/").status_code in (403, 404)
    assert exported.count() == 2


def test_pages_flag_the_missing_commitment(cast, campaign, scene, pdf, client):
    _record(cast, campaign, pdf, person=scene.p)
    client.force_login(cast["town_operator"])
    body = client.get(f"/vetting/candidate/{scene.cq.pk}/").content.decode()
    assert "尚未签订换届纪律承诺书" in body
    body = client.get(f"/vetting/candidate/{scene.cp.pk}/").content.decode()
    assert "尚未签订换届纪律承诺书" not in body
    body = client.get(f"/vetting/pledges/{cast.town.code}/").content.decode()
    assert "未签承诺书" in body and scene.q.name in body and "1/2" in body
    assert client.get("/vetting/pledges/").status_code == 200
    client.force_login(cast["other_town_operator"])
    assert client.get(f"/vetting/pledges/{cast.town.code}/").status_code == 404
    assert client.post(f"/vetting/pledges/{cast.village.code}/new/", {}).status_code == 404


def test_api(cast, campaign, scene, pdf, client):
    from tests.apiclient import api_get, bearer

    _record(cast, campaign, pdf, person=scene.p)
    body = api_get(client, f"/api/vetting/pledges/{cast.town.code}", bearer(cast["county_operator"])).json()
    assert (body["commitment_signed"], body["commitment_required"]) == (1, 2)
    assert (body["discipline_signed"], body["discipline_required"]) == (0, 2)
    assert [m["name"] for m in body["missing"] if m["kind"] == "commitment"] == [scene.q.name]
    body = api_get(
        client, f"/api/vetting/pledges/{cast.village.code}", bearer(cast["village_operator"])
    ).json()
    assert (body["commitment_signed"], body["commitment_required"]) == (1, 2)
    r = api_get(client, f"/api/vetting/pledges/{cast.town.code}", bearer(cast["other_town_operator"]))
    assert r.status_code == 404


def test_home_page_lists_candidates_without_commitment(cast, campaign, scene, pdf, client):
    assert [t.label for t in pledge_selectors.pledge_todos(cast["town_operator"])] == [
        "青石镇：2 名人选尚未签订换届纪律承诺书"
    ]
    _record(cast, campaign, pdf, person=scene.p)
    _record(cast, campaign, pdf, person=scene.q)
    assert pledge_selectors.pledge_todos(cast["town_operator"]) == []
    assert pledge_selectors.pledge_todos(cast["county_operator"]) == []


def test_coverage_export_is_audited(cast, campaign, scene, pdf, client):
    import io

    from openpyxl import load_workbook

    _record(cast, campaign, pdf, person=scene.p)
    client.force_login(cast["town_operator"])
    r = client.get(f"/vetting/pledges/{cast.town.code}/export/")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    rows = [row for row in ws.iter_rows(values_only=True) if row and "东村" in row]
    assert len(rows) == 1 and "50%" in rows[0]
    assert f"{scene.q.name}（承诺书）" in rows[0][-1] and scene.p.name not in rows[0][-1]
    assert AuditEvent.objects.filter(action="export", actor=cast["town_operator"]).count() == 1
    client.force_login(cast["other_town_operator"])
    assert client.get(f"/vetting/pledges/{cast.town.code}/export/").status_code == 404


def test_coverage_table_totals_equal_the_sum_of_the_units(cast, campaign, scene, pdf, client):
    """承诺书签订情况 (req. 11) in its layout: the 合计 row is the exact sum of the units' rows and
    equals the town's own figures on the page."""
    import io

    from openpyxl import load_workbook

    _record(cast, campaign, pdf, person=scene.p)
    # Two pledges recorded by signing date only (imported), their scans still to come.
    _record(cast, campaign, pdf, person=scene.q, data=b"", file_name="", scan_later=True)
    _record(
        cast,
        campaign,
        pdf,
        kind="guarantee",
        unit=cast.town,
        signer_name="钱工作人员",
        data=b"",
        scan_later=True,
    )
    client.force_login(cast["town_operator"])
    page = pledge_selectors.coverage(cast["town_operator"], cast.town.code)
    assert page.scans_missing == 2
    ws = load_workbook(
        io.BytesIO(b"".join(client.get(f"/vetting/pledges/{cast.town.code}/export/").streaming_content))
    ).active
    assert ws["A1"].value == "村（社区）“两委”换届纪律承诺书签订情况统计表"
    rows = [list(r) for r in ws.iter_rows(min_row=5, values_only=True)]
    body = [r for r in rows if isinstance(r[0], int)]
    total = next(r for r in rows if r[0] == "合计")
    for col in (2, 3, 5, 6, 8, 9):
        assert total[col] == sum(r[col] or 0 for r in body)
    assert total[9] == page.scans_missing == 2  # 扫描件待补（份）
    assert (total[2], total[3]) == (page.commitment.required, page.commitment.signed)
    assert (total[5], total[6]) == (page.discipline.required, page.discipline.signed)


def test_rollup_query_count_is_flat_in_scope_and_data(cast, campaign, scene, pdf):
    """Issue 11 req. 13: the rollup aggregates in SQL by town — the same queries for the city and a
    county, with one 承诺书 or several."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(role: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            pledge_selectors.rollup(cast[role])
        return len(ctx.captured_queries)

    _record(cast, campaign, pdf, person=scene.p)
    for role in ("city_operator", "county_operator"):
        queries(role)  # warm the per-user and per-process caches (roles, content types)
    before = {role: queries(role) for role in ("city_operator", "county_operator")}
    assert before["city_operator"] == before["county_operator"]
    _record(cast, campaign, pdf, person=scene.q, signer_post="村民委员会委员候选人")
    _record(cast, campaign, pdf, kind="guarantee", unit=cast.town, signer_name="钱工作人员")
    # pledges awaiting their scan are counted in the same statements
    _record(cast, campaign, pdf, kind="guarantee", signer_name="孙工作人员", data=b"", scan_later=True)
    assert {role: queries(role) for role in ("city_operator", "county_operator")} == before
    assert pledge_selectors.rollup(cast["city_operator"]).scans_missing == 1


def test_the_city_rolls_up_by_county_and_drills_into_towns(cast, campaign, scene, pdf, client):
    """Issue 11 req. 13: one line per county for the city (its towns summed, so the drilled page's
    total is the county's line), a county's towns one click down, the same queries either way."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _record(cast, campaign, pdf, person=scene.p)
    city = cast["city_operator"]
    roll = pledge_selectors.rollup(city)
    assert roll.by_county and [ln.unit for ln in roll.lines] == [cast.county, cast.county2]
    county_line = roll.lines[0]
    drilled = pledge_selectors.rollup(city, county_code=cast.county.code)
    assert not drilled.by_county and [ln.town for ln in drilled.lines] == [cast.town, cast.town_b]
    assert (drilled.commitment, drilled.discipline, drilled.guarantees) == (
        county_line.commitment,
        county_line.discipline,
        county_line.guarantees,
    )
    # The county's own roll-up: the same figures, by town.
    own = pledge_selectors.rollup(cast["county_operator"])
    assert [(ln.town, ln.commitment, ln.discipline) for ln in own.lines] == [
        (ln.town, ln.commitment, ln.discipline) for ln in drilled.lines
    ]
    assert (county_line.commitment.required, county_line.commitment.signed) == (2, 1)
    # Every town owes its own 责任书, counted in its county's line (each county here has towns).
    assert roll.lines[1].discipline.required >= 1
    client.force_login(city)
    body = client.get("/vetting/pledges/").content.decode()
    assert f'href="?county={cast.county.code}"' in body
    body = client.get(f"/vetting/pledges/?county={cast.county.code}").content.decode()
    assert "按县（市、区）汇总" in body and f"/vetting/pledges/{cast.town.code}/" in body

    def queries(**kw) -> int:
        with CaptureQueriesContext(connection) as ctx:
            pledge_selectors.rollup(city, **kw)
        return len(ctx.captured_queries)

    before = (queries(), queries(county_code=cast.county.code))
    _record(cast, campaign, pdf, person=scene.q, signer_post="村民委员会委员候选人")
    _record(cast, campaign, pdf, kind="guarantee", unit=cast.town, signer_name="钱工作人员")
    assert (queries(), queries(county_code=cast.county.code)) == before


# --- the counts the roll-up sums (pledge_tally; vettingspeed, issue 11 req. 13) ---------------------


def _tallies(campaign) -> dict[int, tuple[int, ...]]:
    from huanjie.vetting.models import PledgeTally

    return {
        t.unit_id: tuple(getattr(t, f) for f in pledge_tally.FIELDS)
        for t in PledgeTally.objects.filter(campaign=campaign)
        if any(getattr(t, f) for f in pledge_tally.FIELDS)
    }


def _recounted(campaign) -> dict[int, tuple[int, ...]]:
    return {u: tuple(c) for u, c in pledge_tally._counts(campaign.pk, None).items() if any(c)}


def _town_line(cast, role="county_operator"):
    roll = pledge_selectors.rollup(cast[role])
    line = next(ln for ln in roll.lines if ln.town == cast.town)
    return (line.commitment.required, line.commitment.signed, line.guarantees, line.scans_missing)


def _page_line(cast):
    page = pledge_selectors.coverage(cast["town_operator"], cast.town.code)
    return (page.commitment.required, page.commitment.signed, page.guarantees, page.scans_missing)


def test_the_rollup_is_never_stale_after_a_candidate_or_a_pledge_changes(cast, campaign, scene, pdf):
    """Each service that changes a candidate's standing or a pledge recounts its unit in the same
    transaction: after every step the roll-up equals the coverage page and the kept counts equal a
    full recount."""
    from huanjie.vetting import party_services, services

    def check(expected):
        assert _town_line(cast) == _page_line(cast) == expected
        assert _tallies(campaign) == _recounted(campaign)

    check((2, 0, 0, 0))
    _record(cast, campaign, pdf, person=scene.p)  # P's one 承诺书 covers both P's posts
    check((2, 1, 0, 0))
    r = PersonFactory(domicile_unit=cast.village2)
    cr = services.candidate_register(
        actor=cast["town_operator"],
        campaign=campaign,
        unit=cast.village2,
        person=r,
        side="party",
        post="party_member",
        source="other",
        channel="two_recommendations",
        votes_members=30,
        votes_public=80,
    )
    check((3, 1, 0, 0))  # a new candidate in another village of the town owes one more
    _record(cast, campaign, pdf, unit=cast.village2, person=r, data=b"", file_name="", scan_later=True)
    check((3, 2, 0, 1))  # signed, its scan to come
    pledge_services.pledge_attach_scan(
        actor=cast["town_operator"], pledge=Pledge.objects.get(person=r), file_name="承诺书.pdf", data=pdf
    )
    check((3, 2, 0, 0))
    party_services.candidate_withdraw(actor=cast["town_operator"], candidate=cr, reason="本人申请", on=TODAY)
    check((2, 1, 0, 0))  # withdrawn: no longer owed (nor counted as signed)
    _record(cast, campaign, pdf, kind="guarantee", unit=cast.town, signer_name="钱工作人员")
    check((2, 1, 1, 0))


def test_rollup_query_count_is_the_same_at_two_sizes(cast, campaign, scene, pdf):
    """Issue 11 req. 13: the roll-up reads the kept counts — the same number of queries with the
    scene's three candidates and with sixty more spread over three villages of two towns."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(role: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            pledge_selectors.rollup(cast[role])
        return len(ctx.captured_queries)

    _record(cast, campaign, pdf, person=scene.p)
    for role in ("city_operator", "county_operator"):
        queries(role)  # warm the per-user caches
    small = {role: queries(role) for role in ("city_operator", "county_operator")}
    for i in range(60):
        unit = (cast.village, cast.village2, cast.village_b)[i % 3]
        Candidate.objects.create(
            campaign=campaign,
            unit=unit,
            person=PersonFactory(domicile_unit=unit),
            side="committee",
            post="member",
            source="other",
            channel="voters",
        )
    pledge_tally.rebuild(campaign.pk)
    assert {role: queries(role) for role in ("city_operator", "county_operator")} == small
    roll = pledge_selectors.rollup(cast["county_operator"])
    assert roll.commitment == pledge_selectors.Ratio(2 + 60, 1)
