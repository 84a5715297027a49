"""Real import files for tests: .xlsx written with openpyxl, .csv in UTF-8 (with or without BOM) and
GBK, into pytest's tmp_path; and a valid roster row for the fixed cast."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl

from huanjie.rules.ids import make_citizen_id

ROSTER_HEADER = [
    "村（社区）区划代码",
    "村（社区）名称",
    "姓名",
    "身份证号",
    "性别",
    "出生日期",
    "民族",
    "政治面貌",
    "入党时间",
    "全日制学历",
    "在职学历",
    "联系电话",
    "班子",
    "党组织形式",
    "职务",
    "届次",
    "任职日期",
    "来源",
]
ORG_HEADER = [
    "区划代码",
    "名称",
    "层级",
    "上级区划代码",
    "户数",
    "人口",
    "党员数",
    "村民小组数",
    "试点",
    "批次",
]


def write_xlsx(
    path: Path, rows: Sequence[Sequence[Any]], *, merges: Iterable[str] = (), sheet: str = "数据"
) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for r in rows:
        ws.append(list(r))
    for rng in merges:
        ws.merge_cells(rng)
    book.save(path)
    return path


def csv_bytes(rows: Sequence[Sequence[Any]], *, encoding: str = "utf-8", bom: bool = False) -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows([["" if v is None else str(v) for v in r] for r in rows])
    data = buf.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def write_csv(
    path: Path, rows: Sequence[Sequence[Any]], *, encoding: str = "utf-8", bom: bool = False
) -> Path:
    path.write_bytes(csv_bytes(rows, encoding=encoding, bom=bom))
    return path


def citizen(
    seq: int, *, birth: dt.date = dt.date(1981, 4, 12), region: str = "329901", female: bool = False
) -> str:
    """A valid ID; odd sequence codes are men, even are women (GB 11643)."""
    return make_citizen_id(region, birth, seq * 2 + (0 if female else 1))


def roster_row(**over: Any) -> dict[str, Any]:
    """A clean roster row: a man born 1981-04-12, party member, on 东村's party committee."""
    row = {
        "村（社区）区划代码": "329901001201",
        "村（社区）名称": "东村",
        "姓名": "张建国",
        "身份证号": citizen(1),
        "性别": "男",
        "出生日期": "1981-04-12",
        "民族": "汉族",
        "政治面貌": "中共党员",
        "入党时间": "1998-07-01",
        "全日制学历": "中专或高中",
        "在职学历": "大专",
        "联系电话": "13800000000",
        "班子": "党组织",
        "党组织形式": "党支部",
        "职务": "书记",
        "届次": 11,
        "任职日期": "2021-03-01",
        "来源": "现任村干部",
    }
    row.update(over)
    return row


def table(header: Sequence[str], dicts: Iterable[dict[str, Any]]) -> list[list[Any]]:
    return [list(header)] + [[d.get(h, "") for h in header] for d in dicts]
