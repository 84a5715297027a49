"""Fidelity cases derived from the law texts (issue 8 req. 10).

Each file under ``tests/rules/cases/`` holds cases written from the texts in shared/reference/laws and
legal-rules.md, not from the engine's behaviour: ``citation`` (a registry key), ``text`` (the verbatim
words the case rests on, which must be part of the registered quote; empty only for a judgement call,
whose derivation then starts with ``[M]``), ``derivation`` (the arithmetic), ``input`` (a
``huanjie tally`` document) and ``expect`` (the parts of the output the text decides).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from huanjie.elections.cli.tally import run
from huanjie.rules.citations import lookup

CASES = Path(__file__).with_name("cases")


def load() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted(CASES.glob("*.json")):
        out += json.loads(path.read_text(encoding="utf-8"))
    return out


ALL = load()


def test_at_least_sixty_cases_with_unique_ids() -> None:
    ids = [c["id"] for c in ALL]
    assert len(ids) >= 60
    assert len(set(ids)) == len(ids)


def matches(actual: Any, expected: Any) -> bool:
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and matches(actual[k], v) for k, v in expected.items()
        )
    return bool(actual == expected)


@pytest.mark.parametrize("case", ALL, ids=[c["id"] for c in ALL])
def test_case(case: dict[str, Any]) -> None:
    [source] = lookup(case["citation"])
    if case["text"]:
        assert case["text"] in source.quote, (case["id"], "the cited words are not in the registered text")
    else:
        assert source.basis == "judgement" and case["derivation"].startswith("[M]")
    out = run(case["input"])
    expect = dict(case["expect"])
    posts = expect.pop("posts", {})
    for key, value in expect.items():
        assert out[key] == value, (case["id"], key, out[key], case["derivation"])
    by_post = {p["post"]: p for p in out["posts"]}
    for name, fields in posts.items():
        assert matches(by_post[name], fields), (case["id"], name, by_post[name], case["derivation"])
