"""Filing (备案) of a certified 村（居）民委员会 result (issue 13 req. 4). Pure.

The result is filed with the township — a record, not an approval: 北京市村民委员会选举办法 第三十一条
“村民选举委员会确认选举有效后，当场公布选举结果，并报乡、民族乡、镇人民政府备案”; 上海市村民委员会选举办法
第八条（七）“主持投票选举，公布选举结果，并报乡、镇人民政府备案”; 河南省实施《村民委员会组织法》办法
第三十七条 “选举结果应当及时报乡、民族乡、镇的人民政府备案” [V]. Where the measure names no filing
(浙江) the result goes to the township that guides the election, which reports it on to the county
(a judgement from the national text's article on the election, 村民委员会组织法(2018) 第十五条 / (2025)
第十八条 [M]). The county sees the filings of its townships (its election-guidance office), so one
filing serves both.
"""

from __future__ import annotations

from dataclasses import dataclass

from huanjie.rules.profiles import Law, Profile

FILED_WITH = "乡、镇人民政府（街道办事处），并由其报县级人民政府民政部门"


@dataclass(frozen=True)
class Filing:
    """With whom the result is filed and the citation; ``approval`` is always False (备案)."""

    filed_with: str
    citation: str
    approval: bool = False


def filing_for(profile: Profile, law: Law) -> Filing:
    """The filing of a certified result of a 村（居）民委员会 election under ``profile`` and ``law``."""
    national = f"{law.cite(law.schedule.election_article)} [M]"
    if law.kind == "village":
        return Filing(FILED_WITH, profile.cite(profile.results_filing_article, national))
    return Filing(FILED_WITH, national)
