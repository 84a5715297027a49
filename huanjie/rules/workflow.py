"""Workflows of records prepared below and decided above (县镇共管: the town prepares, the county
reviews and approves, the city oversees), as pure data.

A ``WorkflowSpec`` is one record type's transition table: its states (with Chinese labels), the chain
of org levels it travels (e.g. village → town → county, plus city for 备案), which states are locked
(read-only), due days per state, and at most one parallel sign-off (several parties, e.g. 联审
departments, answering the same record). Core applies a transition; this module only answers
questions about the table: what may this actor do now, who must act next, is this state locked,
what does a set of sign-off answers amount to, and is the table itself sound.

Levels are the org levels ``city`` > ``county`` > ``town`` > ``village`` (a community acts at the
village level). An actor's level for a record is the level of the jurisdiction through which the
actor reaches the record, derived from the code-prefix path length (4 / 6 / 9 / 12 digits).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

# Top-down; a level's parent is the one before it.
LEVELS: tuple[str, ...] = ("city", "county", "town", "village")
LEVEL_LABELS: Mapping[str, str] = {"city": "市级", "county": "县级", "town": "乡镇", "village": "村级"}
_PATH_LENGTH_LEVEL: Mapping[int, str] = {4: "city", 6: "county", 9: "town", 12: "village"}

By = Literal["person", "system", "either"]
Answer = Literal["clear", "adverse"]
ANSWER_LABELS: Mapping[str, str] = {"clear": "无异议", "adverse": "有异议"}


def level_of_path(path: str) -> str | None:
    """The org level of a code-prefix path (市 4, 县 6, 镇 9, 村/社区 12 digits); None if malformed."""
    return _PATH_LENGTH_LEVEL.get(len(path))


def parent_level(level: str) -> str | None:
    """The level above ``level``; None for the top level (city)."""
    i = LEVELS.index(level)
    return LEVELS[i - 1] if i > 0 else None


@dataclass(frozen=True)
class Transition:
    """One row of the table: from any of ``sources`` to ``target``.

    ``level``: the org level whose users make it (None: any level holding ``capability`` in scope).
    ``capability``: what the actor must hold over the record (None: no capability needed, only for
    system transitions). ``by``: a person, the system (e.g. a dead worker's job), or either.
    """

    name: str
    sources: frozenset[str]
    target: str
    label_zh: str
    level: str | None = None
    capability: str | None = None
    requires_reason: bool = False
    by: By = "person"


@dataclass(frozen=True)
class SignOffSpec:
    """Parallel sign-off: while a record is in ``state``, each of ``parties`` answers once.

    When every party has answered with no adverse answer, the system applies ``on_clear``; when the
    answers are complete and one is adverse, ``on_adverse`` (at the first adverse answer already if
    ``adverse_decides_early``). ``capability``/``level`` bound who may answer for a party.
    """

    state: str
    parties: tuple[str, ...]
    party_labels: Mapping[str, str]
    on_clear: str
    on_adverse: str
    capability: str | None = None
    level: str | None = None
    adverse_decides_early: bool = False


@dataclass(frozen=True)
class WorkflowSpec:
    """A record type's workflow: states, table, chain of levels, locks, due days, sign-off."""

    code: str
    label_zh: str
    states: Mapping[str, str]
    initial: str
    transitions: tuple[Transition, ...]
    chain: tuple[str, ...]
    locked_states: frozenset[str] = frozenset()
    # State an unlocked record returns to (must be unlocked); None: this record type cannot be unlocked.
    unlocked_state: str | None = None
    edit_capability: str | None = None
    due_days: Mapping[str, int] = field(default_factory=dict)
    signoff: SignOffSpec | None = None

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def state_label(self, state: str) -> str:
        return self.states.get(state, state)


@dataclass(frozen=True)
class Actor:
    """Who acts: the levels through which the actor reaches the record and its capabilities there.

    The system actor has no level and no capability; it may make only system transitions.
    """

    levels: frozenset[str] = frozenset()
    capabilities: frozenset[str] = frozenset()
    system: bool = False


SYSTEM_ACTOR = Actor(system=True)


@dataclass(frozen=True)
class Refusal:
    """Why a transition is refused, in Chinese for officials; ``kind`` lets callers pick the error."""

    kind: Literal["unknown", "state", "system", "person", "capability", "level", "reason"]
    message: str


def _may_make(t: Transition, actor: Actor) -> bool:
    if actor.system:
        return t.by != "person"
    if t.by == "system":
        return False
    if t.capability is not None and t.capability not in actor.capabilities:
        return False
    return t.level is None or t.level in actor.levels


def check(spec: WorkflowSpec, state: str, name: str, actor: Actor, reason: str = "") -> Refusal | None:
    """None when ``actor`` may apply transition ``name`` to a record in ``state``; else why not."""
    t = spec.transition(name)
    if t is None:
        return Refusal("unknown", f"“{spec.label_zh}”没有“{name}”这一操作")
    if state not in t.sources:
        return Refusal("state", f"“{spec.state_label(state)}”状态的{spec.label_zh}不能执行“{t.label_zh}”")
    if actor.system and t.by == "person":
        return Refusal("system", f"“{t.label_zh}”须由工作人员办理，系统不能代办")
    if not actor.system and t.by == "system":
        return Refusal("person", f"“{t.label_zh}”由系统自动办理，不能手工操作")
    if not actor.system and t.capability is not None and t.capability not in actor.capabilities:
        return Refusal("capability", f"您没有“{t.label_zh}”的权限")
    if not actor.system and t.level is not None and t.level not in actor.levels:
        return Refusal("level", f"“{t.label_zh}”应由{LEVEL_LABELS[t.level]}办理")
    if t.requires_reason and not reason.strip():
        return Refusal("reason", f"“{t.label_zh}”须填写理由")
    return None


def allowed(spec: WorkflowSpec, state: str, actor: Actor) -> tuple[Transition, ...]:
    """The transitions ``actor`` may apply now to a record in ``state`` (reasons are asked later)."""
    return tuple(t for t in spec.transitions if state in t.sources and _may_make(t, actor))


@dataclass(frozen=True)
class NextActor:
    """Who must act next on a record: a level and/or capability, and the transitions it owns."""

    level: str | None
    capability: str | None
    transitions: tuple[str, ...]


def next_actors(spec: WorkflowSpec, state: str) -> tuple[NextActor, ...]:
    """The people (by level and capability) owning the transitions out of ``state``, in table order.

    System transitions are not anyone's to-do; a terminal state has nobody.
    """
    owners: dict[tuple[str | None, str | None], list[str]] = {}
    for t in spec.transitions:
        if state in t.sources and t.by != "system":
            owners.setdefault((t.level, t.capability), []).append(t.name)
    return tuple(NextActor(lvl, cap, tuple(names)) for (lvl, cap), names in owners.items())


def is_locked(spec: WorkflowSpec, state: str) -> bool:
    """A record in a locked state (submitted, approved…) is read-only until returned or unlocked."""
    return state in spec.locked_states


def due_date(spec: WorkflowSpec, state: str, entered: dt.date) -> dt.date | None:
    """The date by which a record entering ``state`` on ``entered`` must move on (calendar days)."""
    days = spec.due_days.get(state)
    return entered + dt.timedelta(days=days) if days is not None else None


def unlock_level(spec: WorkflowSpec, state: str) -> tuple[str, bool] | None:
    """Who may unlock a record in locked ``state``: ``(level, same_level)``, or None if nobody may.

    The level above the highest level that moves records into ``state``; for the top level's own
    records (the city's), the same level — ``same_level`` is then True and the unlock is flagged
    for that level's leader.
    """
    if spec.unlocked_state is None or not is_locked(spec, state):
        return None
    entering = {t.level for t in spec.transitions if t.target == state and t.level is not None}
    entering_levels = [lvl for lvl in LEVELS if lvl in entering] or [spec.chain[-1]]
    top = entering_levels[0]
    above = parent_level(top)
    return (above, False) if above is not None else (top, True)


@dataclass(frozen=True)
class SignOffOutcome:
    """What the answers so far amount to: ``result`` is pending, clear or adverse."""

    pending: tuple[str, ...]
    adverse: tuple[str, ...]
    result: Literal["pending", "clear", "adverse"]

    @property
    def complete(self) -> bool:
        return not self.pending


def signoff_outcome(
    spec: SignOffSpec, answers: Mapping[str, str], parties: Iterable[str] | None = None
) -> SignOffOutcome:
    """Aggregate the parties' answers (party → ``clear``/``adverse``); unknown parties are ignored.

    ``parties`` narrows the spec's parties to those that answer this one record (e.g. only the
    联审 departments a campaign names); None: every party of the spec. The order stays the spec's.
    """
    chosen = spec.parties if parties is None else tuple(p for p in spec.parties if p in set(parties))
    pending = tuple(p for p in chosen if p not in answers)
    adverse = tuple(p for p in chosen if answers.get(p) == "adverse")
    if adverse and (not pending or spec.adverse_decides_early):
        return SignOffOutcome(pending, adverse, "adverse")
    if pending:
        return SignOffOutcome(pending, adverse, "pending")
    return SignOffOutcome(pending, adverse, "clear")


def _reachable(spec: WorkflowSpec) -> set[str]:
    seen, todo = {spec.initial}, [spec.initial]
    edges: list[tuple[frozenset[str], str]] = [(t.sources, t.target) for t in spec.transitions]
    if spec.unlocked_state is not None:
        edges.append((spec.locked_states, spec.unlocked_state))
    while todo:
        state = todo.pop()
        for sources, target in edges:
            if state in sources and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _names(items: Iterable[str]) -> str:
    return "、".join(sorted(items))


def validate(spec: WorkflowSpec) -> list[str]:
    """Problems with the table itself (empty when sound), in Chinese for whoever declares it."""
    problems: list[str] = []
    states = set(spec.states)
    if spec.initial not in states:
        problems.append(f"初始状态“{spec.initial}”未定义")
    unknown_levels = [lvl for lvl in spec.chain if lvl not in LEVELS]
    if not spec.chain or unknown_levels:
        problems.append(f"层级链无效：{_names(unknown_levels) or '为空'}")
    names = [t.name for t in spec.transitions]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        problems.append(f"操作重复定义：{_names(duplicates)}")
    for t in spec.transitions:
        unknown = (t.sources | {t.target}) - states
        if unknown:
            problems.append(f"操作“{t.name}”涉及未定义的状态：{_names(unknown)}")
        if t.level is not None and t.level not in spec.chain:
            problems.append(f"操作“{t.name}”的层级“{t.level}”不在层级链中")
        if t.by != "system" and t.capability is None:
            problems.append(f"操作“{t.name}”由人办理，须指定权限")
    for label, group in (("锁定状态", spec.locked_states), ("到期天数", set(spec.due_days))):
        if set(group) - states:
            problems.append(f"{label}涉及未定义的状态：{_names(set(group) - states)}")
    if spec.unlocked_state is not None and (
        spec.unlocked_state not in states or spec.unlocked_state in spec.locked_states
    ):
        problems.append(f"解锁后状态“{spec.unlocked_state}”须为已定义且未锁定的状态")
    if spec.unlocked_state is not None and spec.edit_capability is None:
        problems.append("可解锁的记录须指定修改权限（解锁时核对）")
    if spec.signoff is not None:
        so = spec.signoff
        if so.state not in states:
            problems.append(f"会签状态“{so.state}”未定义")
        if not so.parties or set(so.parties) - set(so.party_labels):
            problems.append("会签各方须至少一个，且每方都有名称")
        for name in (so.on_clear, so.on_adverse):
            outcome = spec.transition(name)
            if outcome is None or so.state not in outcome.sources or outcome.by == "person":
                problems.append(f"会签结果操作“{name}”须为从“{so.state}”出发、可由系统办理的操作")
    if not problems:
        unreachable = states - _reachable(spec)
        if unreachable:
            problems.append(f"以下状态无法到达：{_names(unreachable)}")
    return problems
