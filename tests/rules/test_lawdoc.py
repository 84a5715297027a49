"""docs/law.md is generated from the citation registry and cannot drift (issue 8 req. 9)."""

from __future__ import annotations

from pathlib import Path

from huanjie.rules.lawdoc import article_number, render, uses

DOC = Path(__file__).resolve().parents[2] / "docs" / "law.md"


def test_committed_law_md_equals_the_generated_text() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), "regenerate docs/law.md (see huanjie/rules/lawdoc.py)"


def test_article_numbers() -> None:
    assert article_number("第八条") == 8
    assert article_number("第十条") == 10
    assert article_number("第三十八条") == 38
    assert article_number("第一百零五条") == 105
    assert article_number("") == 0


def test_every_encoded_article_is_documented() -> None:
    text = render()
    for key in uses():
        assert f"#### {key}" in text
    assert "majority_first_several" in text
    assert "## 4. Conflicts with the 2025 national texts" in text
