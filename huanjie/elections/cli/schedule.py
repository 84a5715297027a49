"""The JSON contract of ``huanjie schedule`` (legal-rules.md §4, §8; issue 3 req. 6).

:func:`run_schedule` checks the command's arguments, reads the ``--actual`` and ``--calendar``
documents (:func:`parse_actual`, :func:`parse_calendar`) and returns the JSON printed by the command
(:func:`schedule_as_json`): the steps of :func:`huanjie.rules.schedule.build_schedule` and the
violations of :func:`huanjie.rules.schedule.validate`. The law itself stays in ``huanjie.rules``;
this module only turns JSON into its typed inputs and its typed outputs into JSON. No Django, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, cast

from huanjie.rules.citations import classify
from huanjie.rules.dates import NO_HOLIDAYS, HolidayCalendar
from huanjie.rules.profiles import LAWS, PROFILES, LawKind, UnknownCode, get_profile
from huanjie.rules.schedule import PlannedStep, Violation, build_schedule, build_schedule_in_force, validate

LAW_KINDS = ("village", "community", "party")
"""``--law`` values that judge each step by the text in force on its day (issue 8 req. 11)."""

__all__ = [
    "parse_actual",
    "parse_calendar",
    "run_schedule",
    "schedule_as_json",
    "step_json",
    "violation_json",
]


def step_json(planned: PlannedStep) -> dict[str, Any]:
    """One step of the output: ``{step, title, earliest?, latest?, citation, required, explanation}``."""
    out: dict[str, Any] = {"step": planned.rule.key, "title": planned.rule.title}
    if planned.earliest is not None:
        out["earliest"] = planned.earliest.isoformat()
    if planned.latest is not None:
        out["latest"] = planned.latest.isoformat()
    out["citation"] = planned.rule.citation
    out["basis"], out["provenance"] = classify(planned.rule.citation)
    out["required"] = planned.rule.required
    out["explanation"] = planned.explanation
    return out


def violation_json(violation: Violation) -> dict[str, Any]:
    """One violation of the output: ``{step, kind, severity, actual, limit, citation, text}``."""
    return {
        "step": violation.step,
        "kind": violation.kind,
        "severity": violation.severity,
        "actual": violation.actual.isoformat() if violation.actual else None,
        "limit": violation.limit.isoformat() if violation.limit else None,
        "citation": violation.citation,
        "text": violation.text,
    }


def schedule_as_json(
    law_code: str,
    profile_code: str,
    election_day: date,
    *,
    actual: Mapping[str, date] | None = None,
    as_of: date | None = None,
    calendar: HolidayCalendar = NO_HOLIDAYS,
) -> dict[str, Any]:
    """The JSON document printed by ``huanjie schedule``: steps, and violations when ``actual`` is given.

    ``law_code`` may also be a kind (``village``, ``community``, ``party``): every step is then judged by
    the text in force on its own day (:func:`~huanjie.rules.schedule.build_schedule_in_force`); each
    step says its ``law`` and a ``transition`` list says what changes when the election straddles the
    day a new text takes effect."""
    if law_code in LAW_KINDS:
        schedule = build_schedule_in_force(
            cast(LawKind, law_code), profile_code, election_day, actual=actual, calendar=calendar
        )
    else:
        schedule = build_schedule(law_code, profile_code, election_day, actual=actual, calendar=calendar)
    out: dict[str, Any] = {
        "law": law_code,
        "profile": profile_code,
        "election_day": election_day.isoformat(),
        "steps": [step_json(s) for s in schedule.steps],
    }
    if schedule.step_laws:
        for step in out["steps"]:
            step["law"] = schedule.step_laws[step["step"]]
        out["transition"] = list(schedule.transition)
    if actual is not None:
        out["violations"] = [violation_json(v) for v in validate(schedule, as_of=as_of)]
    return out


def parse_actual(data: object) -> tuple[dict[str, date], date | None]:
    """Read the ``--actual`` JSON: ``{"steps": {step: "YYYY-MM-DD"}, "as_of": "YYYY-MM-DD"}`` or a flat
    ``{step: "YYYY-MM-DD"}`` mapping. Raises ``ValueError`` with a one-line Chinese message."""
    if not isinstance(data, dict):
        raise ValueError("实际日期文件应为 JSON 对象")
    as_of: date | None = None
    steps: object = data
    if "steps" in data:
        steps = data["steps"]
        if "as_of" in data:
            as_of = _parse_date("as_of", data["as_of"])
        if not isinstance(steps, dict):
            raise ValueError("字段 steps 应为对象：步骤 → 日期")
    assert isinstance(steps, dict)
    return {str(k): _parse_date(str(k), v) for k, v in steps.items()}, as_of


def _parse_date(name: str, value: object) -> date:
    if not isinstance(value, str):
        raise ValueError(f"字段 {name} 应为 YYYY-MM-DD 格式的日期")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"字段 {name} 的日期 {value} 无效，应为 YYYY-MM-DD") from None


def parse_calendar(data: object) -> HolidayCalendar:
    """Read a holiday calendar: ``{"holidays": [dates], "workdays": [dates], "rest_weekdays": [5, 6]}``
    (all optional; weekday numbers 0 = Monday … 6 = Sunday). Raises ``ValueError`` in Chinese."""
    if not isinstance(data, dict):
        raise ValueError("节假日日历应为 JSON 对象")
    unknown = sorted(set(data) - {"holidays", "workdays", "rest_weekdays"})
    if unknown:
        raise ValueError(f"节假日日历中有未知字段：{'、'.join(unknown)}")

    def dates(name: str) -> frozenset[date]:
        values = data.get(name, [])
        if not isinstance(values, list):
            raise ValueError(f"字段 {name} 应为日期列表")
        return frozenset(_parse_date(name, v) for v in values)

    weekdays = data.get("rest_weekdays", [])
    if not isinstance(weekdays, list) or not all(
        isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6 for d in weekdays
    ):
        raise ValueError("字段 rest_weekdays 应为 0-6 的整数列表（0 为星期一）")
    return HolidayCalendar(
        holidays=dates("holidays"), workdays=dates("workdays"), rest_weekdays=frozenset(weekdays)
    )


def run_schedule(
    *,
    law: str | None,
    profile: str | None,
    election_day: str | None,
    actual: object = None,
    calendar: object = None,
) -> dict[str, Any]:
    """Everything ``huanjie schedule`` does after reading files: check the arguments and build the JSON.

    ``actual`` and ``calendar`` are parsed JSON (or ``None``). Raises ``ValueError`` with a one-line
    Chinese message naming the argument or field.
    """
    if not law:
        raise ValueError("缺少参数 --law（例如 village-2025）")
    if law not in LAWS and law not in LAW_KINDS:
        raise ValueError(f"参数 --law 无效：{law}（可选：{'、'.join((*LAWS, *LAW_KINDS))}）")
    profile_code = profile or "national"
    try:
        get_profile(profile_code)
    except UnknownCode:
        raise ValueError(f"参数 --profile 无效：{profile_code}（可选：{'、'.join(PROFILES)}）") from None
    if not election_day:
        raise ValueError("缺少参数 --election-day（YYYY-MM-DD）")
    try:
        day = date.fromisoformat(election_day)
    except ValueError:
        raise ValueError(f"参数 --election-day 的日期 {election_day} 无效，应为 YYYY-MM-DD") from None
    holidays = parse_calendar(calendar) if calendar is not None else NO_HOLIDAYS
    if actual is None:
        return schedule_as_json(law, profile_code, day, calendar=holidays)
    steps, as_of = parse_actual(actual)
    return schedule_as_json(law, profile_code, day, actual=steps, as_of=as_of, calendar=holidays)
