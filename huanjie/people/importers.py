"""Import of the sitting-member roster (班子成员名册): persons, committees and their sitting tenures.

One row = one person holding one post on one committee of a village or community. A person with
two posts (一肩挑: 书记 and 主任; 交叉任职) has one row per post, with identical personal data.

Runs through the import kit (huanjie.core.imports): preview first, nothing written unless the
whole file is clean, the commit is one transaction with a final scope re-check.

Checks, each reported as (row, column, value, reason in Chinese):
* the citizen ID (GB 11643 check digit, date, region) and a sex or birth date that disagrees with it
  (people.services.normalize_citizen_id);
* the unit: unknown code, not a village/community, deactivated, outside the actor's jurisdiction;
  the committee must fit the unit (村民委员会 in a village, 居民委员会 in a community) and the post
  the committee (people.choices.POSTS_BY_COMMITTEE);
* within the file: the same ID twice on one committee (both rows reported), one person in two
  units, different personal data for one ID, a second 书记 / 主任 / 监委会主任 on one committee;
* against the registry: a second holder of a single-holder post when one is sitting, a person
  already sitting on the committee or sitting in another unit of the jurisdiction (as two units in
  one file: one person, one village). A person already registered inside the jurisdiction (same ID,
  found through the HMAC-SM3 blind index) is reused — one person, one record — and left unchanged;
  if the name in the file differs, a warning says so. A person registered (domiciled or sitting)
  OUTSIDE the jurisdiction is neither named nor seated: the row goes to the conflict queue of the
  lowest level holding both places (people.conflicts), and the preview says only that this level
  must decide (hardening issue 7).

Writes (committee_ensure semantics for committees; tenure_start semantics for tenures), built for
100,000 rows: reference data is loaded in a few queries (all units; existing persons, committees and
sitting tenures by chunks of the file's keys), rows are streamed and kept as compact records, blind
indexes are computed once per distinct ID and IDs encrypted once per new person, and rows are
written with ``bulk_create`` in batches inside the kit's single transaction. Instead of 100,000
audit events, ONE audit event (action ``import``) records the file name, its SM3 digest, the row
counts and the ranges of created ids (people.Person, people.Committee, people.Tenure).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from huanjie.core import crypto
from huanjie.core.imports import (
    CHOICE,
    CITIZEN_ID,
    CODE,
    DATE,
    INT,
    Column,
    Importer,
    Progress,
    bulk_insert,
    common_path,
)
from huanjie.core.plugins import SeatCounts
from huanjie.core.scoping import can
from huanjie.core.versioning import BUMP
from huanjie.org.choices import LEAF_LEVELS, Level
from huanjie.org.importers import own_units_of
from huanjie.org.models import OrgUnit
from huanjie.people import adapters, conflicts, selectors
from huanjie.people.capabilities import PeopleCap
from huanjie.people.choices import (
    ETHNICITIES,
    CommitteeKind,
    Education,
    PartyOrgForm,
    PoliticalStatus,
    Post,
    Sex,
    Source,
)
from huanjie.people.models import Committee, Person, RegistrationConflict, Relation, Tenure
from huanjie.people.services import normalize_citizen_id
from huanjie.rules import committee_checks, registry
from huanjie.rules.citations import for_display
from huanjie.rules.ids import mask_citizen_id

UNIT = "村（社区）区划代码"
UNIT_NAME = "村（社区）名称"
NAME = "姓名"
ID = "身份证号"
SEX = "性别"
BIRTH = "出生日期"
ETHNICITY = "民族"
POLITICAL = "政治面貌"
PARTY_DATE = "入党时间"
EDUCATION = "全日制学历"
EDUCATION_IN_SERVICE = "在职学历"
PHONE = "联系电话"
COMMITTEE = "班子"
PARTY_FORM = "党组织形式"
POST = "职务"
TERM = "届次"
START = "任职日期"
SOURCE = "来源"
ROLES = "兼任情况"

_ROLE_LABEL = {"dual_role": "一肩挑", "cross_holding": "交叉任职", "none": "无"}
_ERROR_COLUMN = {"citizen_id": ID, "sex": SEX, "birth_date": BIRTH}

_EDUCATION_ALIASES = (
    ("硕士研究生", Education.POSTGRADUATE),
    ("博士研究生", Education.POSTGRADUATE),
    ("本科", Education.BACHELOR),
    ("大学", Education.BACHELOR),
    ("专科", Education.JUNIOR_COLLEGE),
    ("大学专科", Education.JUNIOR_COLLEGE),
    ("高中", Education.SECONDARY),
    ("中专", Education.SECONDARY),
    ("职高", Education.SECONDARY),
    ("技校", Education.SECONDARY),
    ("初中", Education.JUNIOR_OR_BELOW),
    ("小学", Education.JUNIOR_OR_BELOW),
)
_EDUCATION_HELP = (
    "研究生、大学本科、大专、中专或高中、初中及以下（也可填 本科、专科、高中、中专、初中、小学）"
)

# The post labels of the file, by committee (the same label 委员 means a different post in each).
POST_LABELS = ("书记", "副书记", "委员", "主任", "副主任", "监委会主任", "监委会委员")
_POSTS = {
    CommitteeKind.PARTY_ORG: {
        "书记": Post.SECRETARY,
        "副书记": Post.DEPUTY_SECRETARY,
        "委员": Post.PARTY_MEMBER,
    },
    CommitteeKind.VILLAGERS: {"主任": Post.CHAIR, "副主任": Post.VICE_CHAIR, "委员": Post.MEMBER},
    CommitteeKind.RESIDENTS: {"主任": Post.CHAIR, "副主任": Post.VICE_CHAIR, "委员": Post.MEMBER},
    CommitteeKind.SUPERVISION: {
        "监委会主任": Post.SUPERVISION_CHAIR,
        "主任": Post.SUPERVISION_CHAIR,
        "监委会委员": Post.SUPERVISION_MEMBER,
        "委员": Post.SUPERVISION_MEMBER,
    },
}
_COMMITTEE_LABELS = {
    CommitteeKind.PARTY_ORG: "党组织",
    CommitteeKind.VILLAGERS: "村民委员会",
    CommitteeKind.RESIDENTS: "居民委员会",
    CommitteeKind.SUPERVISION: "监督委员会",
}
_POST_TITLE = {Post.SECRETARY: "书记", Post.CHAIR: "主任", Post.SUPERVISION_CHAIR: "监委会主任"}
# 兼任情况 as a file states it → the roles (registry.derived_roles codes) it claims.
ROLE_CLAIMS: dict[str, frozenset[str]] = {
    "dual_role": frozenset({"dual_role", "cross_holding"}),
    "cross_holding": frozenset({"cross_holding"}),
    "none": frozenset(),
}

BATCH = 2000
CHANGED_UNITS = 500
CHUNK = 5000


@dataclass(slots=True)
class _Entry:
    """One clean-enough row, kept compact until the write."""

    number: int
    unit_id: int
    kind: str
    post: str
    party_form: str
    term: int | None
    start: dt.date | None
    source: str
    citizen: str  # the normalized 18-character ID
    person: tuple[Any, ...]  # PERSON_FIELDS values, compared across rows of the same ID
    index: str = ""
    # (person pk, other unit pk, other is a seat, level path) when the person is registered outside
    # the uploader's jurisdiction: the row goes to the conflict queue instead of being written.
    conflict: tuple[int, int, bool, str] | None = None
    roles: str = ""  # the 兼任情况 the file states (ROLE_CLAIMS code), checked against the posts


# The file's columns for PERSON_FIELDS (the last, the domicile, is the row's unit).
PERSON_COLUMNS = (NAME, SEX, BIRTH, ETHNICITY, POLITICAL, PARTY_DATE, EDUCATION, EDUCATION_IN_SERVICE, PHONE)
PERSON_INSERT_COLUMNS = [
    "id_cipher",
    "id_index",
    "id_masked",
    "name",
    "sex",
    "birth_date",
    "ethnicity",
    "political_status",
    "party_join_date",
    "education",
    "education_in_service",
    "phone",
    "domicile_unit_id",
]
PERSON_FIELDS = (
    "name",
    "sex",
    "birth_date",
    "ethnicity",
    "political_status",
    "party_join_date",
    "education",
    "education_in_service",
    "phone",
    "domicile_unit_id",
)


def _choices(enum: Any) -> tuple[tuple[str, Any], ...]:
    return tuple((label, value) for value, label in enum.choices)


def _persons_by_index(keys: list[str]) -> Any:
    """(pk, id_index, name, domicile_unit_id) of the registered persons among ``keys`` (blind
    indexes). On PostgreSQL the keys travel as one array parameter (= ANY), which is much cheaper
    than 5,000 placeholders."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Person._meta.db_table)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT id, id_index, name, domicile_unit_id FROM {table} WHERE id_index = ANY(%s)",  # noqa: S608
                [keys],
            )
            return cur.fetchall()
    return Person.objects.filter(id_index__in=keys).values_list("pk", "id_index", "name", "domicile_unit_id")


def _seats_of(person_ids: list[int]) -> Any:
    """(person_id, unit id) of the sitting posts of these persons, anywhere in the deployment."""
    return Tenure.objects.filter(person_id__in=person_ids, end_date__isnull=True).values_list(
        "person_id", "committee__org_unit_id"
    )


class RosterImporter(Importer):
    """The sitting members of the committees of villages and communities."""

    kind = "roster"
    label = "班子成员名册"
    sheet_name = "班子成员名册"
    capability = PeopleCap.EDIT
    audit_model = "people.Tenure"
    columns = (
        Column(
            UNIT,
            CODE,
            required=True,
            digits=12,
            aliases=("区划代码",),
            help="村或社区的 12 位区划代码",
            width=16,
        ),
        Column(UNIT_NAME, aliases=("村（社区）",), help="可不填；填写时与区划代码对应的名称核对", width=12),
        Column(NAME, required=True, max_length=50, width=8),
        Column(ID, CITIZEN_ID, required=True, sensitive=True, help="18 位（15 位旧号码自动升位）", width=20),
        Column(SEX, CHOICE, choices=_choices(Sex), help="可不填；填写时须与身份证号一致", width=6),
        Column(BIRTH, DATE, help="可不填；填写时须与身份证号一致", width=12),
        Column(
            ETHNICITY,
            CHOICE,
            required=True,
            choices=tuple((e, e) for e in ETHNICITIES),
            choice_aliases=tuple((e[:-1], e) for e in ETHNICITIES if e.endswith("族")),
            help="56 个民族之一，如 汉族（也可填 汉）",
            width=8,
        ),
        Column(
            POLITICAL,
            CHOICE,
            required=True,
            choices=_choices(PoliticalStatus),
            choice_aliases=(
                ("党员", PoliticalStatus.CPC),
                ("预备党员", PoliticalStatus.CPC_PROBATIONARY),
                ("团员", PoliticalStatus.CYL),
                ("无党派", PoliticalStatus.INDEPENDENT),
            ),
            width=12,
        ),
        Column(PARTY_DATE, DATE, help="中共党员、预备党员填写", width=12),
        Column(
            EDUCATION,
            CHOICE,
            choices=_choices(Education),
            choice_aliases=_EDUCATION_ALIASES,
            help=_EDUCATION_HELP,
            width=12,
        ),
        Column(
            EDUCATION_IN_SERVICE,
            CHOICE,
            choices=_choices(Education),
            choice_aliases=_EDUCATION_ALIASES,
            help=_EDUCATION_HELP,
            width=12,
        ),
        Column(PHONE, max_length=20, width=14),
        Column(
            COMMITTEE,
            CHOICE,
            required=True,
            choices=tuple((label, kind) for kind, label in _COMMITTEE_LABELS.items()),
            choice_aliases=(
                ("村党组织", CommitteeKind.PARTY_ORG),
                ("社区党组织", CommitteeKind.PARTY_ORG),
                ("党委", CommitteeKind.PARTY_ORG),
                ("党总支", CommitteeKind.PARTY_ORG),
                ("党支部", CommitteeKind.PARTY_ORG),
                ("村委会", CommitteeKind.VILLAGERS),
                ("居委会", CommitteeKind.RESIDENTS),
                ("监委会", CommitteeKind.SUPERVISION),
                ("村务监督委员会", CommitteeKind.SUPERVISION),
                ("居务监督委员会", CommitteeKind.SUPERVISION),
                ("村（居）务监督委员会", CommitteeKind.SUPERVISION),
            ),
            help="村填 村民委员会，社区填 居民委员会",
            width=12,
        ),
        Column(PARTY_FORM, CHOICE, choices=_choices(PartyOrgForm), help="仅党组织的行填写", width=10),
        Column(
            POST,
            CHOICE,
            required=True,
            choices=tuple((p, p) for p in POST_LABELS),
            help="党组织：书记、副书记、委员；村（居）民委员会：主任、副主任、委员；监督委员会：监委会主任（主任）、监委会委员（委员）",
            width=10,
        ),
        Column(TERM, INT, required=True, min_value=1, max_value=99, help="第几届，如 11", width=6),
        Column(START, DATE, required=True, width=12),
        Column(SOURCE, CHOICE, choices=_choices(Source), width=14),
        Column(
            ROLES,
            CHOICE,
            choices=(("一肩挑", "dual_role"), ("交叉任职", "cross_holding"), ("无", "none")),
            choice_aliases=(("否", "none"), ("书记主任一肩挑", "dual_role")),
            help=(
                "可不填；填写时须与此人的任职一致：一肩挑（党组织书记兼村（居）民委员会主任）、"
                "交叉任职（同时在党组织班子和村（居）民委员会任职）、无"
            ),
            width=10,
        ),
    )
    examples = (
        {
            UNIT: "329901001201",
            UNIT_NAME: "东村",
            NAME: "张建国",
            ID: "329901197506010119",
            SEX: "男",
            BIRTH: "1975-06-01",
            ETHNICITY: "汉族",
            POLITICAL: "中共党员",
            PARTY_DATE: "1998-07-01",
            EDUCATION: "中专或高中",
            EDUCATION_IN_SERVICE: "大专",
            PHONE: "13800000000",
            COMMITTEE: "党组织",
            PARTY_FORM: "党支部",
            POST: "书记",
            TERM: "11",
            START: "2021-03-01",
            SOURCE: "现任村干部",
            ROLES: "一肩挑",
        },
        {
            UNIT: "329901001201",
            UNIT_NAME: "东村",
            NAME: "张建国",
            ID: "329901197506010119",
            SEX: "男",
            BIRTH: "1975-06-01",
            ETHNICITY: "汉族",
            POLITICAL: "中共党员",
            PARTY_DATE: "1998-07-01",
            EDUCATION: "中专或高中",
            EDUCATION_IN_SERVICE: "大专",
            PHONE: "13800000000",
            COMMITTEE: "村民委员会",
            POST: "主任",
            TERM: "11",
            START: "2021-03-01",
            SOURCE: "现任村干部",
            ROLES: "一肩挑",
        },
    )
    notes = (
        "每行一人一个职务：一肩挑（书记兼主任）或交叉任职的人员按职务各填一行，个人信息须一致。",
        "系统中已登记的人员（同一身份证号）沿用原记录，不修改其个人信息；姓名不同时会提示。",
        "每个班子只能有一名书记、一名主任、一名监委会主任（含已在任人员）。",
        "导入的任职均为在任；离任请在人员页面办理。",
    )

    @classmethod
    def own_units(cls, actor: Any) -> list[dict[str, Any]]:
        return own_units_of(actor, cls.capability, leaves_only=True)

    @classmethod
    def examples_for(cls, units: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
        """The examples on the user's first village or community (a community's row is for its
        居民委员会): rows that pass the checks there."""
        if not units:
            return cls.examples
        unit = units[0]
        community = unit["level"] == Level.COMMUNITY.label
        rows = []
        for example in cls.examples:
            row = {**example, UNIT: unit["code"], UNIT_NAME: unit["name"]}
            if community and row[COMMITTEE] == "村民委员会":
                row[COMMITTEE] = "居民委员会"
            rows.append(row)
        return tuple(rows)

    # -- loading ---------------------------------------------------------------------------------

    def load(self) -> None:
        self.units = {
            code: (pk, path, level, name, is_active, party_members)
            for pk, code, path, level, name, is_active, party_members in OrgUnit.objects.values_list(
                "pk", "code", "path", "level", "name", "is_active", "party_members"
            )
        }
        self.today = timezone.localdate()
        self.entries: list[_Entry] = []
        self.first_by_citizen: dict[str, _Entry] = {}
        self.reported_first: set[int] = set()
        self.holders: dict[tuple[int, str, str], int] = {}
        self.forms: dict[tuple[int, str], tuple[str, int]] = {}
        self.unit_paths: dict[int, str] = {}
        self.claims: dict[str, tuple[str, int]] = {}

    # -- one row ---------------------------------------------------------------------------------

    def row(self, number: int, values: dict[str, Any], failed: set[str]) -> None:
        err = self.report.error
        unit_id = self._unit(number, values)
        kind, post = self._committee_and_post(number, values, unit_id)
        citizen = values[ID]
        if citizen is None:
            return
        try:
            cid = normalize_citizen_id(citizen, sex=values[SEX], birth_date=values[BIRTH], today=self.today)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                column = _ERROR_COLUMN.get(key, ID)
                shown = mask_citizen_id(citizen) if column == ID else values[column]
                if column == SEX:
                    shown = Sex(values[SEX]).label
                err(number, column, shown, messages[0])
            return
        status = values[POLITICAL]
        party_date = values[PARTY_DATE]
        if party_date is not None:
            # A missing status is reported by its own (required) column.
            error = registry.party_join_date_error(status, True) if status is not None else None
            if error:
                err(number, PARTY_DATE, party_date, error)
            elif party_date > self.today:
                err(number, PARTY_DATE, party_date, "入党时间不能晚于今天")
            elif party_date < cid.birth_date:
                err(number, PARTY_DATE, party_date, "入党时间早于出生日期")
        start = values[START]
        if start is not None and start > self.today:
            err(number, START, start, "任职日期不能晚于今天")
        if unit_id is None or kind is None or post is None or values[NAME] is None:
            return
        party_form = values[PARTY_FORM] or ""
        if party_form and kind != CommitteeKind.PARTY_ORG:
            self.report.warning(
                number, PARTY_FORM, PartyOrgForm(party_form).label, "只有党组织填写党组织形式，此处已忽略"
            )
            party_form = ""
        entry = _Entry(
            number=number,
            unit_id=unit_id,
            kind=kind,
            post=post,
            party_form=party_form,
            term=values[TERM],
            start=start,
            source=values[SOURCE] or "",
            roles=values[ROLES] or "",
            citizen=cid.number,
            person=(
                values[NAME],
                cid.sex,
                cid.birth_date,
                values[ETHNICITY],
                status,
                party_date,
                values[EDUCATION] or "",
                values[EDUCATION_IN_SERVICE] or "",
                values[PHONE] or "",
                unit_id,
            ),
        )
        self._check_against_file(entry)
        self.entries.append(entry)

    def _unit(self, number: int, values: dict[str, Any]) -> int | None:
        code = values[UNIT]
        if code is None:
            return None
        unit = self.units.get(code)
        if unit is None:
            self.report.error(number, UNIT, code, "区划代码不存在")
            return None
        pk, path, level, name, is_active, _ = unit
        if level not in LEAF_LEVELS:
            self.report.error(
                number, UNIT, code, f"应为村或社区的区划代码（此代码是{Level(level).label}“{name}”）"
            )
            return None
        if not is_active:
            self.report.error(number, UNIT, code, f"“{name}”已撤销")
            return None
        if not can(self.actor, self.capability, path):
            self.report.error(number, UNIT, code, f"“{name}”不在您的管辖范围内")
            return None
        given = values[UNIT_NAME]
        if given and given != name:
            self.report.warning(
                number, UNIT_NAME, given, f"与区划代码对应的名称“{name}”不一致，以区划代码为准"
            )
        self.unit_paths[pk] = path
        return pk

    def _committee_and_post(
        self, number: int, values: dict[str, Any], unit_id: int | None
    ) -> tuple[str | None, str | None]:
        kind, label = values[COMMITTEE], values[POST]
        if kind is None:
            return None, None
        if unit_id is not None:
            error = registry.committee_kind_error(kind, self.units[values[UNIT]][2])
            if error:
                self.report.error(number, COMMITTEE, _COMMITTEE_LABELS[CommitteeKind(kind)], error)
                return None, None
        if label is None:
            return kind, None
        post = _POSTS[CommitteeKind(kind)].get(label)
        if post is None:
            allowed = "、".join(_POSTS[CommitteeKind(kind)])
            self.report.error(number, POST, label, f"{_COMMITTEE_LABELS[kind]}没有此职务（可选：{allowed}）")
        return kind, post

    def _check_against_file(self, e: _Entry) -> None:
        err = self.report.error
        first = self.first_by_citizen.get(e.citizen)
        masked = mask_citizen_id(e.citizen)
        if first is None:
            self.first_by_citizen[e.citizen] = e
        elif first.unit_id == e.unit_id and first.kind == e.kind:
            if first.number not in self.reported_first:
                self.reported_first.add(first.number)
                err(first.number, ID, masked, f"同一人在同一班子中重复出现（第 {e.number} 行也是此人）")
            err(e.number, ID, masked, f"同一人在同一班子中重复出现（第 {first.number} 行已有此人）")
        elif first.unit_id != e.unit_id:
            err(e.number, ID, masked, f"同一人不能在两个村（社区）任职（第 {first.number} 行为另一单位）")
        elif first.person[0] != e.person[0]:
            err(e.number, NAME, e.person[0], f"同一身份证号在第 {first.number} 行的姓名为“{first.person[0]}”")
        elif first.person != e.person:
            differ = [
                label
                for label, a, b in zip(
                    PERSON_COLUMNS,
                    first.person,
                    e.person,
                    strict=False,
                )
                if a != b
            ]
            err(e.number, differ[0], "", f"同一人的{'、'.join(differ)}与第 {first.number} 行不一致")
        if e.roles:
            stated = self.claims.setdefault(e.citizen, (e.roles, e.number))
            if stated[0] != e.roles:
                err(
                    e.number,
                    ROLES,
                    _ROLE_LABEL[e.roles],
                    f"与第 {stated[1]} 行填写的“{_ROLE_LABEL[stated[0]]}”不一致（同一人的兼任情况只有一种）",
                )
        if registry.has_single_holder(e.post):
            key = (e.unit_id, e.kind, e.post)
            holder = self.holders.get(key)
            if holder is None:
                self.holders[key] = e.number
            else:
                title = _POST_TITLE[Post(e.post)]
                err(e.number, POST, title, f"同一班子只能有一名{title}（第 {holder} 行已填写{title}）")
        if e.party_form:
            ckey = (e.unit_id, e.kind)
            seen = self.forms.get(ckey)
            if seen is None:
                self.forms[ckey] = (e.party_form, e.number)
            elif seen[0] != e.party_form:
                err(
                    e.number,
                    PARTY_FORM,
                    PartyOrgForm(e.party_form).label,
                    f"与第 {seen[1]} 行填写的“{PartyOrgForm(seen[0]).label}”不一致",
                )

    # -- from the preview to the commit -----------------------------------------------------------

    def dump(self) -> Any:
        def day(d: dt.date | None) -> str | None:
            return d.isoformat() if d else None

        return [
            [
                e.number,
                e.unit_id,
                e.kind,
                e.post,
                e.party_form,
                e.term,
                day(e.start),
                e.source,
                e.citizen,
                [*e.person[:2], day(e.person[2]), *e.person[3:5], day(e.person[5]), *e.person[6:]],
                e.roles,
            ]
            for e in self.entries
        ]

    def restore(self, data: Any) -> None:
        def day(s: str | None) -> dt.date | None:
            return dt.date.fromisoformat(s) if s else None

        by_id = {v[0]: (code, v) for code, v in self.units.items()}
        checked: dict[int, bool] = {}
        for number, unit_id, kind, post, form, term, start, source, citizen, p, *rest in data:
            if unit_id not in checked:
                # The unit checks of row(), against the units as they are now.
                found = by_id.get(unit_id)
                values = dict.fromkeys((UNIT, UNIT_NAME))
                values[UNIT] = found[0] if found else ""
                if found is None:
                    self.report.error(number, UNIT, "", "区划代码不存在")
                    checked[unit_id] = False
                else:
                    checked[unit_id] = self._unit(number, values) == unit_id
            if not checked[unit_id]:
                continue
            person = (*p[:2], day(p[2]), *p[3:5], day(p[5]), *p[6:])
            e = _Entry(number, unit_id, kind, post, form, term, day(start), source, citizen, person)
            e.roles = rest[0] if rest else ""
            if e.roles:
                self.claims.setdefault(citizen, (e.roles, number))
            self.first_by_citizen.setdefault(citizen, e)
            self.entries.append(e)

    # -- against the registry --------------------------------------------------------------------

    def finish(self) -> None:
        index = crypto.blind_indexer()
        indexes = {citizen: index(citizen) for citizen in self.first_by_citizen}
        for e in self.entries:
            e.index = indexes[e.citizen]
        # Existing persons, by the blind index (one person, one record), with their domicile and
        # the units where they sit.
        self.existing: dict[str, tuple[int, str, int]] = {}
        keys = list(indexes.values())
        for i in range(0, len(keys), CHUNK):
            for pk, idx, name, domicile_id in _persons_by_index(keys[i : i + CHUNK]):
                self.existing[idx] = (pk, name, domicile_id)
        person_pks = [v[0] for v in self.existing.values()]
        self.seats: dict[int, set[int]] = {}
        for i in range(0, len(person_pks), CHUNK):
            for person_id, unit_id in _seats_of(person_pks[i : i + CHUNK]):
                self.seats.setdefault(person_id, set()).add(unit_id)
        self._check_registered_elsewhere()
        # Existing committees of the units in the file, their sitting single-holder posts and all
        # their sitting tenures: two queries over the subtree shared by the file's units (a path
        # prefix, no long IN lists), filtered here to the units of the file.
        prefix = common_path(set(self.unit_paths.values()))
        self.committees: dict[tuple[int, str], tuple[int, str]] = {}
        self.sitting_posts: dict[int, dict[str, tuple[str, str]]] = {}
        sitting_holders: dict[tuple[int, str], tuple[int, str]] = {}
        sitting: set[tuple[int, int]] = set()
        if prefix:
            wanted = self.unit_paths
            for pk, unit_id, kind, form in Committee.objects.filter(
                org_unit__path__startswith=prefix
            ).values_list("pk", "org_unit_id", "kind", "party_org_form"):
                if unit_id in wanted:
                    self.committees[(unit_id, kind)] = (pk, form)
            ours = {pk for pk, _ in self.committees.values()}
            for committee_id, post, person_id, name in Tenure.objects.filter(
                committee__org_unit__path__startswith=prefix, end_date__isnull=True
            ).values_list("committee_id", "post", "person_id", "person__name"):
                if committee_id not in ours:
                    continue
                sitting.add((person_id, committee_id))
                self.sitting_posts.setdefault(committee_id, {})[str(person_id)] = (name, post)
                if registry.has_single_holder(post):
                    sitting_holders[(committee_id, post)] = (person_id, name)
        warned: set[int] = set()
        for e in self.entries:
            if e.conflict is not None:
                continue  # nothing more is said about a person registered elsewhere
            known = self.existing.get(e.index)
            committee = self.committees.get((e.unit_id, e.kind))
            person_id = known[0] if known else None
            if known and known[1] != e.person[0] and e.number not in warned:
                warned.add(e.number)
                self.report.warning(
                    e.number,
                    NAME,
                    e.person[0],
                    f"该身份证号已登记为“{known[1]}”，将沿用已登记的人员记录（不修改其信息）",
                )
            if committee is None:
                continue
            if person_id is not None and (person_id, committee[0]) in sitting:
                self.report.error(e.number, ID, mask_citizen_id(e.citizen), "此人已在该班子任职（在任）")
                continue
            holder = sitting_holders.get((committee[0], e.post))
            if holder is not None and holder[0] != person_id:
                title = _POST_TITLE[Post(e.post)]
                self.report.error(
                    e.number, POST, title, f"该班子已有在任{title}“{holder[1]}”，请先办理其离任"
                )
        self._check_committees()

    def _check_committees(self) -> None:
        """The village page's committee checks (rules.committee_checks.unit_findings, the same call)
        over what each unit's committees will be after the commit: its sitting members plus the
        file's rows, the Party organization's form (the file's, else the registered one), the
        unit's 党员数, the 职数 planning decided (core.plugins.seat_counts, batched) and the province's
        profile, the near relatives among registered members, and the 兼任情况 the file states.
        Each finding is reported once per unit, at its first row, under 村（社区）名称, with its rule
        and how sure the rule is: a block is an error (nothing is written), the rest are warnings
        (400 委员 on one committee is not “检查通过” without a word)."""
        after: dict[int, dict[str, dict[str, tuple[str, str]]]] = {}
        forms: dict[int, str] = {}
        for (unit_id, kind), (committee_id, form) in self.committees.items():
            after.setdefault(unit_id, {})[kind] = dict(self.sitting_posts.get(committee_id, {}))
            if kind == CommitteeKind.PARTY_ORG:
                forms[unit_id] = form
        first_row: dict[int, int] = {}
        starts: dict[int, dt.date] = {}
        claims: dict[int, dict[str, frozenset[str]]] = {}
        for e in self._seated():
            known = self.existing.get(e.index)
            person = str(known[0]) if known else f"new:{e.index}"
            after.setdefault(e.unit_id, {}).setdefault(e.kind, {})[person] = (e.person[0], e.post)
            first_row.setdefault(e.unit_id, e.number)
            if e.party_form:
                forms[e.unit_id] = e.party_form
            stated = self.claims.get(e.citizen)
            if stated is not None:
                claims.setdefault(e.unit_id, {})[person] = ROLE_CLAIMS[stated[0]]
            if e.start is not None:
                starts[e.unit_id] = max(starts.get(e.unit_id, e.start), e.start)
        if not first_row:
            return
        seats = selectors.units_seats(self.actor, first_row)
        relations = self._relations(
            {
                int(key)
                for unit_id in first_row
                for members in after[unit_id].values()
                for key in members
                if key.isdigit()
            }
        )
        by_id = {v[0]: v for v in self.units.values()}
        for unit_id, number in sorted(first_row.items(), key=lambda kv: kv[1]):
            _, _, level, name, _, party_members = by_id[unit_id]
            decided = seats.get(unit_id, SeatCounts())
            law, profile = adapters.law_and_profile(
                level, starts.get(unit_id, self.today), decided.profile_code
            )
            for f in committee_checks.unit_findings(
                after[unit_id],
                law=law,
                profile=profile,
                party_org_form=forms.get(unit_id, ""),
                party_members=party_members,
                seats=decided.committee_seats,
                relations=relations,
                claimed=claims.get(unit_id),
            ):
                report = self.report.error if f.blocks else self.report.warning
                report(number, UNIT_NAME, name, for_display(f"{f.message}（依据：{f.rule}；{f.provenance}）"))

    @staticmethod
    def _relations(person_ids: set[int]) -> dict[frozenset[str], str]:
        """committee_checks' relation map among these registered persons (a new person has none)."""
        ids = sorted(person_ids)
        found = []
        for i in range(0, len(ids), CHUNK):
            found += [
                r
                for r in Relation.objects.filter(person_a__in=ids[i : i + CHUNK])
                if r.person_b_id in person_ids
            ]
        return adapters.relation_labels(found)

    def _check_registered_elsewhere(self) -> None:
        """A registered person whose domicile or a sitting post lies outside the uploader's
        jurisdiction is neither named nor seated: the row goes to the conflict queue of the lowest
        level holding both places, and the uploader is told only that this level must decide
        (hardening issue 7). A sitting post in another unit inside the jurisdiction is refused, as
        two units in one file are: one person, one village."""
        paths = {pk: v[1] for v in self.units.values() for pk in (v[0],)}
        names = {v[0]: v[3] for v in self.units.values()}
        in_scope: dict[int, bool] = {}

        def inside(unit_id: int) -> bool:
            if unit_id not in in_scope:
                in_scope[unit_id] = can(self.actor, self.capability, paths[unit_id])
            return in_scope[unit_id]

        for e in self.entries:
            known = self.existing.get(e.index)
            if known is None:
                continue
            person_id, _, domicile_id = known
            others = sorted(self.seats.get(person_id, set()) - {e.unit_id})
            outside = [(domicile_id, False)] if not inside(domicile_id) else []
            outside += [(u, True) for u in others if not inside(u)]
            if outside:
                level = conflicts.lowest_common_level(
                    [self.unit_paths[e.unit_id], *(paths[u] for u, _ in outside)]
                )
                e.conflict = (person_id, outside[0][0], outside[0][1], level)
                self.report.warning(
                    e.number, ID, mask_citizen_id(e.citizen), conflicts.uploader_message(level)
                )
            elif others:
                self.report.error(
                    e.number,
                    ID,
                    mask_citizen_id(e.citizen),
                    f"此人已在“{names[others[0]]}”任职（在任），同一人不能在两个村（社区）任职",
                )

    def _seated(self) -> list[_Entry]:
        return [e for e in self.entries if e.conflict is None]

    def summary(self) -> list[str]:
        """The result lines the commit will report, from the same counts (nothing unannounced)."""
        seated = self._seated()
        forms = self._forms(seated)
        return self.result_lines(
            {
                "persons_created": sum(
                    1 for c in self.first_by_citizen.values() if c.index not in self.existing
                ),
                "persons_reused": len({e.index for e in seated if e.index in self.existing}),
                "committees_created": len(set(forms) - set(self.committees)),
                "tenures_created": len(seated),
                "committees_updated": sum(len(pks) for pks in self._form_changes(forms).values()),
                "conflicts_created": len(self.entries) - len(seated),
            }
        )

    @staticmethod
    def _forms(entries: list[_Entry]) -> dict[tuple[int, str], str]:
        """The committees the entries sit on, with the 党组织形式 the file gives them ('' if none)."""
        forms: dict[tuple[int, str], str] = {}
        for e in entries:
            forms.setdefault((e.unit_id, e.kind), "")
            if e.party_form:
                forms[(e.unit_id, e.kind)] = e.party_form
        return forms

    def _form_changes(self, forms: dict[tuple[int, str], str]) -> dict[str, list[int]]:
        """New 党组织形式 → pks of the existing committees the file changes to it."""
        changes: dict[str, list[int]] = {}
        for key, (pk, form) in self.committees.items():
            if forms.get(key) and forms[key] != form:
                changes.setdefault(forms[key], []).append(pk)
        return changes

    @classmethod
    def result_lines(cls, result: dict[str, Any]) -> list[str]:
        lines = [
            f"新增人员 {result.get('persons_created', 0)} 人"
            + (f"，沿用已登记人员 {result['persons_reused']} 人" if result.get("persons_reused") else ""),
            f"新建班子 {result.get('committees_created', 0)} 个",
            f"新增在任职务 {result.get('tenures_created', 0)} 条",
        ]
        if result.get("committees_updated"):
            lines.append(f"更新党组织形式 {result['committees_updated']} 个")
        if result.get("conflicts_created"):
            lines.append(f"转上级决定 {result['conflicts_created']} 条（该人员已在其他地方登记）")
        return lines

    def target_paths(self) -> set[str]:
        return {self.unit_paths[e.unit_id] for e in self.entries}

    # -- writing ---------------------------------------------------------------------------------

    def write(self, progress: Progress) -> dict[str, Any]:
        entries = self._seated()
        conflict_ids = bulk_insert(
            RegistrationConflict,
            [
                "person_id",
                "unit_id",
                "other_unit_id",
                "other_is_seat",
                "level_path",
                "committee_kind",
                "party_org_form",
                "post",
                "term_number",
                "start_date",
                "source",
                "raised_by_id",
            ],
            [
                (
                    e.conflict[0],
                    e.unit_id,
                    *e.conflict[1:],
                    e.kind,
                    e.party_form,
                    e.post,
                    e.term,
                    e.start,
                    e.source,
                    self.actor.pk,
                )
                for e in self.entries
                if e.conflict is not None
            ],
        )
        # Committees (committee_ensure semantics): create the missing ones, set a changed form.
        forms = self._forms(entries)
        missing = [key for key in forms if key not in self.committees]
        new_committee_ids = bulk_insert(
            Committee, ["org_unit_id", "kind", "party_org_form"], [(u, k, forms[(u, k)]) for u, k in missing]
        )
        committee_ids = {key: pk for key, (pk, _) in self.committees.items()}
        committee_ids.update(zip(missing, new_committee_ids, strict=True))
        form_changes = self._form_changes(forms)
        for form, pks in form_changes.items():  # one update per 党组织形式 (three at most)
            # version: an edit form loaded before this import is then refused, not applied over it
            Committee.objects.filter(pk__in=pks).update(party_org_form=form, version=BUMP)

        # Persons: one per distinct ID not yet registered; encrypted once each.
        person_ids = {idx: v[0] for idx, v in self.existing.items()}
        fresh = [e for e in self.first_by_citizen.values() if e.index not in person_ids]
        total = max(len(fresh) + len(entries), 1)
        rows = len(entries)
        created_people = bulk_insert(
            Person,
            PERSON_INSERT_COLUMNS,
            [self._person_row(e) for e in fresh],
            progress=lambda n: progress(rows * n // total),
        )
        person_ids.update(zip((e.index for e in fresh), created_people, strict=True))

        # Tenures (tenure_start semantics, checked above): all sitting.
        created_tenures = bulk_insert(
            Tenure,
            ["person_id", "committee_id", "post", "term_number", "start_date", "source"],
            [
                (person_ids[e.index], committee_ids[(e.unit_id, e.kind)], e.post, e.term, e.start, e.source)
                for e in entries
            ],
            progress=lambda n: progress(rows * (len(fresh) + n) // total),
        )
        new_committees = new_committee_ids

        def span(ids: Sequence[int]) -> list[int]:
            return [min(ids), max(ids)] if ids else []

        return {
            "persons_created": len(created_people),
            "persons_reused": len({e.index for e in entries} - {e.index for e in fresh}),
            "committees_created": len(new_committees),
            "committees_updated": sum(len(pks) for pks in form_changes.values()),
            "tenures_created": len(created_tenures),
            "person_ids": span(created_people),
            "committee_ids": span(new_committees),
            "tenure_ids": span(created_tenures),
            "conflicts_created": len(conflict_ids),
            "conflict_ids": span(conflict_ids),
            "units": self._changed_units({e.unit_id for e in entries}),
        }

    def _changed_units(self, unit_ids: set[int]) -> list[list[str]]:
        """[code, name] of the villages and communities written to (the first CHANGED_UNITS), for
        the result page's links."""
        return sorted([code, v[3]] for code, v in self.units.items() if v[0] in unit_ids)[:CHANGED_UNITS]

    @staticmethod
    def _person_row(e: _Entry) -> tuple[Any, ...]:
        name, sex, birth, ethnicity, status, party_date, edu, edu2, phone, unit_id = e.person
        return (
            crypto.encrypt(e.citizen),
            e.index,
            mask_citizen_id(e.citizen),
            name,
            sex,
            birth,
            ethnicity,
            status,
            party_date,
            edu,
            edu2,
            phone,
            unit_id,
        )
