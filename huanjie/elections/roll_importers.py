"""Import of household-register lists into voter rolls (kind ``elections_roll``, issue 12 req. 4).

One row = one person registered on the current roll of a village or community (its latest roll that
is neither locked nor superseded: a roll is made for the election's voting day first). Runs through
the import kit: preview, nothing written unless the whole file is clean, one transaction.

Checks, each reported as (row, column, value, reason in Chinese): the unit (code, village or
community, inside the uploader's jurisdiction, a current roll exists); the citizen ID (GB 11643);
the registration category (one of the law in force on the registration day and the profile); the
law's verdict on the voting day (rules.eligibility.voter_eligibility_on: age counted to the voting
day, deprived of political rights, declaration/application, the 村民会议's consent, duration) — a
person not eligible is refused with the law's reason; the same ID twice for one unit, a second 户代表
of one household; a person already on the roll. A person on another village's roll of the campaign is
written and queued as a conflict (elections.roll_services.detect_conflicts) for the level holding
both. IDs are encrypted (SM4-GCM), indexed (HMAC-SM3) and masked like people.Person.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

from django.db import connection
from django.utils import timezone

from huanjie.core import crypto
from huanjie.core.imports import BOOL, CHOICE, CITIZEN_ID, CODE, DATE, Column, Importer, Progress, bulk_insert
from huanjie.core.imports.forked import Forked, can_fork
from huanjie.core.scoping import can, minimal_paths, scope_paths
from huanjie.elections import roll_services
from huanjie.elections.capabilities import ElectionsCap
from huanjie.elections.models.roll import AddReason, EntryStatus, RollEntry, RollMode, RollState, VoterRoll
from huanjie.org.importers import own_units_of
from huanjie.org.models import OrgUnit
from huanjie.people.models import Person
from huanjie.rules.ids import PROVINCE_CODES, InvalidCitizenId, mask_citizen_id, parse_citizen_id

UNIT = "村（社区）区划代码"
UNIT_NAME = "村（社区）名称"
GROUP = "村（居）民小组"
NAME = "姓名"
ID = "身份证号"
CATEGORY = "登记类别"
APPLIED = "本人申请参加选举"
APPROVED = "村民会议同意"
SINCE = "居住或工作起始日期"
DEPRIVED = "被剥夺政治权利"
HOUSEHOLD = "户号"
REGISTERED = "登记日期"
ADD_REASON = "新增原因"

#: The file's category labels → rules.profiles registration-category codes (codes are accepted too).
CATEGORY_LABELS = (
    ("户籍在本村并在本村居住", "hukou_resident"),
    ("户籍在本村不在本村居住", "hukou_absent"),
    ("户籍不在本村在本村居住一年以上", "resident_non_hukou"),
    ("在本村从事村务工作一年以上", "village_work"),
    ("本居住地区居民", "resident"),
    ("户籍在本社区", "hukou"),
    ("户籍不在本社区在本社区常住", "resident_non_hukou"),
    ("社区工作者", "community_worker"),
)
_CODES = (
    "hukou_resident",
    "hukou_absent",
    "resident_non_hukou",
    "village_work",
    "resident",
    "hukou",
    "community_worker",
    "collective_member",
    "former_agricultural",
    "married_in",
    "talent",
)
CHUNK = 5000
#: Length of a town's path (OrgUnit.path: 4/6/9/12 digits), the prefix of its villages' paths.
TOWN = 9
#: The share of a large file's IDs the commit encrypts in its own process (the rest, with every
#: blind index, in a fork while the rows are checked again: the shares then take about as long).
ENCRYPTED_HERE = 0.4
#: Blind indexes per look-up on PostgreSQL (one array literal each).
PG_CHUNK = 100_000


def _array_literal(keys: list[str]) -> str:
    """A PostgreSQL array literal of blind indexes (hex digits only: nothing to quote). psycopg's
    array adapter costs seconds per million strings; one text parameter costs nothing."""
    return "{" + ",".join(keys) + "}"


def _registered(keys: list[str]) -> dict[str, int]:
    """Registered persons' pks by blind index, for these blind indexes. Fewer persons in the
    register than keys (a city's rolls against its cadres and candidates): every person is read
    once (50,000 persons in 0.1 s, where looking up 1,000,000 keys took 1.2 s); else the keys are
    looked up in chunks."""
    if Person.objects.count() <= len(keys):
        wanted = set(keys)
        return {
            k: pk
            for k, pk in Person.objects.order_by().values_list("id_index", "pk").iterator(chunk_size=10_000)
            if k in wanted
        }
    found: dict[str, int] = {}
    chunk = PG_CHUNK if connection.vendor == "postgresql" else CHUNK
    for i in range(0, len(keys), chunk):
        found.update(_persons(keys[i : i + chunk]))
    return found


def _persons(keys: list[str]) -> Any:
    """(id_index, pk) of the registered persons among these blind indexes. On PostgreSQL the keys
    travel as one array parameter (= ANY), much cheaper than 5,000 placeholders."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Person._meta.db_table)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT id_index, id FROM {table} WHERE id_index = ANY(%s::varchar[])",  # noqa: S608
                [_array_literal(keys)],
            )
            return cur.fetchall()
    return Person.objects.filter(id_index__in=keys).values_list("id_index", "pk")


def _on_rolls(roll_ids: list[int], keys: list[str]) -> Any:
    """(roll id, id_index) of the active entries of these rolls among these blind indexes."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(RollEntry._meta.db_table)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT roll_id, id_index FROM {table} WHERE roll_id = ANY(%s)"  # noqa: S608
                " AND id_index = ANY(%s::varchar[]) AND status = %s",
                [roll_ids, _array_literal(keys), EntryStatus.ACTIVE],
            )
            return cur.fetchall()
    return RollEntry.objects.filter(
        roll_id__in=roll_ids, id_index__in=keys, status=EntryStatus.ACTIVE
    ).values_list("roll_id", "id_index")


# GB 11643-1999 校验码 (ISO 7064 MOD 11-2), as rules.ids.check_char: Σ digit × W_i over the first 17.
_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK_TABLE = "10X98765432"


def _group_sums(start: int, width: int) -> dict[str, int]:
    """Σ digit × W over the ``width`` digits from ``start``, for every string of that many digits."""
    return {
        f"{n:0{width}d}": sum(int(d) * _WEIGHTS[start + i] for i, d in enumerate(f"{n:0{width}d}"))
        for n in range(10**width)
    }


#: The weighted sum of 17 digits as six look-ups (three digits at a time): half the time of summing
#: the 17 products, for every row of a file.
_GROUPS = tuple(_group_sums(start, 3 if start < 15 else 2) for start in (0, 3, 6, 9, 12, 15))


class _FastIds:
    """``rules.ids.parse_citizen_id`` for the numbers that pass it as they stand (nearly every row of
    a real file), a few times faster: 18 ASCII characters, 17 digits, a province code, a real birth
    date not after today (the distinct dates are memoised) and the right check character. Anything
    else returns None and goes through ``parse_citizen_id``, which gives the reason in Chinese (GB
    11643-1999 《公民身份号码》, as rules.ids cites), so both paths accept exactly the same numbers."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.births: dict[str, dt.date | None] = {}

    def __call__(self, raw: str) -> tuple[str, dt.date, str] | None:
        if len(raw) != 18 or not raw.isascii() or not raw[:17].isdigit() or raw[:2] not in PROVINCE_CODES:
            return None
        text = raw[6:14]
        birth = self.births.get(text, dt.date.min)
        if birth is dt.date.min:
            try:
                birth = dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
            except ValueError:
                birth = None
            if birth is not None and birth > self.today:
                birth = None
            self.births[text] = birth
        if birth is None:
            return None
        g0, g1, g2, g3, g4, g5 = _GROUPS
        total = g0[raw[:3]] + g1[raw[3:6]] + g2[raw[6:9]] + g3[raw[9:12]] + g4[raw[12:15]] + g5[raw[15:17]]
        if _CHECK_TABLE[total % 11] != raw[17]:
            return None
        return raw, birth, ("M" if ord(raw[16]) & 1 else "F")


def _day(memo: dict[str, dt.date], text: str) -> dt.date:
    found = memo.get(text)
    if found is None:
        found = memo[text] = dt.date.fromisoformat(text)
    return found


def _masked(number: str) -> str:
    """``mask_citizen_id`` of a parsed (18-character) number."""
    return number[:6] + "************"


_ENTRY_COLUMNS = (
    "roll_id",
    "person_id",
    "name",
    "id_cipher",
    "id_index",
    "id_masked",
    "sex",
    "birth_date",
    "group",
    "household",
    "category",
    "applied",
    "approved",
    "since",
    "registered_on",
    "law_code",
    "add_reason",
    "status",
    "remove_reason",
    "remove_note",
)


class _Sized(Iterable[tuple[Any, ...]]):
    """Rows made as COPY reads them."""

    def __init__(self, rows: Iterable[tuple[Any, ...]], count: int) -> None:
        self.rows, self.count = rows, count

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)

    def __contains__(self, item: object) -> bool:  # pragma: no cover - Collection's protocol
        raise NotImplementedError


def _blind_indexes(citizens: list[str]) -> list[str]:
    """The blind indexes of these IDs. Not kept from the preview: 64 hex digits a row were most of
    its sealed state (57 of 13 MB for a million rows, compressed), costlier to compress, encrypt and
    store than to make again."""
    index = crypto.blind_indexer()
    return [index(c) for c in citizens]


@dataclass(slots=True)
class _Row:
    number: int
    roll_id: int
    name: str
    citizen: str
    sex: str
    birth: dt.date
    group: str
    household: str
    category: str
    applied: bool
    approved: bool
    since: dt.date | None
    registered_on: dt.date
    law_code: str
    add_reason: str
    index: str = ""


class VoterRollImporter(Importer):
    """Household-register lists (户籍名单) into the current voter roll of each village or community."""

    kind = "elections_roll"
    label = "选民名单（户籍名单）"
    sheet_name = "选民名单"
    capability = ElectionsCap.EDIT
    audit_model = "elections.RollEntry"
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
        Column(UNIT_NAME, aliases=("村（社区）",), help="可不填", width=12),
        Column(
            GROUP, aliases=("村民小组", "居民小组", "小组"), max_length=50, help="如 第一村民小组", width=12
        ),
        Column(NAME, required=True, max_length=50, width=8),
        Column(ID, CITIZEN_ID, required=True, sensitive=True, help="18 位（15 位旧号码自动升位）", width=20),
        Column(
            CATEGORY,
            CHOICE,
            required=True,
            choices=CATEGORY_LABELS,
            choice_aliases=tuple((c, c) for c in _CODES),
            help="如 户籍在本村并在本村居住；须为登记日施行的法律及本省规定的类别",
            width=22,
        ),
        Column(APPLIED, BOOL, help="户籍在本村不在本村居住、外来人员等须本人表示或申请：是/否", width=8),
        Column(
            APPROVED,
            BOOL,
            aliases=("会议同意",),
            help="第三类选民须经村民会议或村民代表会议同意：是/否",
            width=8,
        ),
        Column(SINCE, DATE, help="有居住或工作年限要求的类别填写", width=12),
        Column(DEPRIVED, BOOL, help="依照法律被剥夺政治权利的填 是（不予登记）", width=8),
        Column(HOUSEHOLD, max_length=30, help="户代表名单必填", width=10),
        Column(REGISTERED, DATE, help="可不填，默认今天", width=12),
        Column(
            ADD_REASON, CHOICE, choices=tuple((label, value) for value, label in AddReason.choices), width=10
        ),
    )
    examples = (
        {
            UNIT: "339999001201",
            UNIT_NAME: "示例村",
            GROUP: "第一村民小组",
            NAME: "张建国",
            ID: "329901197506010119",
            CATEGORY: "户籍在本村并在本村居住",
            APPLIED: "否",
            APPROVED: "否",
            DEPRIVED: "否",
        },
    )
    notes = (
        "每行一名选民，导入到该村（社区）当前的选民名单（请先为选举日建立名单）。",
        "不符合登记条件的人员（未满十八周岁、被剥夺政治权利、未申请或未经同意等）整份文件不予导入，并逐行说明原因。",
        "同一人已在其他村（社区）名单中登记的，导入后转交共同上级，由本人选择一处登记。",
    )

    @classmethod
    def own_units(cls, actor: Any) -> list[dict[str, Any]]:
        return own_units_of(actor, cls.capability, leaves_only=True)

    @classmethod
    def examples_for(cls, units: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
        """The example on the user's first village or community."""
        if not units:
            return cls.examples
        return tuple({**e, UNIT: units[0]["code"], UNIT_NAME: units[0]["name"]} for e in cls.examples)

    # -- loading ---------------------------------------------------------------------------------

    def load(self) -> None:
        self.today = timezone.localdate()
        self.units: dict[str, tuple[int, str, str, str]] = {
            code: (pk, path, level, name)
            for pk, code, path, level, name in OrgUnit.objects.filter(
                level__in=("village", "community")
            ).values_list("pk", "code", "path", "level", "name")
        }
        self.rolls: dict[int, VoterRoll] = {}  # by unit
        self.towns_loaded: set[str] = set()
        self.judges: dict[int, roll_services.Eligibility] = {}
        # one judge (and its memo of verdicts) for every roll of the same law, voting day and profile
        self.shared_judges: dict[tuple[str, dt.date, str], roll_services.Eligibility] = {}
        self.ids = _FastIds(self.today)
        self.in_scope: dict[str, bool] = {}
        self.current: dict[str, VoterRoll] = {}
        self.entries: list[_Row] = []
        # restore's: the entries' IDs' ciphers, in order
        self.ciphers: Iterable[list[str]] | None = None
        self.preloaded = False
        self.restored = False  # the preview's checked rows taken back (restore)

    def _roll(self, number: int, code: str | None) -> VoterRoll | None:
        if code is None:
            return None
        found = self.current.get(code)
        if found is not None:  # a unit already checked and in order: most rows
            return found
        unit = self.units.get(code)
        if unit is None:
            self.report.error(number, UNIT, code, "区划代码不存在，或不是村、社区")
            return None
        pk, path, _level, _name = unit
        if path not in self.in_scope:
            self.in_scope[path] = can(self.actor, self.capability, path)
        if not self.in_scope[path]:
            self.report.error(number, UNIT, code, "该村（社区）不在您的管辖范围内")
            return None
        if pk not in self.rolls and not self.preloaded and path[:TOWN] not in self.towns_loaded:
            self._load_rolls(path[:TOWN])
        roll = self.rolls.get(pk)
        if roll is not None:
            self.current[code] = roll
        if roll is None:
            self.report.error(
                number, UNIT, code, "该村（社区）还没有可以登记的选民名单，请先为选举日建立名单"
            )
        return roll

    def _load_rolls(self, town: str) -> None:
        """The current roll (latest voting day, neither locked nor superseded) of every village and
        community of a town, in one query: a file lists a town's villages one after another, and a
        query per village cost 4 s per 1,000 villages. (Any path: ``prepare_split`` loads whole
        jurisdictions.)"""
        self.towns_loaded.add(town)
        found = (
            VoterRoll.objects.filter(unit__path__startswith=town, superseded=False)
            .exclude(state=RollState.LOCKED)
            .select_related("unit")
            .order_by("unit_id", "-voting_day", "pk")
        )
        for roll in found:
            if roll.unit_id not in self.rolls:
                self.rolls[roll.unit_id] = roll
                self.judges[roll.pk] = self._judge(roll)

    def _judge(self, roll: VoterRoll) -> roll_services.Eligibility:
        """The roll's judge, shared by the rolls with the same law, voting day and profile (their
        verdicts are the same for the same facts; a city's villages mostly share one)."""
        key = (roll.unit.level, roll.voting_day, roll.profile_code)
        judge = self.shared_judges.get(key)
        if judge is None:
            judge = self.shared_judges[key] = roll_services.eligibility_for(roll)
        return judge

    # -- one row ---------------------------------------------------------------------------------

    def row(self, number: int, values: dict[str, Any], failed: set[str]) -> None:
        err = self.report.error
        roll = self._roll(number, values[UNIT])
        raw = values[ID]
        if raw is None:
            return
        parsed = self.ids(raw)
        if parsed is None:
            try:
                cid = parse_citizen_id(raw, today=self.today)
            except InvalidCitizenId as exc:
                err(number, ID, mask_citizen_id(raw), f"身份证号无效：{exc.reason}")
                return
            parsed = (cid.number, cid.birth_date, cid.sex)
        citizen, birth, sex = parsed
        if roll is None or values[NAME] is None or values[CATEGORY] is None:
            return
        registered = values[REGISTERED] or self.today
        if registered > self.today:
            err(number, REGISTERED, registered, "登记日期不能晚于今天")
            return
        roll_id = roll.id  # the attribute: ``pk`` is a property, and this runs for every row
        verdict = self.judges[roll_id](
            birth_date=birth,
            category=values[CATEGORY],
            registered_on=registered,
            applied=bool(values[APPLIED]),
            approved=bool(values[APPROVED]),
            since=values[SINCE],
            deprived=bool(values[DEPRIVED]),
        )
        if not verdict.eligible:
            err(number, CATEGORY, values[CATEGORY], "不予登记：" + "；".join(verdict.reasons))
            return
        # the same person or household twice: finish (across rows)
        self.entries.append(
            _Row(
                number,
                roll_id,
                values[NAME],
                citizen,
                sex,
                birth,
                values[GROUP] or "",
                values[HOUSEHOLD] or "",
                values[CATEGORY],
                bool(values[APPLIED]),
                bool(values[APPROVED]),
                values[SINCE],
                registered,
                verdict.law_code,
                values[ADD_REASON] or "",
            )
        )

    # -- on two cores --------------------------------------------------------------------------------

    #: A city's file of a million rows is checked in half the time on two cores.
    split_rows = 100_000

    def prepare_split(self) -> None:
        """Every current roll of the uploader's jurisdiction (one query per unit the uploader holds
        the capability on), and the jurisdiction itself: ``row`` then queries nothing."""
        for path in minimal_paths(scope_paths(self.actor, self.capability)):
            self._load_rolls(path)
        self.preloaded = True

    def start_part(self) -> None:
        self.entries = []

    def part(self) -> Any:
        """The fork's entries, dates as ordinals (marshal has no dates)."""
        return [
            (
                e.number,
                e.roll_id,
                e.name,
                e.citizen,
                e.sex,
                e.birth.toordinal(),
                e.group,
                e.household,
                e.category,
                e.applied,
                e.approved,
                e.since.toordinal() if e.since else 0,
                e.registered_on.toordinal(),
                e.law_code,
                e.add_reason,
            )
            for e in self.entries
        ]

    def merge(self, part: Any) -> None:
        days: dict[int, dt.date] = {}

        def day(n: int) -> dt.date:
            found = days.get(n)
            if found is None:
                found = days[n] = dt.date.fromordinal(n)
            return found

        self.entries.extend(
            _Row(
                num,
                roll,
                name,
                cit,
                sex,
                day(b),
                grp,
                hh,
                cat,
                app,
                appr,
                day(s) if s else None,
                day(r),
                law,
                add,
            )
            for num, roll, name, cit, sex, b, grp, hh, cat, app, appr, s, r, law, add in part
        )

    # -- across rows and against the database ------------------------------------------------------

    def _once(self) -> None:
        """The same person twice on one roll, a second 户代表 of one household: the first row counts,
        a later one is refused naming it (GB 11643's number names the person; 户代表 rolls: one per
        household)."""
        err = self.report.error
        households_only = {r.id for r in self.rolls.values() if r.mode == RollMode.HOUSEHOLD}
        seen: dict[tuple[int, str], int] = {}
        households: dict[tuple[int, str], int] = {}
        kept: list[_Row] = []
        for e in self.entries:
            key = (e.roll_id, e.citizen)
            first = seen.get(key)
            if first is not None:
                err(e.number, ID, _masked(e.citizen), f"与第 {first} 行是同一人（同一名单中只能登记一次）")
                continue
            seen[key] = e.number
            if e.roll_id in households_only:
                if not e.household:
                    err(e.number, HOUSEHOLD, "", "户代表名单须填写户号")
                    continue
                hkey = (e.roll_id, e.household)
                first = households.get(hkey)
                if first is not None:
                    err(e.number, HOUSEHOLD, e.household, f"与第 {first} 行同户（每户一名户代表）")
                    continue
                households[hkey] = e.number
            kept.append(e)
        self.entries = kept

    def finish(self) -> None:
        if not self.restored:  # the preview refused the rows twice already
            self._once()
        roll_ids = sorted({e.roll_id for e in self.entries})
        # A first registration (the usual case: empty rolls) needs no look-up by person, nor the
        # blind indexes before the commit (which makes them: restore).
        if not RollEntry.objects.filter(roll_id__in=roll_ids, status=EntryStatus.ACTIVE).exists():
            return
        keys = list(self._indexes().values())
        on_roll: set[tuple[int, str]] = set()
        chunk = PG_CHUNK if connection.vendor == "postgresql" else CHUNK
        for i in range(0, len(keys), chunk):
            on_roll.update(_on_rolls(roll_ids, keys[i : i + chunk]))
        for e in self.entries:
            if (e.roll_id, e.index) in on_roll:
                self.report.error(e.number, ID, _masked(e.citizen), "此人已在该村（社区）的选民名单中")

    def _indexes(self) -> dict[str, str]:
        """The entries' blind indexes (those not made yet), by ID."""
        index = crypto.blind_indexer()
        by_citizen: dict[str, str] = {}
        for e in self.entries:
            found = by_citizen.get(e.citizen)
            if found is None:
                found = by_citizen[e.citizen] = e.index or index(e.citizen)
            e.index = found
        return by_citizen

    def summary(self) -> list[str]:
        return self.result_lines(
            {"entries_created": len(self.entries), "rolls": len({e.roll_id for e in self.entries})}
        )

    @classmethod
    def result_lines(cls, result: dict[str, Any]) -> list[str]:
        lines = [f"登记选民 {result.get('entries_created', 0)} 人，涉及名单 {result.get('rolls', 0)} 份"]
        if result.get("conflicts_created"):
            lines.append(f"发现重复登记 {result['conflicts_created']} 人，已转交共同上级由本人选择")
        return lines

    # -- from the preview to the commit -----------------------------------------------------------

    def dump(self) -> Any:
        texts: dict[dt.date, str] = {}

        def day(d: dt.date | None) -> str | None:
            if d is None:
                return None
            found = texts.get(d)
            if found is None:
                found = texts[d] = d.isoformat()
            return found

        return [
            [
                e.number,
                e.roll_id,
                e.name,
                e.citizen,
                e.group,
                e.household,
                e.category,
                e.applied,
                e.approved,
                day(e.since),
                day(e.registered_on),
                e.add_reason,
            ]
            for e in self.entries
        ]

    def restore(self, data: Any) -> None:
        """The database checks of ``row`` again: the roll still current and editable, in scope, and
        the verdict on the voting day as the roll now stands."""
        # Locked like every writer of a roll's entries (roll_services): no publication, lock or
        # other entry of these rolls meanwhile, and the rolls stay while the entries are written.
        rolls = {
            r.pk: r
            for r in VoterRoll.objects.filter(pk__in={d[1] for d in data})
            .select_related("unit")
            .select_for_update(of=("self",))
            .order_by("pk")
        }
        # For a large file a fork makes the blind indexes and encrypts the later IDs on the other
        # core while this process checks the rows again and encrypts the first ones (the two shares
        # take about as long). A row refused here fails the whole commit: nothing more is made.
        if data and len(data[0]) > 12:  # sealed before the blind indexes were left out of it
            data = [d[:12] for d in data]
        citizens = [d[3] for d in data]
        large = len(data) >= self.split_rows and can_fork()
        cut = round(len(citizens) * ENCRYPTED_HERE) if large else len(citizens)
        self.restored = True
        with (
            Forked(lambda: (_blind_indexes(citizens), crypto.encrypt_many(citizens[cut:])))
            if large
            else contextlib.nullcontext()
        ) as fork:
            self._recheck(data, rolls)
            if len(self.entries) != len(data):
                return
            first = crypto.encrypt_many(citizens[:cut])
            made = fork.result() if fork is not None else None
        indexes, rest = made or (_blind_indexes(citizens), crypto.encrypt_many(citizens[cut:]))
        for e, index in zip(self.entries, indexes, strict=True):
            e.index = index
        self.ciphers = [first, rest]

    def _recheck(self, data: Any, rolls: dict[int, VoterRoll]) -> None:
        ok: dict[int, bool] = {}
        births: dict[str, dt.date] = {}
        days: dict[str, dt.date] = {}
        for (
            number,
            roll_id,
            name,
            citizen,
            group,
            household,
            category,
            applied,
            approved,
            since,
            reg,
            add,
        ) in data:
            roll = rolls.get(roll_id)
            if roll_id not in ok:
                ok[roll_id] = bool(
                    roll is not None
                    and not roll.superseded
                    and roll.state != RollState.LOCKED
                    and can(self.actor, self.capability, roll.unit.path)
                )
                if roll is not None and ok[roll_id]:
                    self.judges[roll_id] = self._judge(roll)
                    self.rolls[roll.unit_id] = roll
            if not ok[roll_id]:
                self.report.error(number, UNIT, "", "该名单已锁定、已被取代或不在您的管辖范围内")
                continue
            # the ID was validated by the preview on the same stored bytes: only what it encodes
            text = citizen[6:14]
            birth = births.get(text)
            if birth is None:
                birth = births[text] = dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
            sex = "M" if ord(citizen[16]) & 1 else "F"  # the digit's parity ("0" is 48)
            since_d = (
                (days.get(since) or days.setdefault(since, dt.date.fromisoformat(since))) if since else None
            )
            reg_d = days.get(reg) or days.setdefault(reg, dt.date.fromisoformat(reg))
            verdict = self.judges[roll_id](
                birth_date=birth,
                category=category,
                registered_on=reg_d,
                applied=applied,
                approved=approved,
                since=since_d,
            )
            if not verdict.eligible:
                self.report.error(number, CATEGORY, category, "不予登记：" + "；".join(verdict.reasons))
                continue
            self.entries.append(
                _Row(
                    number,
                    roll_id,
                    name,
                    citizen,
                    sex,
                    birth,
                    group,
                    household,
                    category,
                    applied,
                    approved,
                    since_d,
                    reg_d,
                    verdict.law_code,
                    add,
                )
            )

    def target_paths(self) -> set[str]:
        paths = {r.pk: r.unit.path for r in self.rolls.values()}
        return {paths[e.roll_id] for e in self.entries}

    # -- writing ---------------------------------------------------------------------------------

    def write(self, progress: Progress) -> dict[str, Any]:
        entries, ciphers = self.entries, self.ciphers
        self.ciphers = None
        if ciphers is None:  # not restored (the file read again): the IDs are encrypted by a helper
            # process (a large file) while the persons are looked up and the rows stream to COPY
            self._indexes()
            ciphers = crypto.encrypt_stream([e.citizen for e in entries])
        persons = _registered(list(dict.fromkeys(e.index for e in entries)))
        active = EntryStatus.ACTIVE.value
        rows = (
            (
                e.roll_id,
                persons.get(e.index),
                e.name,
                cipher,
                e.index,
                _masked(e.citizen),
                e.sex,
                e.birth,
                e.group,
                e.household,
                e.category,
                e.applied,
                e.approved,
                e.since,
                e.registered_on,
                e.law_code,
                e.add_reason,
                active,
                "",
                "",
            )
            for e, cipher in zip(entries, chain.from_iterable(ciphers), strict=True)
        )
        ids = bulk_insert(
            RollEntry,
            list(_ENTRY_COLUMNS),
            _Sized(rows, len(entries)),
            progress=progress,
            ids=False,
            statistics=("id", "roll", "status", "id_index"),
        )
        written = {e.roll_id for e in self.entries}
        campaigns = {r.campaign_id for r in self.rolls.values() if r.pk in written}
        conflicts = 0
        # the pairs these entries form (every other writer of entries queued its own): at the fifth
        # file of a city, 3.5 s against 5.7 s for the whole campaign's 5,000,000 entries. Any other
        # entry written meanwhile within their ids' range is checked too, which does no harm.
        first, last = (ids[0], ids[-1]) if ids else (0, 0)
        just_written = RollEntry.objects.filter(pk__gte=first, pk__lte=last)
        for campaign_id in campaigns:
            conflicts += roll_services.detect_conflicts(campaign_id=campaign_id, entries=just_written)
        return {
            "entries_created": len(entries),
            "entry_ids": [first, last] if ids else [],
            "rolls": len(written),
            "conflicts_created": conflicts,
        }
