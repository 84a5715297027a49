"""Reporting tables of the statistics app (issue 15 req. 4): Excel through layouts as data, for any
jurisdiction the user holds; the 合计 row equals the sum of the parts and every level's row equals the
level below's 合计 (town → county → city); a city swaps a layout for its own JSON without code; the
list page offers the statistics and the vetting tables."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from huanjie.core.audit import AuditEvent
from huanjie.core.layouts import NOTE
from huanjie.stats import tables_selectors as sel
from huanjie.stats.tables_kinds import COUNT_KEYS
from tests.factories import PASSWORD, PersonFactory, seat

ON = dt.date(2026, 6, 1)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("huanjie.core.workflow.today", lambda: ON)
    return ON


def _person(unit, **kw):
    return PersonFactory(domicile_unit=unit, **kw)


@pytest.fixture
def seated(cast, today):
    return seat_cast(cast)


def seat_cast(cast):
    """The city's campaign (window 2025-12-01 – 2026-06-30) and its new terms (届次 12, from March 2026):
    东村: 一肩挑 secretary-chair (woman, 1990-03, 大专), a party member (1960-01, 初中), a committee
    member (1988-07, 本科, 返乡大学生); 西村: a secretary (1970-05) and a chair (1965-02, woman); 南村: a
    secretary-chair (1985-11); 和平社区: a chair (1995-09, 大专, woman). One ended tenure in 东村."""
    from huanjie.planning.models import Campaign

    Campaign.objects.create(
        city=cast.city,
        name="2026年村（社区）两委换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )
    v, v2, vb, c = cast.village, cast.village2, cast.village_b, cast.community
    a = _person(v, name="甲书记", sex="F", birth_date=dt.date(1990, 3, 20), education="junior_college")
    seat(a, v, "party_org", "secretary", start=dt.date(2026, 3, 1), term=12)
    t = seat(a, v, "villagers_committee", "chair", start=dt.date(2026, 3, 5), term=12)
    t.source = "incumbent"
    t.save()
    b = _person(v, name="乙委员", birth_date=dt.date(1960, 1, 10), education="junior_or_below")
    seat(b, v, "party_org", "party_member", start=dt.date(2026, 3, 1), term=12)
    g = _person(
        v, name="丙委员", birth_date=dt.date(1988, 7, 1), education="bachelor", political_status="masses"
    )
    t = seat(g, v, "villagers_committee", "member", start=dt.date(2026, 3, 5), term=12)
    t.source = "graduate"
    t.save()
    old = _person(v, name="丁旧任", birth_date=dt.date(1950, 1, 1))
    t = seat(old, v, "villagers_committee", "member", start=dt.date(2021, 3, 1), term=11)
    t.end_date = dt.date(2026, 3, 5)
    t.save()
    d = _person(v2, name="戊书记", birth_date=dt.date(1970, 5, 5))
    seat(d, v2, "party_org", "secretary", start=dt.date(2026, 3, 1), term=12)
    e = _person(v2, name="己主任", sex="F", birth_date=dt.date(1965, 2, 2), political_status="masses")
    seat(e, v2, "villagers_committee", "chair", start=dt.date(2026, 3, 5), term=12)
    f = _person(vb, name="庚书记", birth_date=dt.date(1985, 11, 30))
    seat(f, vb, "party_org", "secretary", start=dt.date(2026, 3, 1), term=12)
    seat(f, vb, "villagers_committee", "chair", start=dt.date(2026, 3, 5), term=12)
    h = _person(c, name="辛主任", sex="F", birth_date=dt.date(1995, 9, 9), education="junior_college")
    seat(h, c, "residents_committee", "chair", start=dt.date(2026, 3, 5), term=12)
    return cast


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _sheet(response):
    assert response.status_code == 200, response.content[:300]
    data = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(data)).active


def _table(ws, header_rows: int):
    """(data rows, 合计 row) of a sheet written by core.layouts (title, unit line, header, rows)."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    first = 2 + header_rows
    body = []
    for r in rows[first:]:
        if r[0] == "合计":
            return body, r
        if r[0] is None:
            break
        body.append(r)
    raise AssertionError("no 合计 row")


def _download(client, kind, unit):
    return _sheet(client.get(f"/stats/tables/{kind}/{unit.code}.xlsx"))


# columns of the default 换届选举情况统计表: serial, unit, then the counts in COUNT_KEYS order, average
COUNTS = list(COUNT_KEYS)


def _by_unit(body):
    return {r[1]: dict(zip(COUNTS, r[2 : 2 + len(COUNTS)], strict=True)) for r in body}


def _totals(total):
    return dict(zip(COUNTS, total[2 : 2 + len(COUNTS)], strict=True))


def test_totals_equal_the_sum_of_the_parts_at_every_level(client, seated):
    cast = seated
    _login(client, cast["city_operator"])
    town_body, town_total = _table(_download(client, "stats_election_summary", cast.town), 2)
    county_body, county_total = _table(_download(client, "stats_election_summary", cast.county), 2)
    city_body, city_total = _table(_download(client, "stats_election_summary", cast.city), 2)
    for body, total in ((town_body, town_total), (county_body, county_total), (city_body, city_total)):
        for i, key in enumerate(COUNTS, start=2):
            assert total[i] == sum(r[i] for r in body), key
    # a level's row is the 合计 of the level below
    assert _by_unit(county_body)["青石镇"] == _totals(town_total)
    assert _by_unit(city_body)["清河县"] == _totals(county_total)
    # exact figures: 东村 3 members (one ended tenure left out), 西村 2, 南村 1, 和平社区 1
    town = _by_unit(town_body)
    assert town["东村"]["members"] == 3 and town["西村"]["members"] == 2
    assert town["东村"]["one_shoulder"] == 1 and town["西村"]["one_shoulder"] == 0
    assert town["东村"]["cross_serving"] == 1
    assert town["东村"]["women"] == 1 and town["西村"]["women"] == 1
    assert town["东村"]["college_or_above"] == 2 and town["东村"]["high_school_or_above"] == 2
    # ages on the new term's start (structure figures): 东村 2026-03-01 — 甲 35 (born 1990-03-20), 乙 66,
    # 丙 37; 西村 2026-03-01 — 戊 55, 己 61; 南村 2026-03-01 — 庚 40; 和平社区 2026-03-05 — 辛 30
    assert town["东村"]["over_60"] == 1 and town["东村"]["under_35"] == 1
    assert (
        town["东村"]["reporting"] == 1 and town["东村"]["new_members"] == 3 and town["东村"]["reelected"] == 0
    )
    city = _totals(city_total)
    assert city["units"] == 4 and city["villages"] == 3 and city["communities"] == 1
    assert city["members"] == 7 and city["one_shoulder"] == 2 and city["women"] == 3
    # the average age is exact at each level (summed ages / members), not an average of averages:
    # 青石镇 (35 + 66 + 37 + 55 + 61) / 5 = 50.8; 清河县 (254 + 40) / 6 = 49.0
    # (the 合计 row leaves the average blank: core.layouts totals sums only)
    assert {r[1]: r[-1] for r in county_body} == {"青石镇": 50.8, "白沙镇": 40}
    assert {r[1]: r[-1] for r in city_body} == {"清河县": 49, "柳林区": 30}
    assert town_total[-1] is None


def test_the_tables_read_the_structure_selectors(seated):
    """One selector per figure (req. 7): each part's structure counts are the structure selectors'
    counts of that unit."""
    from huanjie.stats import structure_selectors

    user = seated["city_operator"]
    parts, total = sel.parts(user, seated.city)
    assert [p.unit.name for p in parts] == ["清河县", "柳林区"]
    assert total.counts["members"] == sum(p.figures.counts["members"] for p in parts) == 7
    campaign = structure_selectors.current_campaign(user)
    for p in parts:
        c = structure_selectors.counts(user, campaign, p.unit)
        assert p.figures.counts["members"] == c.members and p.figures.age_sum == c.age_sum
        assert p.figures.counts["women"] == c.women and p.figures.counts["college_or_above"] == c.college


def test_sources_and_committee_tables(client, seated):
    cast = seated
    _login(client, cast["town_operator"])
    body, total = _table(_download(client, "stats_sources", cast.town), 2)
    row = {r[1]: r for r in body}["东村"]
    # members, incumbent, reserve, household head, graduate, veteran, recruited, sent down, other, blank
    assert row[2:] == [3, 1, 0, 0, 1, 0, 0, 0, 0, 1]
    assert total[2] == 5
    body, total = _table(_download(client, "stats_committee_structure", cast.town), 3)
    rows = {r[2]: r for r in body}
    assert rows["东村"][3] == 2  # 村委会: 甲 and 丙
    assert rows["东村"][11] == "甲书记" and rows["东村"][-1] == "是"
    assert rows["西村"][11] == "己主任" and rows["西村"][-1] == "否"
    assert total[3] == 3


def test_the_roster_lists_each_person_once_with_both_posts(client, seated):
    cast = seated
    _login(client, cast["county_operator"])
    response = client.get(f"/stats/tables/stats_roster/{cast.county.code}.xlsx")
    ws = _sheet(response)
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0] and isinstance(r[0], int)]
    names = [r[3] for r in rows]
    assert names == ["甲书记", "乙委员", "丙委员", "戊书记", "己主任", "庚书记"]
    first = rows[0]
    assert first[11] == "书记" and first[12] == "主任" and first[13] == "是" and first[14] == "是"
    assert first[6] == "1990.03" and first[7] == 36
    assert "丁旧任" not in names and "辛主任" not in names  # ended; another county
    texts = [c for r in ws.iter_rows(values_only=True) for c in r if isinstance(c, str)]
    assert NOTE in texts and not any("官方模板" in t and t != NOTE for t in texts)
    event = AuditEvent.objects.filter(action="export").latest("pk")
    assert event.after["rows"] == 6 and event.org_path == cast.county.path


def test_a_city_swaps_a_layout_for_its_own_json_without_code(client, seated):
    cast = seated
    own = {
        "title": "东湖市村级换届简表",
        "header": [[{"text": "序号"}, {"text": "乡镇"}, {"text": "成员"}, {"text": "女性"}]],
        "columns": [
            {"key": "serial"},
            {"key": "unit"},
            {"key": "members", "total": True},
            {"key": "women", "total": True},
        ],
    }
    _login(client, cast["city_operator"])
    upload = SimpleUploadedFile("own.json", json.dumps(own, ensure_ascii=False).encode(), "application/json")
    response = client.post("/layouts/stats_election_summary/upload/", {"file": upload})
    assert response.status_code == 302
    ws = _download(client, "stats_election_summary", cast.county)
    assert ws["A1"].value == "东湖市村级换届简表"
    body, total = _table(ws, 1)
    assert [r[1:4] for r in body] == [["青石镇", 5, 2], ["白沙镇", 1, 0]]
    assert total[2:4] == [6, 2]
    page = client.get("/stats/tables/", {"unit": cast.county.code}).content.decode()
    assert "东湖市村级换届简表" in page and "本市样式" in page


def test_the_list_page_offers_the_statistics_and_the_vetting_tables(client, seated):
    cast = seated
    _login(client, cast["town_operator"])
    page = client.get("/stats/tables/").content.decode()
    for label in ("换届选举情况统计表", "两委成员来源统计表", "花名册", "人选情况表", "承诺书签订情况"):
        assert label in page
    assert f"/stats/tables/stats_roster/{cast.town.code}.xlsx" in page
    assert f"/vetting/pledges/{cast.town.code}/export/" in page


def test_outside_the_jurisdiction_is_not_found(client, seated):
    cast = seated
    _login(client, cast["other_town_operator"])
    assert client.get(f"/stats/tables/stats_roster/{cast.town.code}.xlsx").status_code == 404
    assert client.get("/stats/tables/", {"unit": cast.town.code}).status_code == 404
    assert client.get(f"/stats/tables/stats_roster/{cast.town_b.code}.xlsx").status_code == 200
    assert client.get(f"/stats/tables/nonsense/{cast.town_b.code}.xlsx").status_code == 404
    # a village is not a level a table is printed for
    _login(client, cast["city_operator"])
    assert client.get(f"/stats/tables/stats_roster/{cast.village.code}.xlsx").status_code == 404


def test_election_progress_counts_certified_results_of_the_latest_campaign(client, seated):
    """东村: certified at the first vote (一次选举成功); 西村: certified after 另行选举; 南村: registered,
    no certified result; an open round does not count; a 补选 and a Party election are not counted;
    an older campaign's election is not counted."""
    from huanjie.elections.models import Election, ResultRound
    from huanjie.planning.models import Campaign

    cast = seated

    def campaign(name, start):
        return Campaign.objects.create(
            city=cast.city,
            name=name,
            profile_code="zhejiang",
            window_start=start,
            window_end=start + dt.timedelta(days=180),
            state="published",
        )

    old, now = campaign("2021年换届", dt.date(2020, 12, 1)), campaign("2026年换届", dt.date(2025, 12, 1))

    def election(c, unit, body="committee", kind="regular", rounds=()):
        e = Election.objects.create(campaign=c, unit=unit, body=body, kind=kind, election_day=ON)
        for n, (round_kind, state) in enumerate(rounds, start=1):
            ResultRound.objects.create(
                election=e,
                number=n,
                kind=round_kind,
                voting_day=ON,
                registered=100,
                state=state,
                created_by="t",
            )
        return e

    election(now, cast.village, rounds=[("first", "certified")])
    election(now, cast.village2, rounds=[("first", "certified"), ("supplementary", "certified")])
    election(now, cast.village_b, rounds=[("first", "open")])
    election(now, cast.village_b, kind="by_election", rounds=[("first", "certified")])
    election(now, cast.village, body="party", rounds=[("first", "certified")])
    election(old, cast.community, rounds=[("first", "certified")])
    _login(client, cast["city_operator"])
    body, total = _table(_download(client, "stats_election_summary", cast.county), 2)
    rows = _by_unit(body)
    progress = ("elections", "elections_done", "one_time", "supplementary")
    assert [rows["青石镇"][k] for k in progress] == [2, 2, 1, 1]
    assert [rows["白沙镇"][k] for k in progress] == [1, 0, 0, 0]
    assert [_totals(total)[k] for k in progress] == [3, 2, 1, 1]
