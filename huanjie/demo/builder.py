"""Demo data: a fictional city (青澜市, code 3297xx — "32" is a real province prefix, the city,
county, town and village digits are invented) with its counties, towns, villages and communities,
the people sitting on their committees of the 2021 term as they stand on 2026-11-28, their near
relatives, and one demo account per role.

The numbers follow the seed speech's picture of the sitting term (DOMAIN.md 三升一降): secretaries'
average age about 50, women about 28% of sitting members, 大专及以上 below 50%, 一肩挑 about 95%,
a handful of weak (软弱涣散) villages.

Conventions a later issue can rely on:

* **Weak villages** (软弱涣散) are exactly the villages whose ``batch`` is NULL: they are held back
  from every batch until rectified (动态清零). Their secretary is not also the chair, is older and
  less educated. ``BuildResult.weak_codes`` lists them; ``weak_units()`` finds them again.
* **Pilots**: two or three per county, ``is_pilot=True`` and ``batch=1``; the others are spread over
  batches 1, 2 and 3.
* **Relatives on committees**: a few pairs of near relatives sit together on the party organization
  and the villagers'/residents' committee of the same unit (to exercise 回避 rules later); never on the
  supervision committee, which by law has no 村委会 member or near relative of one
  (村民委员会组织法 第三十二条). ``BuildResult.sitting_relative_pairs`` counts them.
* A few members left during the term (resigned, transferred, died) and were replaced: their ended
  tenures carry an end date and reason; the replacement's tenure starts later in the same term.

The demo is the starting state, not a change: it is written with ``bulk_create`` in one transaction
and recorded as ONE audit event (``demo_build``), like the fixed test cast. Everything is drawn
from ``random.Random(seed)``: the same seed gives the same city (ciphertexts differ: fresh nonces).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from huanjie.accounts.models import RoleAssignment, User
from huanjie.core import audit, crypto
from huanjie.core.audit import AuditAction
from huanjie.demo.results import DONE_DAYS as PILOT_DONE_DAYS
from huanjie.demo.results import complete_pilot_elections, voted_pilots
from huanjie.org.choices import Level
from huanjie.org.models import OrgUnit
from huanjie.people.choices import (
    CommitteeKind,
    Education,
    EndReason,
    PartyOrgForm,
    PoliticalStatus,
    Post,
    RelationKind,
    Source,
)
from huanjie.people.models import Committee, Person, Relation, Tenure
from huanjie.rules.ids import make_citizen_id, mask_citizen_id

# The date the sitting committees are described on ("five years on").
AS_OF = dt.date(2026, 11, 28)
CITY_CODE = "329700000000"
CITY_NAME = "青澜市"
# 届次 of the term elected in 2021 (villages are older than most urban communities).
VILLAGE_TERM = 11
COMMUNITY_TERM = 7

DEMO_PASSWORD = "Huanjie@2026"  # noqa: S105 - documented demo password (README, docs/guide-zh.md)
LOGIN_URL = "http://127.0.0.1:8000/"

# Demo accounts: (username, role, where, department, label). ``where`` names a unit picked below.
DEMO_ACCOUNTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("city_op", "city_operator", "city", "", "市级操作员"),
    ("county_op", "county_operator", "county", "", "县级操作员"),
    ("town_op", "town_operator", "town", "", "乡镇操作员"),
    ("village_op", "village_operator", "village", "", "村（社区）操作员"),
    ("approver", "county_approver", "county", "", "县级审核人"),
    ("vetting", "vetting", "county", "police", "联审部门用户（公安局）"),
    ("supervisor", "supervisor", "county2", "", "巡回督导组成员"),
    ("civil", "civil_affairs", "county", "", "民政部门用户"),
    ("leader", "leader", "city", "", "领导（只读）"),
    ("sysadmin", "sysadmin", "", "", "系统管理员"),
    ("secadmin", "secadmin", "", "", "安全管理员"),
    ("auditadmin", "auditadmin", "", "", "审计管理员"),
)


@dataclass(frozen=True)
class Scale:
    counties: int
    towns: int
    units: int


SCALES = {
    "default": Scale(counties=2, towns=8, units=64),
    "city": Scale(counties=10, towns=160, units=2600),
    # Issue 10 req. 13: a province's worth of villages and communities (about 20,000 units, about
    # 170,000 sitting members) under one demo city, to measure the planning pages at that size.
    "province": Scale(counties=12, towns=1200, units=20000),
}
SCALE_LABELS = {"default": "默认规模", "city": "地级市规模", "province": "省级规模"}


def _words(text: str) -> list[str]:
    return text.split()


# --- names ---------------------------------------------------------------------------------------
# Surnames with their approximate share (per ten thousand) of the population; villages add clans.
SURNAMES = [
    ("王", 710), ("李", 700), ("张", 670), ("刘", 540), ("陈", 450), ("杨", 310), ("黄", 220),
    ("赵", 200), ("吴", 200), ("周", 190), ("徐", 170), ("孙", 150), ("马", 150), ("朱", 130),
    ("胡", 130), ("郭", 120), ("何", 120), ("高", 110), ("林", 110), ("罗", 100), ("郑", 100),
    ("梁", 90), ("谢", 80), ("宋", 80), ("唐", 80), ("许", 70), ("韩", 70), ("冯", 70), ("邓", 70),
    ("曹", 70), ("彭", 70), ("曾", 60), ("肖", 60), ("田", 60), ("董", 60), ("袁", 50), ("潘", 50),
    ("于", 50), ("蒋", 50), ("蔡", 50), ("余", 50), ("杜", 50), ("叶", 50), ("程", 50), ("苏", 40),
    ("魏", 40), ("吕", 40), ("丁", 40), ("任", 40), ("沈", 40), ("姚", 40), ("卢", 40), ("姜", 40),
    ("崔", 40), ("钟", 40), ("谭", 30), ("陆", 30), ("汪", 30), ("范", 30), ("金", 30), ("石", 30),
    ("廖", 30), ("贾", 30), ("夏", 30), ("付", 30), ("方", 30), ("白", 30), ("邹", 30), ("孟", 30),
    ("熊", 30), ("秦", 30), ("邱", 30), ("江", 30), ("尹", 30), ("薛", 20), ("闫", 20), ("段", 20),
    ("雷", 20), ("侯", 20), ("龙", 20), ("史", 20), ("陶", 20), ("黎", 20), ("贺", 20), ("顾", 20),
    ("毛", 20), ("郝", 20), ("龚", 20), ("邵", 20), ("万", 20), ("钱", 20), ("严", 20), ("武", 20),
    ("戴", 20), ("孔", 15), ("汤", 15), ("欧阳", 5), ("司马", 2), ("诸葛", 1),
]  # fmt: skip
_SURNAME_LIST = [s for s, _ in SURNAMES]
_SURNAME_WEIGHTS = [w for _, w in SURNAMES]

MALE_GIVEN = _words(
    "建国 建军 建华 建平 建新 国强 国华 国庆 国平 国栋 志强 志刚 志明 志勇 志华 明亮 明辉 伟东 伟民 "
    "卫东 卫国 卫华 军辉 海涛 海峰 海军 海波 东升 永刚 永强 永生 春生 春雷 德胜 德明 立新 立军 新民 "
    "新华 平安 林峰 振华 振国 宏伟 宏亮 庆丰 光明 光辉 福生 福林 兴旺 学军 学文 俊杰 俊峰 文斌 文华 "
    "文军 文涛 鹏飞 晓东 晓峰 晓明 小龙 红军 红兵 金山 金龙 富强 长青 长江 家明 正阳 天明 天宇 良才 "
    "保国 胜利 利民 勇军 浩然 宇航 晨阳 子豪 宏杰 一鸣 少华 少军 广平 广明 连生 玉林 玉明 树林 树明 "
    "庆华 庆林 宝山 宝林 铁军 继红 继承 守仁 守信 洪波 洪涛 明杰 杰伟 建波 世杰 世明 耀华 泽民"
)
FEMALE_GIVEN = _words(
    "秀英 秀兰 秀珍 秀梅 秀云 桂英 桂兰 桂芳 桂珍 玉兰 玉梅 玉珍 玉霞 凤英 凤霞 凤兰 丽娟 丽华 丽萍 "
    "丽君 美玲 美华 红梅 红霞 红艳 晓燕 晓红 晓丽 晓梅 晓静 海燕 春梅 春燕 春花 冬梅 雪梅 雪莲 慧敏 "
    "慧娟 淑芬 淑珍 淑华 淑兰 素芬 素珍 素梅 翠兰 翠萍 金凤 金花 彩霞 彩云 小红 小燕 小芳 艳丽 艳红 "
    "艳芳 静怡 婷婷 佳怡 欣怡 雅琴 雅丽 文静 文娟 亚男 亚萍 月娥 月琴 爱华 爱玲 爱英 巧云 巧玲 荣华 "
    "瑞芳 琳琳 丹丹 娜娜 春兰 秋菊 秋月 雪芳 玉洁 海霞 建英 国英 卫红 志红 利萍 美英 桂香 兰英 若兰"
)
_MALE_SECOND = sorted({n[1] for n in MALE_GIVEN})
_FEMALE_SECOND = sorted({n[1] for n in FEMALE_GIVEN})

# --- place names (invented) ----------------------------------------------------------------------
COUNTY_NAMES = [
    ("柏湖区", True), ("杉渚区", True), ("澜溪县", False), ("望川县", False), ("鹤原县", False),
    ("松岚县", False), ("梧泽县", False), ("桐汀县", False), ("沅岙县", False), ("枧川县", False),
    ("苇陂县", False), ("蓼原县", False),
]  # fmt: skip
_PLACE_FIRST = list(
    "东西南北上下前后大小新老高黄红金龙凤马鹿鹤双三五平安和兴富太长永青白石云柳桃杏松竹梅兰荷枫槐杨桑榆沙泉"
)
_PLACE_SECOND = list("河湖山岭桥庄店集寨洼沟岗湾塘坪营屯口园林坡台铺圩墩埠泉溪岙滩堡")
_COMMUNITY_NAMES = _words(
    "和平 幸福 建设 人民 友谊 光明 胜利 新华 文化 朝阳 阳光 锦绣 春晖 翠苑 金桥 滨河 花园 育才 康乐 东风 "
    "兴隆 长安 永宁 清泉 绿洲 丽景 嘉禾 福瑞 祥和 安居 馨园 星湖 书香 桂苑 枫林 海棠 紫荆 玉兰 碧水 御景"
)

ETHNIC_MINORITIES = ["回族", "满族", "蒙古族", "土家族", "苗族", "壮族"]
OCCUPATIONS_MEMBER = ["专职村（社区）干部", "务农", "个体工商户", "企业经营者", "合作社负责人", "村医"]
OCCUPATIONS_RELATIVE = ["务农", "务工", "个体工商户", "退休", "教师", "企业职工", "学生", "自由职业"]


@dataclass
class BuildResult:
    """What was built: counts, and the codes later issues may want (weak villages, pilots)."""

    city: OrgUnit
    counties: int = 0
    towns: int = 0
    villages: int = 0
    communities: int = 0
    persons: int = 0
    sitting_members: int = 0
    tenures: int = 0
    relations: int = 0
    sitting_relative_pairs: int = 0
    weak_codes: list[str] = field(default_factory=list)
    pilot_codes: list[str] = field(default_factory=list)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)
    campaign: str = ""
    candidates: int = 0
    elections: int = 0
    certified: int = 0
    handovers: int = 0

    def summary(self) -> dict[str, Any]:
        return {
            "counties": self.counties,
            "towns": self.towns,
            "villages": self.villages,
            "communities": self.communities,
            "persons": self.persons,
            "sitting_members": self.sitting_members,
            "tenures": self.tenures,
            "relations": self.relations,
            "sitting_relative_pairs": self.sitting_relative_pairs,
            "weak_villages": self.weak_codes,
            "pilots": self.pilot_codes,
            "campaign": self.campaign,
            "candidates": self.candidates,
            "elections": self.elections,
        }


def weak_units() -> Any:
    """The demo's weak villages (软弱涣散): leaf units held back from every batch."""
    return OrgUnit.objects.filter(level=Level.VILLAGE, batch__isnull=True, is_active=True)


def accounts_table() -> list[tuple[str, str, str, str]]:
    """(username, role label, unit name, status) for each demo account, for printing."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS]).prefetch_related(
            "role_assignments__org_unit"
        )
    }
    rows = []
    for username, _role, _where, _dept, label in DEMO_ACCOUNTS:
        u = users.get(username)
        if u is None:
            rows.append((username, label, "", "未创建"))
            continue
        units = [a.org_unit.name for a in u.role_assignments.all() if a.org_unit is not None]
        rows.append((username, label, "、".join(units) or "全局", ""))
    return rows


# --- the person drawer ---------------------------------------------------------------------------
@dataclass
class _P:
    """A person being drawn, before it becomes a Person row."""

    name: str
    surname: str
    sex: str
    birth: dt.date
    unit: OrgUnit
    region: str
    political_status: str = PoliticalStatus.MASSES
    party_join_date: dt.date | None = None
    education: str = ""
    education_in_service: str = ""
    ethnicity: str = "汉族"
    phone: str = ""
    occupation: str = ""
    is_veteran: bool = False
    is_returning_graduate: bool = False
    number: str = ""
    row: Person | None = None


class _Builder:
    def __init__(self, scale: Scale, seed: int) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.used_ids: set[str] = set()
        self.people: list[_P] = []
        # (holder index, committee key, post, start, end, end_reason, source, term)
        self.tenures: list[tuple[int, tuple[str, str], str, dt.date, dt.date | None, str, str, int]] = []
        self.relations: list[tuple[int, int, str]] = []
        self.sitting_relative_pairs = 0
        self.committees: dict[tuple[str, str], Committee] = {}

    # ---- small draws ----
    def age_birth(self, age: float) -> dt.date:
        """A birth date that makes a person ``age`` (whole years) on AS_OF."""
        years = int(age)
        latest = AS_OF.replace(year=AS_OF.year - years)
        return latest - dt.timedelta(days=self.rng.randrange(1, 365))

    def clipped_age(self, mean: float, sd: float, lo: int, hi: int) -> int:
        while True:
            a = round(self.rng.gauss(mean, sd))
            if lo <= a <= hi:
                return a

    def surname(self, clans: list[str]) -> str:
        if clans and self.rng.random() < 0.45:
            return self.rng.choice(clans)
        return self.rng.choices(_SURNAME_LIST, weights=_SURNAME_WEIGHTS)[0]

    def given(self, sex: str, generation: str = "") -> str:
        if generation:
            pool = _MALE_SECOND if sex == "M" else _FEMALE_SECOND
            choices = [c for c in pool if c != generation]
            return generation + self.rng.choice(choices)
        return self.rng.choice(MALE_GIVEN if sex == "M" else FEMALE_GIVEN)

    def phone(self) -> str:
        return "1" + self.rng.choice("35789") + "".join(self.rng.choice("0123456789") for _ in range(9))

    def education_for(self, age: int, bonus: float = 0.0) -> tuple[str, str]:
        """Full-time and in-service education; younger people are better educated."""
        college = 0.78 if age < 35 else 0.5 if age < 45 else 0.26 if age < 55 else 0.1
        college = min(0.95, college + bonus)
        r = self.rng.random()
        if r < college:
            full = self.rng.choices(
                [Education.JUNIOR_COLLEGE, Education.BACHELOR, Education.POSTGRADUATE], [60, 37, 3]
            )[0]
        elif r < college + (1 - college) * (0.62 if age < 55 else 0.4):
            full = Education.SECONDARY
        else:
            full = Education.JUNIOR_OR_BELOW
        in_service = ""
        if full in (Education.SECONDARY, Education.JUNIOR_OR_BELOW) and self.rng.random() < 0.08 + bonus / 2:
            in_service = Education.JUNIOR_COLLEGE
        return full, in_service

    def citizen_number(self, region: str, birth: dt.date, sex: str) -> str:
        for _ in range(2000):
            seq = self.rng.randrange(0, 500) * 2 + (1 if sex == "M" else 0)
            number = make_citizen_id(region, birth, seq)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number
        raise RuntimeError("no free sequence code")  # pragma: no cover - 500 per day and sex

    def new_person(
        self,
        unit: OrgUnit,
        *,
        sex: str,
        age: int,
        clans: list[str],
        surname: str = "",
        generation: str = "",
        party: float = 0.0,
        edu_bonus: float = 0.0,
        member: bool = True,
        region: str = "",
    ) -> int:
        surname = surname or self.surname(clans)
        birth = self.age_birth(age)
        p = _P(
            name=surname + self.given(sex, generation),
            surname=surname,
            sex=sex,
            birth=birth,
            unit=unit,
            region=region or unit.code[:6],
            phone=self.phone() if member or self.rng.random() < 0.5 else "",
        )
        p.education, p.education_in_service = self.education_for(age, edu_bonus)
        if self.rng.random() < 0.035:
            p.ethnicity = self.rng.choice(ETHNIC_MINORITIES)
        if (party >= 1.0 or age >= 28) and self.rng.random() < party:
            p.political_status = PoliticalStatus.CPC
            join_age = self.rng.randint(20, max(20, min(42, age - 8)))
            p.party_join_date = min(
                birth.replace(year=birth.year + join_age, day=1)
                + dt.timedelta(days=self.rng.randrange(0, 300)),
                dt.date(2020, 6, 30),
            )
        elif age < 28 and self.rng.random() < 0.5:
            p.political_status = PoliticalStatus.CYL
        p.occupation = (
            self.rng.choices(OCCUPATIONS_MEMBER, [60, 14, 10, 8, 5, 3])[0]
            if member
            else self.rng.choice(OCCUPATIONS_RELATIVE if age >= 22 else ["学生"])
        )
        p.number = self.citizen_number(p.region, birth, sex)
        self.people.append(p)
        return len(self.people) - 1

    def age_of(self, i: int) -> int:
        b = self.people[i].birth
        return AS_OF.year - b.year - ((AS_OF.month, AS_OF.day) < (b.month, b.day))

    def relative_of(self, i: int, kind: str, *, member: bool, clans: list[str], party: float = 0.2) -> int:
        """Draw a near relative of person ``i`` and record the relation. ``kind`` is what the new
        person is to ``i``: spouse, sibling, child or parent."""
        p = self.people[i]
        age = self.age_of(i)
        if kind == RelationKind.SPOUSE:
            sex = "F" if p.sex == "M" else "M"
            j_age = max(
                22, min(85, age + (self.rng.randint(-5, 1) if sex == "F" else self.rng.randint(-1, 5)))
            )
            # Wives mostly married in from elsewhere: another surname, sometimes another county.
            surname = self.surname(clans if sex == "M" else [])
            while surname == p.surname:
                surname = self.surname([])
            j = self.new_person(
                p.unit,
                sex=sex,
                age=j_age,
                clans=[],
                surname=surname,
                party=party,
                member=member,
                region=self.rng.choice(self.county_regions) if self.rng.random() < 0.2 else "",
            )
            self.relations.append((i, j, RelationKind.SPOUSE))
        elif kind == RelationKind.SIBLING:
            sex = self.rng.choice("MF")
            j_age = max(20, min(80, age + self.rng.randint(-7, 7)))
            gen = p.name[len(p.surname)] if p.sex == sex == "M" and self.rng.random() < 0.7 else ""
            j = self.new_person(
                p.unit,
                sex=sex,
                age=j_age,
                clans=[],
                surname=p.surname,
                generation=gen,
                party=party,
                member=member,
            )
            self.relations.append((i, j, RelationKind.SIBLING))
        elif kind == RelationKind.CHILD:
            sex = self.rng.choice("MF")
            j_age = max(18, age - self.rng.randint(22, 30))
            surname = p.surname if p.sex == "M" or self.rng.random() < 0.3 else self.surname(clans)
            j = self.new_person(
                p.unit, sex=sex, age=j_age, clans=[], surname=surname, party=party, member=member
            )
            # stored as: i is parent of j
            self.relations.append((i, j, RelationKind.PARENT))
        else:  # parent
            sex = self.rng.choice("MF")
            j_age = min(92, age + self.rng.randint(22, 30))
            surname = p.surname if sex == "M" else self.surname([])
            j = self.new_person(
                p.unit, sex=sex, age=j_age, clans=[], surname=surname, party=party, member=member
            )
            self.relations.append((j, i, RelationKind.PARENT))
        return j

    # ---- the org tree ----
    def unique_name(self, used: set[str], make: Any) -> str:
        for _ in range(500):
            name = make()
            if name not in used:
                used.add(name)
                return name
        raise RuntimeError("ran out of names")  # pragma: no cover

    def place(self) -> str:
        return self.rng.choice(_PLACE_FIRST) + self.rng.choice(_PLACE_SECOND)

    def build_tree(self) -> tuple[OrgUnit, list[OrgUnit], list[OrgUnit], list[OrgUnit]]:
        s, rng = self.scale, self.rng
        city = OrgUnit.objects.create(
            code=CITY_CODE, path=CITY_CODE[:4], level=Level.CITY, name=CITY_NAME, population=0
        )
        # Districts (区) get codes 01.., counties (县) 21.. as in GB/T 2260.
        chosen = COUNTY_NAMES[: s.counties] if s.counties > 2 else [COUNTY_NAMES[2], COUNTY_NAMES[0]]
        counties, nd, nc = [], 0, 0
        for name, is_district in chosen:
            if is_district:
                nd += 1
                code = f"3297{nd:02d}"
            else:
                nc += 1
                code = f"3297{20 + nc:02d}"
            counties.append(
                OrgUnit(code=code + "000000", path=code, level=Level.COUNTY, name=name, parent=city)
            )
        counties.sort(key=lambda u: u.code)
        counties = OrgUnit.objects.bulk_create(counties)
        self.county_regions = [c.path for c in counties]

        # Towns: districts are mostly 街道, counties mostly 镇 with one 街道 at the seat and some 乡.
        per_county = _spread(s.towns, s.counties, rng, jitter=0.0)
        towns: list[OrgUnit] = []
        for county, n in zip(counties, per_county, strict=True):
            is_district = county.name.endswith("区")
            streets = max(1, round(n * (0.6 if is_district else 0.12)))
            xiang = 0 if is_district else round(n * 0.15)
            used: set[str] = set()
            for k in range(n):
                if k < streets:
                    code, suffix = f"{county.path}{k + 1:03d}", "街道"
                elif k < n - xiang:
                    code, suffix = f"{county.path}{100 + k - streets + 1:03d}", "镇"
                else:
                    code, suffix = f"{county.path}{200 + k - (n - xiang) + 1:03d}", "乡"
                name = self.unique_name(used, self.place) + suffix
                towns.append(
                    OrgUnit(code=code + "000", path=code, level=Level.TOWN, name=name, parent=county)
                )
        towns = OrgUnit.objects.bulk_create(towns)

        # Villages and communities: 街道 are mostly communities, 镇/乡 mostly villages.
        per_town = _spread(s.units, len(towns), rng, jitter=0.35 if s.units > 64 else 0.0)
        leaves: list[OrgUnit] = []
        for town, n in zip(towns, per_town, strict=True):
            street = town.name.endswith("街道")
            n_comm = round(n * 0.75) if street else (1 if town.code[6] == "1" and rng.random() < 0.5 else 0)
            if s.units <= 64:
                n_comm = 6 if street else (1 if town.code[6:9] == "101" else 0)
            used = set()
            for k in range(n):
                if k < n_comm:
                    code = f"{town.path}{k + 1:03d}"
                    name = self.unique_name(used, lambda: rng.choice(_COMMUNITY_NAMES)) + "社区"
                    level = Level.COMMUNITY
                else:
                    code = f"{town.path}{200 + k - n_comm + 1:03d}"
                    name = self.unique_name(used, self.village_name) + "村"
                    level = Level.VILLAGE
                leaves.append(self.leaf(code, level, name, town))
        return city, counties, towns, leaves

    def village_name(self) -> str:
        r = self.rng.random()
        if r < 0.12:
            return self.rng.choice(_SURNAME_LIST[:40]) + self.rng.choice(
                ["家庄", "庄", "家湾", "家坝", "家营", "寨"]
            )
        return self.place()

    def leaf(self, code: str, level: str, name: str, town: OrgUnit) -> OrgUnit:
        rng = self.rng
        if level == Level.VILLAGE:
            population = int(rng.lognormvariate(7.6, 0.4))  # median ~2,000
            households = int(population / rng.uniform(3.0, 3.6))
            groups = max(3, min(20, population // rng.randint(180, 300)))
            party = max(18, int(population * rng.uniform(0.012, 0.032)))
        else:
            population = int(rng.lognormvariate(8.8, 0.45))  # median ~6,600
            households = int(population / rng.uniform(2.6, 3.0))
            groups = max(4, min(40, population // rng.randint(350, 600)))
            party = max(30, int(population * rng.uniform(0.006, 0.02)))
        return OrgUnit(
            code=code,
            path=code,
            level=level,
            name=name,
            parent=town,
            population=population,
            households=households,
            party_members=party,
            villager_groups=groups,
        )


def _spread(total: int, parts: int, rng: random.Random, *, jitter: float) -> list[int]:
    """Split ``total`` into ``parts`` positive integers around the mean (±jitter), summing exactly."""
    mean = total / parts
    raw = [max(1.0, mean * (1 + rng.uniform(-jitter, jitter))) for _ in range(parts)]
    scale = total / sum(raw)
    out = [max(1, int(r * scale)) for r in raw]
    k = 0
    while sum(out) != total:
        i = k % parts
        if sum(out) < total:
            out[i] += 1
        elif out[i] > 1:
            out[i] -= 1
        k += 1
    return out


def _party_form(party_members: int) -> str:
    """党委 with 100+ members, 党总支 with 50+, else 党支部 (中国共产党支部工作条例（试行） 第五条)."""
    if party_members >= 100:
        return PartyOrgForm.COMMITTEE
    if party_members >= 50:
        return PartyOrgForm.GENERAL_BRANCH
    return PartyOrgForm.BRANCH


PARTY_SIZES = {
    PartyOrgForm.BRANCH: ((3, 5), (55, 45)),
    PartyOrgForm.GENERAL_BRANCH: ((5, 7), (75, 25)),
    PartyOrgForm.COMMITTEE: ((5, 7, 9), (30, 55, 15)),
}


def _unit_members(b: _Builder, unit: OrgUnit, *, weak: bool, dual: bool, term: int) -> None:
    """Fill one unit's three committees (party → villagers'/residents' → supervision)."""
    rng = b.rng
    clans = [b.rng.choices(_SURNAME_LIST[:30], _SURNAME_WEIGHTS[:30])[0] for _ in range(rng.choice((1, 2)))]
    form = _party_form(unit.party_members or 0)
    sizes, weights = PARTY_SIZES[PartyOrgForm(form)]
    n_party = rng.choices(sizes, weights)[0]
    community = unit.level == Level.COMMUNITY
    n_comm = rng.choices((5, 7, 9), (65, 30, 5))[0] if community else rng.choices((3, 5, 7), (66, 30, 4))[0]
    n_sup = rng.choices((3, 5), (90, 10))[0]
    if weak:
        n_party, n_comm = 3, 3
    party_day = dt.date(2021, 3, 1) + dt.timedelta(days=rng.randrange(0, 12))
    comm_day = party_day + dt.timedelta(days=rng.randrange(7, 25))
    committee_kind = CommitteeKind.RESIDENTS if community else CommitteeKind.VILLAGERS
    keys = {
        "party": (unit.code, CommitteeKind.PARTY_ORG),
        "comm": (unit.code, committee_kind),
        "sup": (unit.code, CommitteeKind.SUPERVISION),
    }
    b.committees[keys["party"]] = Committee(org_unit=unit, kind=CommitteeKind.PARTY_ORG, party_org_form=form)
    b.committees[keys["comm"]] = Committee(org_unit=unit, kind=committee_kind)
    b.committees[keys["sup"]] = Committee(org_unit=unit, kind=CommitteeKind.SUPERVISION)

    def source_for(i: int) -> str:
        p = b.people[i]
        if p.is_veteran:
            return Source.VETERAN
        if p.is_returning_graduate:
            return Source.GRADUATE
        return rng.choices(
            [
                Source.INCUMBENT,
                Source.RESERVE,
                Source.HOUSEHOLD_HEAD,
                Source.RECRUITED,
                Source.SENT_DOWN,
                Source.OTHER,
            ],
            [62, 14, 12, 7, 2, 3],
        )[0]

    seated: set[int] = set()

    def seat(i: int, key: str, post: str, day: dt.date) -> None:
        seated.add(i)
        b.tenures.append((i, keys[key], post, day, None, "", source_for(i), term))

    def draw_member(*, sex: str, age: int, party: float, edu_bonus: float = 0.0) -> int:
        i = b.new_person(unit, sex=sex, age=age, clans=clans, party=party, edu_bonus=edu_bonus)
        p = b.people[i]
        if p.sex == "M" and rng.random() < 0.09 and age >= 30:
            p.is_veteran = True
        elif age <= 40 and p.education in COLLEGE and rng.random() < 0.3:
            p.is_returning_graduate = True
        return i

    # Party organization: the secretary, perhaps a deputy, members. All are Party members.
    sec_age = b.clipped_age(61, 2.5, 58, 66) if weak else b.clipped_age(51, 6.5, 33, 63)
    sec_sex = "F" if rng.random() < (0.12 if not weak else 0.0) else "M"
    secretary = draw_member(sex=sec_sex, age=sec_age, party=1.0, edu_bonus=-0.1 if weak else 0.12)
    party_members = [secretary]
    seat(secretary, "party", Post.SECRETARY, party_day)
    # A few units seat a near relative of a committee member on the party organization (drawn below).
    pair = not weak and rng.random() < 0.08
    for k in range(n_party - 1 - pair):
        sex = "F" if rng.random() < 0.24 else "M"
        i = draw_member(sex=sex, age=b.clipped_age(46, 8.5, 26, 62), party=1.0)
        post = Post.DEPUTY_SECRETARY if k == 0 and n_party >= 5 else Post.PARTY_MEMBER
        seat(i, "party", post, party_day)
        party_members.append(i)

    # Villagers'/residents' committee: the chair is the secretary (一肩挑) unless not dual; some
    # party committee members also sit here (交叉任职); at least one woman (村委会组织法 第六条).
    comm: list[int] = []
    chair = secretary if dual else draw_member(sex="M", age=b.clipped_age(52, 7, 35, 64), party=0.6)
    seat(chair, "comm", Post.CHAIR, comm_day)
    comm.append(chair)
    crossers = [i for i in party_members[1:] if rng.random() < 0.8]
    for i in crossers[: n_comm - 1]:
        comm.append(i)
    while len(comm) < n_comm:
        sex = "F" if rng.random() < 0.3 else "M"
        comm.append(draw_member(sex=sex, age=b.clipped_age(44, 9, 24, 62), party=0.4))
    if not any(b.people[i].sex == "F" for i in comm):
        # Replace the last non-crossing member with a woman, or add one.
        extra = draw_member(sex="F", age=b.clipped_age(42, 8, 25, 60), party=0.5)
        replaceable = [k for k in range(1, len(comm)) if comm[k] not in party_members]
        if replaceable:
            comm[replaceable[-1]] = extra
        else:
            comm[-1] = extra
    for k, i in enumerate(comm[1:]):
        post = Post.VICE_CHAIR if k == 0 and n_comm >= 5 else Post.MEMBER
        seat(i, "comm", post, comm_day)

    # A few pairs of near relatives sitting together (party org ↔ committee), never on supervision.
    related: set[int] = set()
    if pair:
        anchor = rng.choice(comm)
        kind = rng.choice([RelationKind.SPOUSE, RelationKind.SIBLING, RelationKind.SIBLING])
        j = b.relative_of(anchor, kind, member=True, clans=clans, party=1.0)
        seat(j, "party", Post.PARTY_MEMBER, party_day)
        party_members.append(j)
        related.update((anchor, j))
        b.sitting_relative_pairs += 1

    # Supervision committee: nobody from the villagers' committee nor their near relatives. Its chair
    # is often the party committee's discipline member (纪检委员) who is not on the committee.
    eligible_chairs = [i for i in party_members if i not in comm]
    # A relative pair created above must not reach supervision either.
    eligible_chairs = [i for i in eligible_chairs if i not in related]
    if eligible_chairs and rng.random() < 0.6:
        sup_chair = rng.choice(eligible_chairs)
    else:
        sup_chair = draw_member(
            sex="M" if rng.random() < 0.8 else "F", age=b.clipped_age(53, 7, 35, 66), party=0.9
        )
    seat(sup_chair, "sup", Post.SUPERVISION_CHAIR, comm_day)
    for _ in range(n_sup - 1):
        sex = "F" if rng.random() < 0.3 else "M"
        i = draw_member(sex=sex, age=b.clipped_age(52, 8, 30, 66), party=0.5)
        seat(i, "sup", Post.SUPERVISION_MEMBER, comm_day)

    # Family around the members (not sitting): spouses, grown-up children, old parents, siblings.
    for i in sorted(seated):
        if i in related:
            continue
        age = b.age_of(i)
        if rng.random() < 0.4:
            b.relative_of(i, RelationKind.SPOUSE, member=False, clans=clans)
        if age >= 46 and rng.random() < 0.15:
            b.relative_of(i, RelationKind.CHILD, member=False, clans=clans)
        if age <= 50 and rng.random() < 0.08:
            b.relative_of(i, RelationKind.PARENT, member=False, clans=clans)
        if rng.random() < 0.05:
            b.relative_of(i, RelationKind.SIBLING, member=False, clans=clans)


COLLEGE = (Education.POSTGRADUATE, Education.BACHELOR, Education.JUNIOR_COLLEGE)


def _mid_term_changes(b: _Builder) -> None:
    """About 3% of single-seat members left during the term and were replaced (补选/调整)."""
    rng = b.rng
    seats_per_person: dict[int, int] = {}
    for t in b.tenures:
        seats_per_person[t[0]] = seats_per_person.get(t[0], 0) + 1
    changed: list[tuple[int, Any]] = []
    for n, t in enumerate(b.tenures):
        i, key, post, start, _end, _r, _src, term = t
        if post in (Post.SECRETARY, Post.CHAIR) or seats_per_person[i] != 1 or rng.random() >= 0.03:
            continue
        end = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(0, 4 * 365))
        reason = rng.choices(
            [EndReason.RESIGNED, EndReason.TRANSFERRED, EndReason.DECEASED, EndReason.OTHER], [50, 25, 10, 15]
        )[0]
        b.tenures[n] = (i, key, post, start, end, reason, t[6], term)
        changed.append((n, (key, post, end, term, i)))
    for _n, (key, post, end, term, old) in changed:
        p = b.people[old]
        unit = p.unit
        age = b.clipped_age(40, 8, 25, 58)
        party = 1.0 if key[1] == CommitteeKind.PARTY_ORG else 0.5
        # Same sex as the leaver, so that every 村/居委会 keeps its woman member.
        j = b.new_person(unit, sex=p.sex, age=age, clans=[], party=party)
        b.tenures.append(
            (j, key, post, end + dt.timedelta(days=rng.randrange(15, 90)), None, "", Source.RESERVE, term)
        )


def build_demo(*, scale: str = "default", seed: int = 2026) -> BuildResult:
    """Build the demo city. The caller checks the database is empty (see the `demo` command).

    The starting state is written in one transaction (one audit event); then the pilots that have
    already voted complete their elections through the results services, each write in its own
    transaction as an official would (the services are durable: they cannot run inside the build's)."""
    result = _build_start(scale=scale, seed=seed)
    done = complete_pilot_elections(result.city, seed)
    result.certified, result.handovers = done.certified, done.handovers
    return result


@transaction.atomic
def _build_start(*, scale: str, seed: int) -> BuildResult:
    spec = SCALES[scale]
    b = _Builder(spec, seed)
    rng = b.rng
    city, counties, towns, leaves = b.build_tree()

    # Pilots (2-3 per county), weak villages (a handful; batch NULL) and batches 1-3 for the rest.
    by_county: dict[str, list[OrgUnit]] = {}
    for u in leaves:
        by_county.setdefault(u.code[:6], []).append(u)
    villages = [u for u in leaves if u.level == Level.VILLAGE]
    n_weak = max(3, round(len(villages) * 0.015))
    weak = {u.code for u in rng.sample(villages, n_weak)}
    pilots: set[str] = set()
    for units in by_county.values():
        candidates = [u for u in units if u.code not in weak]
        pilots.update(u.code for u in rng.sample(candidates, min(len(candidates), rng.choice((2, 3)))))
    for u in leaves:
        if u.code in weak:
            u.batch = None
        elif u.code in pilots:
            u.is_pilot, u.batch = True, 1
        else:
            u.batch = rng.choices((1, 2, 3), (30, 40, 30))[0]
    leaves = OrgUnit.objects.bulk_create(leaves, batch_size=1000)

    # 一肩挑 in about 95% of units: every weak village and a few others are not.
    others = [u for u in leaves if u.code not in weak]
    n_not_dual = max(0, round(len(leaves) * 0.05) - len(weak))
    not_dual = weak | {u.code for u in rng.sample(others, n_not_dual)}
    for u in leaves:
        term = COMMUNITY_TERM if u.level == Level.COMMUNITY else VILLAGE_TERM
        _unit_members(b, u, weak=u.code in weak, dual=u.code not in not_dual, term=term)
    _mid_term_changes(b)

    # Persons: encrypt and index every ID once, then insert in batches.
    rows = [
        Person(
            id_cipher=crypto.encrypt(p.number),
            id_index=crypto.blind_index(p.number),
            id_masked=mask_citizen_id(p.number),
            name=p.name,
            sex=p.sex,
            birth_date=p.birth,
            ethnicity=p.ethnicity,
            political_status=p.political_status,
            party_join_date=p.party_join_date,
            education=p.education,
            education_in_service=p.education_in_service,
            phone=p.phone,
            domicile_unit=p.unit,
            occupation=p.occupation,
            is_veteran=p.is_veteran,
            is_returning_graduate=p.is_returning_graduate,
        )
        for p in b.people
    ]
    rows = Person.objects.bulk_create(rows, batch_size=2000)
    committees = dict(
        zip(
            b.committees,
            Committee.objects.bulk_create(list(b.committees.values()), batch_size=2000),
            strict=True,
        )
    )
    Tenure.objects.bulk_create(
        [
            Tenure(
                person=rows[i],
                committee=committees[key],
                post=post,
                term_number=term,
                start_date=start,
                end_date=end,
                end_reason=reason,
                source=source,
            )
            for i, key, post, start, end, reason, source, term in b.tenures
        ],
        batch_size=2000,
    )
    rels = []
    for a, c, kind in b.relations:
        pa, pb = rows[a], rows[c]
        if kind in (RelationKind.SPOUSE, RelationKind.SIBLING) and pa.pk > pb.pk:
            pa, pb = pb, pa
        rels.append(Relation(person_a=pa, person_b=pb, kind=kind))
    Relation.objects.bulk_create(rels, batch_size=2000)

    city.population = sum(u.population or 0 for u in leaves)
    city.save(update_fields=["population"])
    result = BuildResult(
        city=city,
        counties=len(counties),
        towns=len(towns),
        villages=len(villages),
        communities=len(leaves) - len(villages),
        persons=len(rows),
        sitting_members=len({t[0] for t in b.tenures if t[4] is None}),
        tenures=len(b.tenures),
        relations=len(rels),
        sitting_relative_pairs=b.sitting_relative_pairs,
        weak_codes=sorted(weak),
        pilot_codes=sorted(pilots),
    )
    result.accounts = _accounts(city, counties, towns, leaves)
    result.campaign = _campaign(city, counties, towns, weak)
    _village_prep(city, sorted(weak))
    _demo_plans(city)
    result.candidates = _demo_candidates(city, seed)
    result.elections = _demo_elections(city)
    audit.record(
        AuditAction.DEMO_BUILD,
        actor=None,
        model="core.Demo",
        object_id=city.code,
        object_repr=f"演示数据：{city.name}（{SCALE_LABELS[scale]}，随机种子 {seed}）",
        org_path=city.path,
        after=result.summary(),
    )
    return result


# The campaign the demo city runs: Jiangsu's profile (the demo city's province), published, with
# the batches its villages carry (1 = pilots) and the speech's milestones.
CAMPAIGN_PROFILE = "jiangsu"
# The window opens on 1 November so that the pilots that voted in November (PILOT_DONE_DAYS) count as
# the new term (stats: a term starting inside the window).
CAMPAIGN_WINDOW = (dt.date(2026, 11, 1), dt.date(2027, 3, 31))
CAMPAIGN_MILESTONES = (
    ("村（社区）职数确定", dt.date(2026, 12, 10)),
    ("村（社区）研判完成", dt.date(2026, 12, 15)),
    ("软弱涣散村整顿验收销号", dt.date(2026, 12, 25)),
    ("经济责任审计结果公布", dt.date(2026, 12, 28)),
    ("后备干部队伍建设达标", dt.date(2026, 12, 31)),
    ("人事安排初步方案上报", dt.date(2026, 12, 31)),
    ("试点村（社区）完成选举", dt.date(2027, 1, 20)),
    ("集中换届完成", dt.date(2027, 3, 31)),
)
CAMPAIGN_BATCHES = (
    ("第一批（试点）", dt.date(2026, 11, 1), dt.date(2027, 1, 20)),
    ("第二批", dt.date(2027, 2, 1), dt.date(2027, 2, 28)),
    ("第三批", dt.date(2027, 3, 1), dt.date(2027, 3, 31)),
)


def _campaign(city: OrgUnit, counties: list[OrgUnit], towns: list[OrgUnit], weak: set[str]) -> str:
    """The demo city's published 换届工作 (published by the demo city operator through the workflow),
    with its settings, and the towns' 研判 of the weak villages begun: their category 软弱涣散 (the
    lists' badges)."""
    from huanjie.core import workflow
    from huanjie.planning.choices import VillageCategory
    from huanjie.planning.models import Assessment, Batch, Campaign, Milestone

    start, end = CAMPAIGN_WINDOW
    campaign = Campaign.objects.create(
        city=city,
        name=f"{city.name}{start.year}年村（社区）“两委”换届工作",
        profile_code=CAMPAIGN_PROFILE,
        window_start=start,
        window_end=end,
    )
    Milestone.objects.bulk_create(
        Milestone(campaign=campaign, name=n, date=d) for n, d in CAMPAIGN_MILESTONES
    )
    Batch.objects.bulk_create(
        Batch(campaign=campaign, name=n, start=a, end=b) for n, a, b in CAMPAIGN_BATCHES
    )
    _campaign_settings(campaign, city, counties, towns)
    workflow.apply_transition(actor=User.objects.get(username="city_op"), record=campaign, name="publish")
    Assessment.objects.bulk_create(
        Assessment(
            campaign=campaign,
            unit=unit,
            category=VillageCategory.WEAK,
            state=Assessment.workflow_spec.initial,
        )
        for unit in OrgUnit.objects.filter(code__in=weak).order_by("code")
    )
    return campaign.name


# The campaign's settings (issue 10 req. 1): the responsibility list as the speech sets it (county
# secretaries first responsible, town secretaries directly responsible), the targets of 三升一降 and
# 一肩挑, the two-tier negative list (legal-rules.md §5 “不能/不宜”), the age and education guidance
# and the county joint-review departments.
CAMPAIGN_BODIES = (
    (
        "leadership_group",
        "青澜市村（社区）“两委”换届工作领导小组",
        "组长：市委书记；常务副组长：市委副书记",
        "副组长：市委常委、组织部部长，分管副市长；成员：市纪委监委、市委组织部、市委宣传部、市委政法委、"
        "市委社会工作部、市法院、市检察院、市公安局、市民政局、市司法局、市财政局、市农业农村局、市信访局负责同志",
        "统筹领导全市换届工作，研究决定换届重大事项，协调解决重大问题",
    ),
    (
        "office",
        "领导小组办公室（设在市委组织部）",
        "主任：市委组织部常务副部长",
        "市委组织部组织二处、市民政局基层政权建设和社区治理处抽调人员",
        "日常协调调度、政策解答、督查通报、信息汇总上报",
    ),
    (
        "member_unit",
        "市纪委监委",
        "分管副书记",
        "",
        "严明换届纪律，受理和查处拉票贿选等违纪违法问题，参与人选联审",
    ),
    (
        "member_unit",
        "市委组织部",
        "常务副部长",
        "",
        "牵头组织实施，指导村（社区）党组织换届，审核人事安排方案",
    ),
    ("member_unit", "市委宣传部", "分管副部长", "", "换届宣传引导和网络舆情监测处置"),
    ("member_unit", "市委政法委", "分管副书记", "", "涉黑涉恶和“村霸”问题排查，换届社会稳定风险评估"),
    ("member_unit", "市民政局", "分管副局长", "", "指导村（居）民委员会选举，依法规范选举程序"),
    ("member_unit", "市公安局", "分管副局长", "", "人选违法犯罪记录审查，维护选举秩序，依法打击破坏选举行为"),
    ("member_unit", "市信访局", "分管副局长", "", "换届信访件受理、交办和化解"),
    ("member_unit", "市农业农村局", "分管副局长", "", "村集体“三资”清理和村干部任期、离任经济责任审计指导"),
    (
        "task_force",
        "换届风险排查化解专班",
        "市委政法委分管副书记",
        "政法委、公安局、信访局抽调人员",
        "排查重点村、重点人、重点事，落实预案",
    ),
    (
        "task_force",
        "换届信访处置专班",
        "市信访局局长",
        "信访局、纪委监委、民政局抽调人员",
        "涉换届信访件登记、转办和限时办结",
    ),
    (
        "task_force",
        "巡回督导组（4个）",
        "市委组织部副部长",
        "从领导小组成员单位抽调",
        "分片督导各县（市、区），发现问题及时督促整改",
    ),
)
CAMPAIGN_TASKS = (
    ("印发换届工作实施方案和责任清单", "领导小组办公室", dt.date(2026, 11, 20)),
    ("完成村（社区）班子运行情况研判，形成一村一报告", "各县（市、区）委组织部", dt.date(2026, 12, 15)),
    ("完成软弱涣散村（社区）整顿，做到“动态清零”", "各县（市、区）委组织部", dt.date(2026, 12, 20)),
    ("完成村“两委”成员任期和离任经济责任审计并公布结果", "市农业农村局", dt.date(2026, 12, 25)),
    ("人事安排初步方案报市委组织部", "各县（市、区）委组织部", dt.date(2026, 12, 31)),
    ("完成候选人县级联审", "县级联审部门", dt.date(2027, 1, 10)),
    ("试点村（社区）完成选举", "各县（市、区）委", dt.date(2027, 1, 20)),
    ("集中换届选举全部完成", "各县（市、区）委", dt.date(2027, 3, 31)),
    ("换届工作总结和班子结构数据上报", "领导小组办公室、市民政局", dt.date(2027, 4, 15)),
)
CAMPAIGN_TARGETS = (
    ("average_age", "“两委”成员平均年龄下降", 3, 5, "previous_term", ""),
    ("college", "“两委”成员大专及以上学历占比", 60, None, "", ""),
    ("college_new", "新进“两委”成员大专及以上学历占比", 80, None, "", ""),
    (
        "field_fit",
        "专业对口成员占比",
        30,
        None,
        "",
        "农学、农业经济管理、会计、法律、社会工作、电子商务、旅游管理",
    ),
    ("one_shoulder_village", "村书记、主任“一肩挑”比例", 95, None, "", ""),
    ("one_shoulder_community", "社区书记、主任“一肩挑”比例", 90, None, "", ""),
    ("cross_serving", "“两委”交叉任职比例", 40, None, "", ""),
    ("women", "女性成员占比", 25, None, "", ""),
    ("reserve_per_unit", "每村（社区）后备干部人数", 2, None, "", ""),
)
CAMPAIGN_NEGATIVES = (
    ("1", "受过刑事处罚，或刑满释放、缓刑期满未满5年的", "cannot", 5, "法院"),
    ("2", "受到撤销党内职务及以上处分未满2年的", "cannot", 2, "纪委监委"),
    ("3", "存在“村霸”问题，或涉黑涉恶受过处理未满5年的", "cannot", 5, "政法委（扫黑办）"),
    ("4", "参加邪教组织的", "cannot", None, "公安局"),
    ("5", "丧失行为能力的", "cannot", None, "镇（街道）党（工）委"),
    ("6", "拒不签订换届纪律承诺书的", "cannot", None, "镇（街道）党（工）委"),
    ("7", "正被纪检监察机关立案审查调查，或被司法机关立案侦查的", "should_not", None, "纪委监委"),
    ("8", "因吸毒、赌博等受过行政拘留未满5年的", "should_not", 5, "公安局"),
    ("9", "煽动、组织非正常上访被依法处理未满5年的", "should_not", 5, "信访局"),
    ("10", "被列为失信被执行人，或长期外出不能正常履职的", "should_not", None, "法院"),
)
CAMPAIGN_CUTOFF = dt.date(2026, 12, 31)
CAMPAIGN_PLAN_DOC = "青澜市村（社区）“两委”换届工作实施方案 第四条"
CAMPAIGN_GUIDANCE = (
    ("secretary", "all", 60, 55, "", "warning", "speech_age"),
    ("secretary", "all", None, None, "中专或高中", "warning", CAMPAIGN_PLAN_DOC),
    ("any", "new", 45, 45, "", "warning", CAMPAIGN_PLAN_DOC),
    ("any", "new", None, None, "大专", "warning", "speech_education"),
)
CAMPAIGN_REVIEW_DEPARTMENTS = (
    ("纪委监委", "discipline", "党纪政务处分及其影响期，是否正被立案审查调查", 5),
    ("组织部", "organization", "党员身份、党籍和不合格党员处置情况", 3),
    ("政法委（扫黑办）", "politics_law", "涉黑涉恶、“村霸”问题", 5),
    ("公安局", "police", "违法犯罪记录、行政拘留、涉邪教情况", 5),
    ("法院", "court", "刑事判决情况，是否为失信被执行人", 5),
    ("检察院", "procuratorate", "是否正在审查起诉", 5),
    ("司法局", "justice", "社区矫正和刑满释放人员情况", 3),
    ("信访局", "petition", "煽动、组织非正常上访情况", 3),
    ("民政局", "civil_affairs", "原任村（居）委会成员履职情况，低保违规情况", 3),
    ("农业农村局", "agriculture", "集体“三资”和经济责任审计发现的问题", 5),
    ("市场监管局", "market", "严重违法失信名单、经营异常情况", 3),
    ("税务局", "tax", "欠税和偷逃税款情况", 3),
)


def _campaign_settings(campaign: Any, city: OrgUnit, counties: list[OrgUnit], towns: list[OrgUnit]) -> None:
    """The demo campaign's complete settings (written before it is published)."""
    from huanjie.planning import models as pm
    from huanjie.rules import citations

    rng = random.Random(f"campaign-{city.code}")

    def name() -> str:
        return rng.choices(_SURNAME_LIST, _SURNAME_WEIGHTS)[0] + rng.choice(MALE_GIVEN + FEMALE_GIVEN)

    pm.CampaignBody.objects.bulk_create(
        pm.CampaignBody(campaign=campaign, kind=k, name=n, head=h, members=m, duties=d)
        for k, n, h, m, d in CAMPAIGN_BODIES
    )
    people = [
        pm.ResponsiblePerson(campaign=campaign, unit=city, role="first", name=name(), position="市委书记"),
        pm.ResponsiblePerson(
            campaign=campaign, unit=city, role="direct", name=name(), position="市委常委、组织部部长"
        ),
    ]
    for county in counties:
        people.append(
            pm.ResponsiblePerson(
                campaign=campaign, unit=county, role="first", name=name(), position=f"{county.name}委书记"
            )
        )
        people.append(
            pm.ResponsiblePerson(
                campaign=campaign,
                unit=county,
                role="direct",
                name=name(),
                position=f"{county.name}委组织部部长",
            )
        )
    for town in towns:
        title = "街道党工委书记" if town.name.endswith("街道") else "镇党委书记"
        people.append(
            pm.ResponsiblePerson(campaign=campaign, unit=town, role="direct", name=name(), position=title)
        )
    pm.ResponsiblePerson.objects.bulk_create(people, batch_size=1000)
    pm.CampaignTask.objects.bulk_create(
        pm.CampaignTask(campaign=campaign, title=t, owner=o, deadline=d) for t, o, d in CAMPAIGN_TASKS
    )
    pm.StructureTarget.objects.bulk_create(
        pm.StructureTarget(
            campaign=campaign, code=code, label=label, low=low, high=high, baseline=baseline, majors=majors
        )
        for code, label, low, high, baseline, majors in CAMPAIGN_TARGETS
    )
    pm.NegativeItem.objects.bulk_create(
        pm.NegativeItem(campaign=campaign, code=c, text=t, tier=tier, lookback_years=y, department=d)
        for c, t, tier, y, d in CAMPAIGN_NEGATIVES
    )
    cite = {"speech_age": citations.CITE_SPEECH_AGE, "speech_education": citations.CITE_SPEECH_EDUCATION}
    pm.GuidanceRule.objects.bulk_create(
        pm.GuidanceRule(
            campaign=campaign,
            post=post,
            applies_to=applies,
            age_limit_male=male,
            age_limit_female=female,
            min_education=education,
            cutoff=CAMPAIGN_CUTOFF,
            severity=severity,
            citation=cite.get(source, source),
        )
        for post, applies, male, female, education, severity, source in CAMPAIGN_GUIDANCE
    )
    pm.ReviewDepartment.objects.bulk_create(
        pm.ReviewDepartment(campaign=campaign, name=n, department=code, checks=c, days=d)
        for n, code, c, d in CAMPAIGN_REVIEW_DEPARTMENTS
    )


def _accounts(
    city: OrgUnit, counties: list[OrgUnit], towns: list[OrgUnit], leaves: Iterable[OrgUnit]
) -> list[tuple[str, str, str]]:
    """One account per role. Demo accounts skip the forced first-login password change."""
    county = next(c for c in counties if c.name.endswith("县"))
    county2 = next(c for c in counties if c.pk != county.pk)
    town = next(t for t in towns if t.code.startswith(county.path) and t.name.endswith("镇"))
    village = next(u for u in leaves if u.code.startswith(town.path) and u.level == Level.VILLAGE)
    where = {"city": city, "county": county, "county2": county2, "town": town, "village": village, "": None}
    out = []
    # One argon2 hash for all: they share the documented password anyway, and each hash costs ~0.5 s.
    password = make_password(DEMO_PASSWORD)
    for username, role, unit_key, dept, label in DEMO_ACCOUNTS:
        user = User.objects.create(
            username=username,
            display_name=f"演示{label}",
            password=password,
            must_change_password=False,
        )
        unit = where[unit_key]
        RoleAssignment.objects.create(user=user, role=role, org_unit=unit, department=dept)
        out.append((username, label, unit.name if unit else "全局"))
    return out


# Rectification (一村一策) of a few weak villages, with their economic audits, a postponement and
# reserve cadres (issue 10 reqs. 4–6). Every weak village's election stays gated until the county
# signs its rectification off.
PREP_TASKS = (
    ("petition", "化解重复信访积案 3 件", "镇信访办主任", 20, 100),
    ("bully", "排查整治村霸、宗族恶势力干扰", "派出所所长", 35, 60),
    ("corruption", "清理村集体“三资”及违规合同", "镇纪委书记", 45, 30),
    ("dispute", "调处土地流转纠纷", "司法所所长", 25, 0),
)
DEMO_EVIDENCE = b"%PDF-1.4\n% demo evidence\n"


def _village_prep(city: OrgUnit, weak_codes: list[str]) -> None:
    from huanjie.planning import rectification_files as files
    from huanjie.planning.models import (
        Campaign,
        EconomicAudit,
        EvidenceFile,
        Postponement,
        PostponementApproval,
        Rectification,
        RectificationTask,
        ReserveCadre,
    )
    from huanjie.rules import village_prep

    campaign = Campaign.objects.get(city=city)
    start = campaign.window_start
    uploaded = dt.datetime.combine(start, dt.time(9), tzinfo=dt.UTC)
    units = list(OrgUnit.objects.filter(code__in=weak_codes).order_by("code"))
    for n, unit in enumerate(units[:4]):
        r = Rectification.objects.create(
            campaign=campaign,
            unit=unit,
            category="weak",
            measures="县镇联合工作组驻村，书记抓总；四项清零逐项建账、对账销号，完成后报县级验收。",
        )
        for track, title, owner, days, progress in PREP_TASKS:
            done = progress if n else 100  # the first village has finished every task
            t = RectificationTask.objects.create(
                rectification=r,
                track=track,
                title=title,
                owner=owner,
                deadline=start + dt.timedelta(days=days),
                progress=done,
                progress_notes="已完成，材料齐全" if done == 100 else "正在推进",
            )
            if done == 100:
                EvidenceFile.objects.create(
                    task=t,
                    name=f"{title}台账.pdf",
                    content_type="application/pdf",
                    size=len(DEMO_EVIDENCE),
                    digest=crypto.file_digest(DEMO_EVIDENCE),
                    stored=files.store(DEMO_EVIDENCE),
                    uploaded_at=uploaded,
                    uploaded_by="演示乡镇操作员",
                )
        if unit.level == Level.VILLAGE:
            EconomicAudit.objects.create(
                campaign=campaign,
                unit=unit,
                organiser="township",
                auditor="青澜正信会计师事务所",
                started_on=start + dt.timedelta(days=5),
                items=["debts", "finance", "funds", "grants", "projects"],
                findings="发现白条入账 2 笔、合同未经村民代表会议 1 份，已责令整改。" if n % 2 == 0 else "",
                published_on=start + dt.timedelta(days=40) if n % 2 == 0 else None,
            )
        if n == 1:
            basis = village_prep.postponement_basis(campaign.profile_code, "committee", campaign.window_end)
            p = Postponement.objects.create(
                campaign=campaign,
                unit=unit,
                body="committee",
                due_date=campaign.window_end,
                new_date=campaign.window_end + dt.timedelta(days=120),
                reason="整顿任务尚未完成，信访积案仍在化解，不具备按期选举条件。",
                applicant=basis.rule.applicant,
                chain=list(village_prep.chain_steps(basis.rule)),
                limit_months=basis.rule.limit_months,
                limit_soft=basis.rule.soft,
                citation=basis.citation,
                created_at=uploaded,
            )
            PostponementApproval.objects.create(
                postponement=p,
                step=0,
                body=p.chain[0],
                document_no=f"{unit.name}村民代表会议决议〔{start.year}〕1号",
                date=start + dt.timedelta(days=20),
            )
        sitting = Tenure.objects.filter(end_date__isnull=True).values("person_id")
        pool = Person.objects.filter(domicile_unit=unit).exclude(pk__in=sitting).order_by("birth_date", "pk")
        for person, source in zip(pool.reverse()[:2], ("graduate", "entrepreneur"), strict=False):
            ReserveCadre.objects.create(
                unit=unit,
                person=person,
                source=source,
                notes="安排跟班学习，参与信访化解和集体经济项目。",
                added_on=start - dt.timedelta(days=30),
            )


# -- Personnel plans (issue 10 req. 7): three villages of the demo town operator's town, one plan
# approved by the county, one submitted, one a draft; seats decided for each; the sitting members stay,
# the secretary also chairs the 村委会 (一肩挑), and a woman enters where the committee has none.


def _demo_plans(city: OrgUnit) -> None:
    from huanjie.accounts.models import RoleAssignment
    from huanjie.core import workflow
    from huanjie.people.models import Person, Tenure
    from huanjie.planning.models import Campaign, CommitteeSeats, PartySeats, PersonnelPlan, PlanSeat
    from huanjie.planning.plan_services import refresh_projection

    campaign = Campaign.objects.filter(city=city).order_by("-pk").first()
    town_op, approver = User.objects.get(username="town_op"), User.objects.get(username="approver")
    town = RoleAssignment.objects.filter(user=town_op).select_related("org_unit").first()
    if campaign is None or town is None or town.org_unit is None:
        return
    villages = OrgUnit.objects.filter(path__startswith=town.org_unit.path, level=Level.VILLAGE).order_by(
        "code"
    )
    post_of = {
        "secretary": "secretary",
        "deputy_secretary": "deputy_secretary",
        "party_member": "party_member",
        "chair": "chair",
        "vice_chair": "vice_chair",
        "member": "member",
    }
    for village, steps in zip(villages[:3], (("submit", "approve"), ("submit",), ()), strict=False):
        tenures = list(
            Tenure.objects.filter(
                committee__org_unit=village,
                end_date__isnull=True,
                committee__kind__in=("party_org", "villagers_committee"),
            ).select_related("person", "committee")
        )
        plan = PersonnelPlan.objects.create(campaign=campaign, unit=village)
        seats: list[PlanSeat] = []
        secretary = next((t.person for t in tenures if t.post == "secretary"), None)
        for t in tenures:
            side = "party" if t.committee.kind == "party_org" else "committee"
            post = post_of.get(t.post, "member")
            if side == "committee" and post == "chair" and secretary is not None and t.person != secretary:
                seats.append(PlanSeat(plan=plan, side=side, post=post, decision="leave", person=t.person))
                continue
            seats.append(PlanSeat(plan=plan, side=side, post=post, decision="stay", person=t.person))
        held = {(s.side, s.person_id) for s in seats}
        if secretary is not None and ("committee", secretary.pk) not in held:
            seats.append(
                PlanSeat(plan=plan, side="committee", post="chair", decision="transfer", person=secretary)
            )
        committee = [s for s in seats if s.side == "committee" and s.decision != "leave"]
        if not any(s.person.sex == "F" for s in committee):
            sitting = {t.person_id for t in tenures}
            woman = Person.objects.filter(domicile_unit=village, sex="F").exclude(pk__in=sitting).first()
            if woman is not None:
                seats.append(
                    PlanSeat(
                        plan=plan,
                        side="committee",
                        post="member",
                        decision="enter",
                        person=woman,
                        note="妇女委员",
                    )
                )
        PlanSeat.objects.bulk_create(seats)
        count = {
            side: sum(1 for s in seats if s.side == side and s.decision != "leave")
            for side in ("party", "committee")
        }
        CommitteeSeats.objects.get_or_create(
            campaign=campaign,
            unit=village,
            defaults={
                "members": max(3, count["committee"]),
                "decided_by": "representatives",
                "decision_date": dt.date(2026, 12, 5),
                "document_no": f"{village.name}〔2026〕1号",
            },
        )
        PartySeats.objects.get_or_create(
            campaign=campaign,
            unit=village,
            defaults={
                "members": max(3, count["party"]),
                "form": "branch",
                "request_no": f"{village.name}党支部〔2026〕1号",
                "request_date": dt.date(2026, 12, 1),
                "approval_no": f"{town.org_unit.name}党委〔2026〕5号",
                "approval_date": dt.date(2026, 12, 4),
            },
        )
        for step in steps:
            workflow.apply_transition(actor=town_op if step == "submit" else approver, record=plan, name=step)
        plan.refresh_from_db()
        refresh_projection(plan)


def _demo_candidates(city: OrgUnit, seed: int) -> int:
    """The 人选 of every village and community (issue 11): its sitting Party committee members as
    预备人选 by 两推一选 (with recommendation counts) and its sitting 村（居）委会 and supervision
    committee members as voters' nominees (with nomination votes), plus one newcomer per unit from the
    people living there — about fifteen per unit, so a province holds some 300,000 candidates. Written
    in bulk (no audit per row: the build itself is audited)."""
    from huanjie.people.models import Person, Tenure
    from huanjie.planning.models import Campaign
    from huanjie.vetting.models import Candidate

    campaign = Campaign.objects.filter(city=city).order_by("-pk").first()
    if campaign is None:
        return 0
    rng = random.Random(seed + 11)
    side_of = {
        "party_org": "party",
        "villagers_committee": "committee",
        "residents_committee": "committee",
        "supervision_committee": "supervision",
    }
    rows: list[Candidate] = []
    taken: set[tuple[int, str, int]] = set()
    sitting = (
        Tenure.objects.filter(committee__org_unit__path__startswith=city.path, end_date__isnull=True)
        .values_list(
            "person_id",
            "post",
            "committee__kind",
            "committee__org_unit_id",
            "committee__org_unit__party_members",
        )
        .order_by("committee__org_unit_id", "pk")
    )
    units: dict[int, int] = {}
    for person_id, post, kind, unit_id, party_members in sitting.iterator(chunk_size=5000):
        side = side_of[kind]
        if (unit_id, side, person_id) in taken:
            continue
        taken.add((unit_id, side, person_id))
        units.setdefault(unit_id, party_members or 30)
        members = units[unit_id]
        party = side == "party"
        rows.append(
            Candidate(
                campaign=campaign,
                unit_id=unit_id,
                person_id=person_id,
                side=side,
                post=post,
                source="sitting",
                channel="two_recommendations" if party else "voters",
                votes_members=rng.randint(members // 2, members) if party else None,
                votes_public=rng.randint(40, 200) if party else None,
                nomination_votes=None if party else rng.randint(60, 600),
            )
        )
    held = {person_id for _, _, person_id in taken}
    newcomers = (
        Person.objects.filter(
            domicile_unit_id__in=list(units), education__in=("junior_college", "bachelor", "postgraduate")
        )
        .exclude(pk__in=held)
        .order_by("domicile_unit_id", "pk")
        .values_list("pk", "domicile_unit_id")
    )
    seen: set[int] = set()
    for person_id, unit_id in newcomers.iterator(chunk_size=5000):
        if unit_id in seen:
            continue
        seen.add(unit_id)
        rows.append(
            Candidate(
                campaign=campaign,
                unit_id=unit_id,
                person_id=person_id,
                side="committee",
                post="member",
                source="graduate",
                channel="voters",
                nomination_votes=rng.randint(60, 400),
            )
        )
    Candidate.objects.bulk_create(rows, batch_size=2000)
    from huanjie.vetting import pledge_tally

    pledge_tally.rebuild(campaign.pk)  # the roll-up's counts, after the bulk load
    return len(rows)


# The pilots' (第一批) election days: the Party organization first, the 村（居）民委员会 after it, both
# inside the pilot batch; the steps done by the demo date are recorded (nothing is late yet): the
# Party organization's 预备人选 sent for review, and a village's 离任经济责任审计 results published.
PILOT_PARTY_DAY = dt.date(2026, 12, 27)
PILOT_COMMITTEE_DAY = dt.date(2027, 1, 10)
# Two pilots in three (voted_pilots) held both elections in November (PILOT_DONE_DAYS), before the
# demo date: their results are entered, verified, announced and certified (huanjie.demo.results).
PILOT_STEPS_DONE = {
    "party": (("candidate_vetting", dt.date(2026, 11, 26)),),
    "committee": (("audit_published", dt.date(2026, 11, 25)),),
}


def _demo_elections(city: OrgUnit) -> int:
    """The pilot villages' and communities' elections of the demo campaign (issue 12 reqs. 1, 2): the
    Party organization's and the 村（居）民委员会's, scheduled in the pilot batch with the Party
    organization first (the committee's election depends on it), and the steps done by the demo
    date recorded with their true dates and judged by huanjie.rules.schedule (violations kept as the
    procedure page shows them). Written directly, like the rest of the starting state (the build is
    audited once); a few dozen rows, so ``huanjie demo`` stays fast."""
    from huanjie.elections import procedure_adapters as ad
    from huanjie.elections.models import Election, ElectionDependency, ElectionStep
    from huanjie.planning.models import Batch, Campaign
    from huanjie.rules.schedule import validate

    campaign = Campaign.objects.filter(city=city).order_by("-pk").first()
    if campaign is None:
        return 0
    batch = Batch.objects.filter(campaign=campaign).order_by("start", "pk").first()
    pilots = list(OrgUnit.objects.filter(path__startswith=city.path, is_pilot=True).order_by("path"))
    voted = {u.pk for u in voted_pilots(pilots)}
    made = 0
    for unit in pilots:
        party_day, committee_day = (
            PILOT_DONE_DAYS if unit.pk in voted else (PILOT_PARTY_DAY, PILOT_COMMITTEE_DAY)
        )
        party = Election.objects.create(
            campaign=campaign, unit=unit, body="party", election_day=party_day, batch=batch, order=1
        )
        committee = Election.objects.create(
            campaign=campaign,
            unit=unit,
            body="committee",
            election_day=committee_day,
            batch=batch,
            order=2,
        )
        ElectionDependency.objects.create(election=committee, depends_on=party)
        made += 2
        if unit.pk in voted:
            continue  # voted in November: its results are entered after the build (huanjie.demo.results)
        for e in (party, committee):
            sched = ad.schedule_of(e)
            if sched is None:
                continue
            titles = {p.rule.key: p.rule.title for p in sched.steps}
            for key, day in PILOT_STEPS_DONE[e.body]:
                if key not in titles:
                    continue  # a community's procedure has no 离任经济责任审计 step
                ElectionStep.objects.create(
                    election=e,
                    key=key,
                    title=titles[key],
                    done_on=day,
                    law_code=sched.step_laws.get(key, sched.law),
                    recorded_by="演示数据",
                )
            judged = ad.schedule_of(e)
            assert judged is not None
            found = validate(judged, as_of=AS_OF)
            for step in e.steps.all():
                step.violations = [
                    {"kind": v.kind, "severity": v.severity, "citation": v.citation, "text": v.text}
                    for v in found
                    if v.step == step.key and v.kind != "missing"
                ]
                step.save(update_fields=["violations"])
    return made
