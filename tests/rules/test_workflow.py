"""The workflow table as pure data (县镇共管): checks, next actors, locks, due dates, sign-off, validation."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from huanjie.rules.workflow import (
    SYSTEM_ACTOR,
    Actor,
    NextActor,
    SignOffSpec,
    Transition,
    WorkflowSpec,
    allowed,
    check,
    due_date,
    is_locked,
    level_of_path,
    next_actors,
    parent_level,
    signoff_outcome,
    unlock_level,
    validate,
)

EDIT = "org.edit"


def T(name: str, sources: set[str], target: str, **kw: object) -> Transition:
    return Transition(name, frozenset(sources), target, label_zh=name, **kw)  # type: ignore[arg-type]


REPORT = WorkflowSpec(
    code="report",
    label_zh="报告",
    states={
        "draft": "草稿",
        "submitted": "已上报",
        "approved": "已审批",
        "returned": "已退回",
        "filed": "已备案",
        "failed": "失败",
    },
    initial="draft",
    transitions=(
        T("submit", {"draft", "returned"}, "submitted", level="town", capability=EDIT),
        T("approve", {"submitted"}, "approved", level="county", capability=EDIT),
        T("return", {"submitted"}, "returned", level="county", capability=EDIT, requires_reason=True),
        T("file", {"approved"}, "filed", level="city", capability=EDIT),
        T("fail", {"draft"}, "failed", by="system"),
        T("abandon", {"draft"}, "failed", capability=EDIT, by="either"),
    ),
    chain=("town", "county", "city"),
    locked_states=frozenset({"submitted", "approved", "filed"}),
    unlocked_state="returned",
    edit_capability=EDIT,
    due_days={"submitted": 7},
)

SIGNOFF = SignOffSpec(
    state="vetting",
    parties=("police", "court", "petition"),
    party_labels={"police": "公安局", "court": "法院", "petition": "信访局"},
    on_clear="pass",
    on_adverse="reject",
)

VETTED = WorkflowSpec(
    code="vetted",
    label_zh="联审",
    states={"draft": "草稿", "vetting": "联审中", "passed": "通过", "rejected": "不通过"},
    initial="draft",
    transitions=(
        T("send", {"draft"}, "vetting", level="county", capability=EDIT),
        T("pass", {"vetting"}, "passed", by="system"),
        T("reject", {"vetting"}, "rejected", by="system"),
    ),
    chain=("county",),
    signoff=SIGNOFF,
)

TOWN = Actor(levels=frozenset({"town"}), capabilities=frozenset({EDIT}))
COUNTY = Actor(levels=frozenset({"county"}), capabilities=frozenset({EDIT}))
VIEWER = Actor(levels=frozenset({"county"}), capabilities=frozenset({"org.view"}))


def test_levels_of_paths_and_parents() -> None:
    assert [level_of_path(p) for p in ("3299", "329901", "329901001", "329901001201", "32")] == [
        "city",
        "county",
        "town",
        "village",
        None,
    ]
    assert parent_level("village") == "town"
    assert parent_level("county") == "city"
    assert parent_level("city") is None


def test_specs_used_here_are_sound() -> None:
    assert validate(REPORT) == []
    assert validate(VETTED) == []
    assert REPORT.state_label("submitted") == "已上报"
    assert REPORT.state_label("nowhere") == "nowhere"


def test_town_submits_county_approves() -> None:
    assert check(REPORT, "draft", "submit", TOWN) is None
    assert check(REPORT, "submitted", "approve", COUNTY) is None
    assert [t.name for t in allowed(REPORT, "draft", TOWN)] == ["submit", "abandon"]
    assert [t.name for t in allowed(REPORT, "submitted", COUNTY)] == ["approve", "return"]
    assert allowed(REPORT, "submitted", TOWN) == ()
    assert allowed(REPORT, "submitted", VIEWER) == ()


@pytest.mark.parametrize(
    ("state", "name", "actor", "reason", "kind", "message"),
    [
        ("draft", "publish", TOWN, "", "unknown", "“报告”没有“publish”这一操作"),
        ("approved", "submit", TOWN, "", "state", "“已审批”状态的报告不能执行“submit”"),
        ("submitted", "approve", TOWN, "", "level", "“approve”应由县级办理"),
        ("submitted", "approve", VIEWER, "", "capability", "您没有“approve”的权限"),
        ("submitted", "return", COUNTY, "  ", "reason", "“return”须填写理由"),
        ("draft", "fail", TOWN, "", "person", "“fail”由系统自动办理，不能手工操作"),
        ("draft", "submit", SYSTEM_ACTOR, "", "system", "“submit”须由工作人员办理，系统不能代办"),
    ],
)
def test_refusals_say_why(state: str, name: str, actor: Actor, reason: str, kind: str, message: str) -> None:
    refusal = check(REPORT, state, name, actor, reason)
    assert refusal is not None
    assert (refusal.kind, refusal.message) == (kind, message)


def test_system_actor_makes_only_system_transitions() -> None:
    assert check(REPORT, "draft", "fail", SYSTEM_ACTOR) is None
    assert check(REPORT, "draft", "abandon", SYSTEM_ACTOR) is None
    assert [t.name for t in allowed(REPORT, "draft", SYSTEM_ACTOR)] == ["fail", "abandon"]
    assert check(REPORT, "submitted", "return", COUNTY, "材料不全") is None


def test_next_actors_are_the_owners_of_the_next_transitions() -> None:
    assert next_actors(REPORT, "submitted") == (NextActor("county", EDIT, ("approve", "return")),)
    assert next_actors(REPORT, "draft") == (
        NextActor("town", EDIT, ("submit",)),
        NextActor(None, EDIT, ("abandon",)),
    )
    assert next_actors(REPORT, "failed") == ()
    assert next_actors(VETTED, "vetting") == ()


def test_locks_and_due_dates() -> None:
    assert is_locked(REPORT, "submitted")
    assert not is_locked(REPORT, "returned")
    assert due_date(REPORT, "submitted", date(2026, 3, 1)) == date(2026, 3, 8)
    assert due_date(REPORT, "draft", date(2026, 3, 1)) is None


def test_unlock_needs_the_level_above_or_the_top_level_itself() -> None:
    assert unlock_level(REPORT, "submitted") == ("county", False)
    assert unlock_level(REPORT, "approved") == ("city", False)
    assert unlock_level(REPORT, "filed") == ("city", True)
    assert unlock_level(REPORT, "draft") is None
    no_unlock = dataclasses.replace(REPORT, unlocked_state=None)
    assert unlock_level(no_unlock, "submitted") is None


def test_unlock_of_a_state_entered_only_by_unbound_transitions_uses_the_chain_top() -> None:
    campaign = WorkflowSpec(
        code="campaign",
        label_zh="换届工作方案",
        states={"draft": "草稿", "published": "已发布"},
        initial="draft",
        transitions=(T("publish", {"draft"}, "published", capability=EDIT),),
        chain=("city",),
        locked_states=frozenset({"published"}),
        unlocked_state="draft",
        edit_capability=EDIT,
    )
    assert validate(campaign) == []
    assert unlock_level(campaign, "published") == ("city", True)


def test_signoff_aggregation() -> None:
    assert signoff_outcome(SIGNOFF, {}).result == "pending"
    partial = signoff_outcome(SIGNOFF, {"police": "clear", "court": "clear", "tax": "adverse"})
    assert (partial.pending, partial.result, partial.complete) == (("petition",), "pending", False)
    clear = signoff_outcome(SIGNOFF, {"police": "clear", "court": "clear", "petition": "clear"})
    assert (clear.result, clear.complete, clear.adverse) == ("clear", True, ())
    adverse_waits = signoff_outcome(SIGNOFF, {"police": "adverse"})
    assert (adverse_waits.result, adverse_waits.adverse) == ("pending", ("police",))
    adverse = signoff_outcome(SIGNOFF, {"police": "adverse", "court": "clear", "petition": "clear"})
    assert adverse.result == "adverse"
    early = dataclasses.replace(SIGNOFF, adverse_decides_early=True)
    assert signoff_outcome(early, {"police": "adverse"}).result == "adverse"


def test_signoff_aggregation_over_the_records_own_parties() -> None:
    """Parties narrowed to those of one record: the others are neither awaited nor counted."""
    narrowed = signoff_outcome(SIGNOFF, {"police": "clear", "petition": "adverse"}, ("court", "police", "x"))
    assert (narrowed.pending, narrowed.adverse, narrowed.result) == (("court",), (), "pending")
    done = signoff_outcome(SIGNOFF, {"police": "clear", "petition": "adverse"}, ["police"])
    assert (done.result, done.complete) == ("clear", True)


def test_validation_names_every_problem() -> None:
    broken = WorkflowSpec(
        code="broken",
        label_zh="坏表",
        states={"a": "甲", "b": "乙"},
        initial="z",
        transitions=(
            T("go", {"a", "x"}, "b", level="county", capability=EDIT),
            T("go", {"a"}, "b", level="town"),
        ),
        chain=("county", "province"),
        locked_states=frozenset({"q"}),
        unlocked_state="q",
        due_days={"w": 3},
        signoff=SignOffSpec(
            state="s", parties=("police",), party_labels={}, on_clear="go", on_adverse="none"
        ),
    )
    assert validate(broken) == [
        "初始状态“z”未定义",
        "层级链无效：province",
        "操作重复定义：go",
        "操作“go”涉及未定义的状态：x",
        "操作“go”的层级“town”不在层级链中",
        "操作“go”由人办理，须指定权限",
        "锁定状态涉及未定义的状态：q",
        "到期天数涉及未定义的状态：w",
        "解锁后状态“q”须为已定义且未锁定的状态",
        "可解锁的记录须指定修改权限（解锁时核对）",
        "会签状态“s”未定义",
        "会签各方须至少一个，且每方都有名称",
        "会签结果操作“go”须为从“s”出发、可由系统办理的操作",
        "会签结果操作“none”须为从“s”出发、可由系统办理的操作",
    ]
    assert validate(dataclasses.replace(REPORT, chain=()))[0] == "层级链无效：为空"
    assert validate(dataclasses.replace(REPORT, edit_capability=None)) == [
        "可解锁的记录须指定修改权限（解锁时核对）"
    ]
    assert validate(dataclasses.replace(REPORT, unlocked_state="submitted")) == [
        "解锁后状态“submitted”须为已定义且未锁定的状态"
    ]


def test_validation_finds_unreachable_states() -> None:
    island = dataclasses.replace(REPORT, states={**REPORT.states, "island": "孤岛"}, unlocked_state=None)
    assert validate(island) == ["以下状态无法到达：island"]
    sound = dataclasses.replace(VETTED, signoff=dataclasses.replace(SIGNOFF, parties=()))
    assert validate(sound) == ["会签各方须至少一个，且每方都有名称"]
