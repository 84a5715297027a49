"""Explanations: every verdict of the rules engine carries the steps that made it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Step:
    """One reasoned step: which rule decided, under which article, said in Chinese."""

    rule: str
    citation: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "citation": self.citation, "text": self.text}


@dataclass
class Explanation:
    """An ordered list of steps, appended to as a rule is evaluated."""

    steps: list[Step] = field(default_factory=list)

    def add(self, rule: str, citation: str, text: str) -> None:
        self.steps.append(Step(rule=rule, citation=citation, text=text))

    def as_list(self) -> list[dict[str, str]]:
        return [s.as_dict() for s in self.steps]
