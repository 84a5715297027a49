"""Generate a deterministic sitting-member roster (.xlsx) of about 100,000 persons for the import
benchmark, in the columns of the roster import template (huanjie.people.importers.RosterImporter).

People and committees are drawn exactly like the demo city (huanjie.demo.builder): realistic names,
valid citizen IDs for the units' counties, 一肩挑 and 交叉任职 (one row per post, so a person may have
two rows), supervision committees without 村委会 members. Units belong to a fictional city 4197xx
("41" is a real province prefix; the rest is invented) laid out as up to 50 counties × 12 towns × up to
24 villages/communities, enough for the requested number of persons.

Writes two files: the roster (``--out``, default var/bench/roster-100k.xlsx) and the units it needs
(same name + ``.units.json``: code, level, name, parent, attributes) which bench_import.py creates
before importing. The same arguments always give the same rows (the file's timestamp is fixed too).

    .venv/bin/python bench/gen_roster.py [--persons 100000] [--seed 2026] [--out PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huanjie.settings")

import django  # noqa: E402

django.setup()

from huanjie.demo import builder as demo  # noqa: E402
from huanjie.org.choices import Level  # noqa: E402
from huanjie.org.models import OrgUnit  # noqa: E402
from huanjie.people import importers as imp  # noqa: E402
from huanjie.people.choices import (  # noqa: E402
    CommitteeKind,
    Education,
    PartyOrgForm,
    PoliticalStatus,
    Post,
    Sex,
    Source,
)

CITY = "419700000000"
COUNTIES = 50
TOWNS_PER_COUNTY = 12
UNITS_PER_TOWN = 24

COMMITTEE_LABEL = {
    CommitteeKind.PARTY_ORG: "党组织",
    CommitteeKind.VILLAGERS: "村民委员会",
    CommitteeKind.RESIDENTS: "居民委员会",
    CommitteeKind.SUPERVISION: "监督委员会",
}
POST_LABEL = {
    Post.SECRETARY: "书记",
    Post.DEPUTY_SECRETARY: "副书记",
    Post.PARTY_MEMBER: "委员",
    Post.CHAIR: "主任",
    Post.VICE_CHAIR: "副主任",
    Post.MEMBER: "委员",
    Post.SUPERVISION_CHAIR: "监委会主任",
    Post.SUPERVISION_MEMBER: "监委会委员",
}


def _label(enum, value: str) -> str:
    return enum(value).label if value else ""


def generate(persons: int, seed: int) -> tuple[list[str], list[list[str]], list[dict], int]:
    """(header, rows, units, distinct persons)."""
    header = [c.name for c in imp.RosterImporter.columns]
    b = demo._Builder(demo.Scale(counties=COUNTIES, towns=COUNTIES * TOWNS_PER_COUNTY, units=0), seed)
    rng = b.rng
    b.county_regions = [f"4197{c:02d}" for c in range(1, COUNTIES + 1)]
    units: list[dict] = [{"code": CITY, "level": "city", "name": "豫澜市", "parent": None}]
    rows: list[list[str]] = []
    seen: set[int] = set()
    for c in range(1, COUNTIES + 1):
        county_code = f"4197{c:02d}"
        units.append({"code": county_code + "000000", "level": "county", "name": f"第{c}县", "parent": CITY})
        for t in range(1, TOWNS_PER_COUNTY + 1):
            street = t <= 2
            town_path = f"{county_code}{t:03d}" if street else f"{county_code}{100 + t:03d}"
            town_name = b.place() + ("街道" if street else "镇")
            units.append(
                {
                    "code": town_path + "000",
                    "level": "town",
                    "name": town_name,
                    "parent": county_code + "000000",
                }
            )
            for k in range(1, UNITS_PER_TOWN + 1):
                community = street and k <= 18
                code = f"{town_path}{k:03d}" if community else f"{town_path}{200 + k:03d}"
                level = Level.COMMUNITY if community else Level.VILLAGE
                name = (
                    (rng.choice(demo._COMMUNITY_NAMES) + "社区") if community else (b.village_name() + "村")
                )
                unit = b.leaf(code, level, name, OrgUnit(code=town_path + "000", path=town_path))
                units.append(
                    {
                        "code": code,
                        "level": str(level),
                        "name": name,
                        "parent": town_path + "000",
                        "households": unit.households,
                        "population": unit.population,
                        "party_members": unit.party_members,
                        "villager_groups": unit.villager_groups,
                    }
                )
                start = len(b.tenures)
                term = demo.COMMUNITY_TERM if community else demo.VILLAGE_TERM
                demo._unit_members(b, unit, weak=False, dual=rng.random() < 0.95, term=term)
                forms = {key: cm.party_org_form for key, cm in b.committees.items() if key[0] == code}
                for i, key, post, start_date, _end, _reason, source, term_no in b.tenures[start:]:
                    p = b.people[i]
                    seen.add(i)
                    rows.append(
                        [
                            code,
                            name,
                            p.name,
                            p.number,
                            Sex(p.sex).label,
                            p.birth.isoformat(),
                            p.ethnicity,
                            _label(PoliticalStatus, p.political_status),
                            p.party_join_date.isoformat() if p.party_join_date else "",
                            _label(Education, p.education),
                            _label(Education, p.education_in_service),
                            p.phone,
                            COMMITTEE_LABEL[CommitteeKind(key[1])],
                            _label(PartyOrgForm, forms[key]) if key[1] == CommitteeKind.PARTY_ORG else "",
                            POST_LABEL[Post(post)],
                            str(term_no),
                            start_date.isoformat(),
                            _label(Source, source),
                        ]
                    )
                b.committees.clear()
                b.tenures.clear()
                if len(seen) >= persons:
                    return header, rows, units, len(seen)
    raise SystemExit(f"the layout holds fewer than {persons} persons; raise COUNTIES")


def write_xlsx(path: Path, header: list[str], rows: list[list[str]]) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    book.set_properties({"created": dt.datetime(2026, 11, 28, 12, 0, 0), "author": "huanjie bench"})
    sheet = book.add_worksheet(imp.RosterImporter.sheet_name)
    for j, name in enumerate(header):
        sheet.write_string(0, j, name)
    for r, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            if value:
                sheet.write_string(r, j, value)
    book.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "roster-100k.xlsx")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    header, rows, units, n_persons = generate(args.persons, args.seed)
    drawn = time.monotonic()
    write_xlsx(args.out, header, rows)
    units_path = args.out.with_name(args.out.name + ".units.json")
    units_path.write_text(json.dumps(units, ensure_ascii=False))
    leaves = sum(u["level"] in ("village", "community") for u in units)
    print(
        f"{args.out}: {len(rows)} rows, {n_persons} persons, {leaves} villages/communities "
        f"({args.out.stat().st_size / 1e6:.1f} MB; drawn in {drawn - started:.1f} s, "
        f"written in {time.monotonic() - drawn:.1f} s)"
    )
    print(f"{units_path}: {len(units)} org units")


if __name__ == "__main__":
    main()
