"""Explanations: every verdict of the rules engine carries the steps that made it."""

from __future__ import annotations

from dataclasses import dataclass, field

from huanjie.rules.citations import classify

LOCAL = "local"


@dataclass(frozen=True)
class Step:
    """One reasoned step: which rule decided, under which article, said in Chinese.

    ``basis`` and ``provenance`` come from the citation registry (:mod:`huanjie.rules.citations`):
    making a step with an unregistered citation raises ``UnregisteredCitation``. ``basis="local"``
    marks a citation taken from a city's own documents (input data), which is not looked up."""

    rule: str
    citation: str
    text: str
    basis: str = ""
    provenance: str = ""

    def __post_init__(self) -> None:
        if self.basis == LOCAL:
            object.__setattr__(self, "provenance", LOCAL)
            return
        basis, provenance = classify(self.citation)
        object.__setattr__(self, "basis", basis)
        object.__setattr__(self, "provenance", provenance)

    def as_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "citation": self.citation,
            "text": self.text,
            "basis": self.basis,
            "provenance": self.provenance,
        }


@dataclass
class Explanation:
    """An ordered list of steps, appended to as a rule is evaluated."""

    steps: list[Step] = field(default_factory=list)

    def add(self, rule: str, citation: str, text: str, *, local: bool = False) -> None:
        self.steps.append(Step(rule=rule, citation=citation, text=text, basis=LOCAL if local else ""))

    def as_list(self) -> list[dict[str, str]]:
        return [s.as_dict() for s in self.steps]
