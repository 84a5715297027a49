"""The planning app's adapter to the pure rules: campaign settings rows in, the plain inputs of
huanjie.rules.campaign out (guidance rules, target parameters). No rule is restated here."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any, cast

from huanjie.rules import campaign as rules


def guidance_rule(row: Any) -> rules.GuidanceRule:
    """A planning.GuidanceRule row as the rule it states."""
    return rules.GuidanceRule(
        post=cast(rules.Post, row.post),
        applies_to=cast(rules.AppliesTo, row.applies_to),
        cutoff=row.cutoff,
        severity=cast(Any, row.severity),
        citation=row.citation,
        age_limit_male=row.age_limit_male,
        age_limit_female=row.age_limit_female,
        min_education=cast(Any, row.min_education or None),
    )


def guidance_rules(rows: Iterable[Any]) -> list[rules.GuidanceRule]:
    return [guidance_rule(r) for r in rows]


def split_fields(text: str) -> tuple[str, ...]:
    """The listed fields of a professional-fit target, as typed (、，, or ; between them)."""
    for sep in "，,;；":
        text = text.replace(sep, "、")
    return tuple(f.strip() for f in text.split("、") if f.strip())


def target_params(
    *, low: Any, high: Any, baseline: str, baseline_date: Any, fields: str
) -> rules.TargetParams:
    """A target's stored parameters (decimals, text) as the rules' exact parameters."""
    return rules.TargetParams(
        low=Fraction(str(low)),
        high=None if high is None else Fraction(str(high)),
        baseline=cast(Any, baseline or None),
        baseline_date=baseline_date,
        fields=split_fields(fields),
    )
