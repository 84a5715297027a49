"""软弱涣散 villages (held back from every 换届批次: batch empty) are visible as a badge and a filter."""

import io

import openpyxl
import pytest


@pytest.fixture
def town_client(client, cast):
    client.force_login(cast["town_operator"])
    return client


def test_weak_villages_show_a_badge_and_filter(town_client, cast):
    cast.village.batch = None
    cast.village.save()
    cast.village2.batch = 2
    cast.village2.save()
    response = town_client.get("/org/units/")
    html = response.content.decode()
    assert 'text-bg-danger" title="软弱涣散' in html
    weak = [u.code for u in town_client.get("/org/units/", {"category": "weak"}).context["units"]]
    assert weak == [cast.village.code]
    others = [u.code for u in town_client.get("/org/units/", {"category": "ordinary"}).context["units"]]
    assert cast.village2.code in others and cast.village.code not in others
    # A town has no batch of its own and is never 软弱涣散.
    everything = town_client.get("/org/units/", {"category": "weak", "level": "all"}).context["units"]
    assert [u.code for u in everything] == [cast.village.code]


def test_export_names_the_category_and_filter(town_client, cast):
    cast.village.batch = None
    cast.village.save()
    response = town_client.get("/org/units/export/", {"category": "weak"})
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert "类别=软弱涣散" in ws["A2"].value
    header = [c.value for c in ws[3]]
    col = header.index("类别") + 1
    assert {ws.cell(r, col).value for r in range(4, ws.max_row + 1)} == {"软弱涣散"}
    assert cast.village.code in {ws.cell(r, 2).value for r in range(4, ws.max_row + 1)}
