"""Proxy voting (委托投票) and the provincial conflict rows (issue 8 req. 2).

村民委员会组织法(2018) 第十五条: “可以书面委托本村有选举权的近亲属代为投票”; (2025) 第十八条: “近亲属或者其他
村民……每一村民接受委托不得超过三人。候选人不得接受委托投票。” Provincial: 浙江 第二十五条 (named
relatives, not candidates), 上海 第十六条 (近亲属), 北京 第二十五条 (近亲属, not candidates),
河南 第三十条 (近亲属).
"""

from __future__ import annotations

from datetime import date

import pytest

from huanjie.rules.eligibility import ProxyFacts, proxy_eligibility

OLD, NEW = date(2025, 12, 20), date(2026, 3, 20)


def check(profile: str, day: date, **kw: object) -> tuple[bool, list[str]]:
    v = proxy_eligibility(ProxyFacts(**kw), kind="village", profile=profile, election_day=day)  # type: ignore[arg-type]
    return v.eligible, [s.rule for s in v.explanation.steps]


@pytest.mark.parametrize("profile", ["national", "zhejiang", "shanghai", "beijing", "henan", "jiangsu"])
def test_a_non_relative_before_and_after_2026(profile: str) -> None:
    ok, _ = check(profile, OLD, relationship=None)
    assert not ok  # 2018 text and every provincial measure: near relatives only
    ok, rules = check(profile, NEW, relationship=None)
    assert ok  # 2025 text: 其他村民 — prevails over the provincial lists (conflict rows, [M])
    assert ("proxy.conflict" in rules) is (profile in ("zhejiang", "shanghai", "beijing", "henan"))


def test_a_relative_and_the_cap() -> None:
    assert check("zhejiang", OLD, relationship="外孙子女")[0]
    assert check("henan", OLD, relationship="兄弟姐妹", accepted=2)[0]
    assert not check("henan", OLD, relationship="兄弟姐妹", accepted=3)[0]
    assert not check("national", NEW, relationship=None, accepted=3)[0]


@pytest.mark.parametrize(
    ("profile", "day", "barred"),
    [
        ("national", OLD, False),  # 2018 text does not bar candidates
        ("shanghai", OLD, False),
        ("henan", OLD, False),
        ("zhejiang", OLD, True),  # ZJ Art. 25 “除候选人、自荐人以外”
        ("beijing", OLD, True),  # BJ Art. 25
        ("national", NEW, True),  # 2025 text
        ("shanghai", NEW, True),
    ],
)
def test_candidates_as_proxies(profile: str, day: date, barred: bool) -> None:
    ok, _ = check(profile, day, relationship="配偶", proxy_is_candidate=True)
    assert ok is not barred
