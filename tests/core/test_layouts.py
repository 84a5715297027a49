"""Reporting tables as data (huanjie.core.layouts): a layout is checked when uploaded, printed with
its merged title and header, a 合计 row equal to the sum of the rows, never labelled official; a
city replaces one without code (the test swaps the vetting 人选情况表) and only for itself."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from huanjie.core import layouts
from huanjie.core.audit import AuditEvent
from huanjie.core.layouts import LayoutError, LayoutKind, parse, write_layout
from huanjie.core.models import ReportLayout
from huanjie.planning.models import Campaign
from huanjie.vetting.models import Candidate
from tests.factories import PersonFactory

KIND = LayoutKind(
    code="t",
    label="测试表",
    keys={"unit": "村", "n": "人数", "m": "票数"},
    default=("huanjie.vetting", "layouts/candidates.json"),
    numeric=frozenset({"n", "m"}),
)
GOOD = {
    "title": "测试统计表",
    "header": [
        [{"text": "序号", "rows": 2}, {"text": "村", "rows": 2}, {"text": "情况", "cols": 2}],
        [{"text": "人数"}, {"text": "票数"}],
    ],
    "columns": [{"key": "serial"}, {"key": "unit"}, {"key": "n", "total": True}, {"key": "m", "total": True}],
}


def _spec(**changes):
    return json.dumps(GOOD | changes, ensure_ascii=False)


def test_a_good_layout_parses():
    layout = parse(KIND, _spec())
    assert layout.title == "测试统计表" and layout.has_totals
    assert [c.key for c in layout.columns] == ["serial", "unit", "n", "m"]
    assert [[(c.text, c.cols, c.rows) for c in row] for row in layout.header] == [
        [("序号", 1, 2), ("村", 1, 2), ("情况", 2, 1)],
        [("人数", 1, 1), ("票数", 1, 1)],
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"columns": [{"key": "serial"}, {"key": "unit"}, {"key": "x"}, {"key": "m"}]},
            "不是“测试表”提供的数据项",
        ),
        (
            {"columns": [{"key": "serial"}, {"key": "unit", "total": True}, {"key": "n"}, {"key": "m"}]},
            "不能合计",
        ),
        ({"header": [[{"text": "序号"}, {"text": "村"}, {"text": "情况"}]]}, "没有覆盖全部 4 列"),
        ({"header": [[{"text": "序号"}, {"text": "村"}, {"text": "情况", "cols": 3}]]}, "超出了 4 列"),
        ({"header": [[{"text": "序号", "rows": 3}, {"text": "村"}, {"text": "a"}, {"text": "b"}]]}, "跨行数"),
        ({"title": ""}, "标题"),
    ],
)
def test_bad_layouts_are_refused_in_chinese(changes, message):
    with pytest.raises(LayoutError) as e:
        parse(KIND, _spec(**changes))
    assert message in str(e.value)


def test_not_json_refused():
    with pytest.raises(LayoutError, match="不是有效的 JSON"):
        parse(KIND, b"\xff\xfe not json")


def test_written_sheet_merges_totals_and_note():
    rows = [
        {"unit": "东村", "n": 3, "m": 120},
        {"unit": "=SUM(A1)", "n": 4, "m": 7},
        {"unit": "西村", "n": 0},
    ]
    buf = io.BytesIO()
    assert write_layout(buf, parse(KIND, _spec()), rows, unit_name="青石镇", on=dt.date(2026, 3, 1)) == 3
    ws = openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:D1", "A3:A4", "B3:B4", "C3:D3"} <= merged
    assert ws["A1"].value == "测试统计表"
    assert ws["A2"].value == "填报单位（盖章）：青石镇"
    assert [ws.cell(5 + i, 1).value for i in range(3)] == [1, 2, 3]
    assert ws["B6"].value == "'=SUM(A1)"
    assert (ws["A8"].value, ws["C8"].value, ws["D8"].value) == ("合计", 7, 127)
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("非官方模板" in t for t in texts)
    assert not any("官方样式" in t or t.startswith("官方") for t in texts)


@pytest.fixture
def candidates(cast):
    campaign = Campaign.objects.create(
        city=cast.city,
        name="换届",
        profile_code="zhejiang",
        window_start=dt.date(2025, 12, 1),
        window_end=dt.date(2026, 6, 30),
        state="published",
    )
    out = []
    for unit, votes in ((cast.village, 40), (cast.village2, 25), (cast.village_b, 9)):
        out.append(
            Candidate.objects.create(
                campaign=campaign,
                unit=unit,
                person=PersonFactory(domicile_unit=unit),
                side="party",
                post="secretary",
                source="sitting",
                channel="two_recommendations",
                votes_members=votes,
                votes_public=votes * 10,
            )
        )
    return out


def _sheet(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_candidate_table_totals_equal_the_sum_at_each_level(cast, candidates, client):
    for role, members in (("town_operator", 65), ("county_operator", 74), ("city_operator", 74)):
        client.force_login(cast[role])
        ws = _sheet(client.get("/vetting/candidates.xlsx"))
        total_row = next(r for r in ws.iter_rows() if r[0].value == "合计")
        # columns: ... 15 党员推荐, 16 群众推荐 (1-based)
        assert (total_row[14].value, total_row[15].value) == (members, members * 10), role
    assert AuditEvent.objects.filter(action="export", object_repr="村（社区）“两委”人选情况表").count() == 3


def test_a_city_swaps_the_layout_without_code(cast, candidates, client):
    own = {
        "title": "东湖市人选花名册",
        "header": [[{"text": "序号"}, {"text": "村"}, {"text": "姓名"}, {"text": "党员推荐票"}]],
        "columns": [
            {"key": "serial"},
            {"key": "unit"},
            {"key": "name"},
            {"key": "votes_members", "total": True},
        ],
    }
    client.force_login(cast["city_operator"])
    file = SimpleUploadedFile("own.json", json.dumps(own, ensure_ascii=False).encode(), "application/json")
    r = client.post("/layouts/vetting_candidates/upload/", {"file": file}, follow=True)
    assert "已替换“东湖市人选花名册”的样式" in r.content.decode()
    ws = _sheet(client.get("/vetting/candidates.xlsx"))
    assert ws["A1"].value == "东湖市人选花名册"
    assert [c.value for c in ws[3]] == ["序号", "村", "姓名", "党员推荐票"]
    assert next(r for r in ws.iter_rows() if r[0].value == "合计")[3].value == 74
    assert "本市样式" in client.get("/layouts/").content.decode()
    assert (
        json.loads(client.get("/layouts/vetting_candidates/download/").content)["title"] == "东湖市人选花名册"
    )
    assert AuditEvent.objects.filter(model="core.ReportLayout", action="create").count() == 1
    # only this city's exports change: the layout in force elsewhere is still the default
    assert layouts.layout_for("vetting_candidates", "3298").source == "default"
    client.post("/layouts/vetting_candidates/reset/", {"reason": ""})
    assert ReportLayout.objects.count() == 1
    client.post("/layouts/vetting_candidates/reset/", {"reason": "改回参考样式"})
    assert not ReportLayout.objects.exists()
    assert _sheet(client.get("/vetting/candidates.xlsx"))["A1"].value == "村（社区）“两委”人选情况表"


def test_a_bad_upload_changes_nothing(cast, client):
    client.force_login(cast["city_operator"])
    file = SimpleUploadedFile("bad.json", b'{"title": "x", "columns": [{"key": "nope"}], "header": []}')
    r = client.post("/layouts/vetting_candidates/upload/", {"file": file}, follow=True)
    assert "样式未替换" in r.content.decode() and "nope" in r.content.decode()
    assert not ReportLayout.objects.exists()


@pytest.mark.parametrize("role", ["county_operator", "town_operator", "leader", "sysadmin"])
def test_only_the_city_operator_replaces_layouts(cast, client, role):
    client.force_login(cast[role])
    assert client.get("/layouts/").status_code == 403
    file = SimpleUploadedFile("own.json", json.dumps(GOOD).encode())
    assert client.post("/layouts/vetting_candidates/upload/", {"file": file}).status_code == 403
    assert not ReportLayout.objects.exists()


def test_candidate_rows_print_each_choice_by_its_label(cast, candidates):
    """人选情况表's rows are read as plain columns: each coded value printed as the model's
    ``get_FOO_display`` prints it, the status of a withdrawn or a 村委会 candidate, the town's name."""
    from huanjie.rules.dates import age_on
    from huanjie.vetting.export_selectors import candidate_rows

    campaign = candidates[0].campaign
    person = PersonFactory(domicile_unit=cast.village, sex="F", political_status="masses")
    committee = Candidate.objects.create(
        campaign=campaign, unit=cast.village, person=person, side="committee", post="chair",
        source="graduate", channel="voters", nomination_votes=88, qualification="qualified",
    )  # fmt: skip
    left = Candidate.objects.create(
        campaign=campaign, unit=cast.village2, person=PersonFactory(domicile_unit=cast.village2),
        side="committee", post="member", source="other", channel="voters", withdrawn_on=dt.date(2026, 2, 1),
    )  # fmt: skip
    on = dt.date(2026, 3, 1)
    rows = {(r["unit"], r["name"]): r for r in candidate_rows(cast["city_operator"], on=on)}
    assert len(rows) == 5
    for c in [*candidates, committee, left]:
        p = c.person
        assert rows[(c.unit.name, p.name)] == {
            "town": c.unit.parent.name,
            "unit": c.unit.name,
            "name": p.name,
            "sex": p.get_sex_display(),
            "ethnicity": p.ethnicity,
            "birth_month": f"{p.birth_date:%Y.%m}",
            "age": age_on(p.birth_date, on),
            "political_status": p.get_political_status_display(),
            "education": p.get_education_display(),
            "side": c.get_side_display(),
            "post": c.get_post_display(),
            "source": c.get_source_display(),
            "channel": c.get_channel_display(),
            "votes_members": c.votes_members,
            "votes_public": c.votes_public,
            "nomination_votes": c.nomination_votes,
            "status": "已退出"
            if c.withdrawn_on
            else c.get_qualification_display()
            if c.side != "party"
            else "",
        }
    assert rows[(cast.village.name, person.name)]["sex"] == "女"
    assert rows[(cast.village2.name, left.person.name)]["status"] == "已退出"
    assert rows[(cast.village.name, person.name)]["status"] == committee.get_qualification_display() != ""
