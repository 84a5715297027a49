"""Filing (备案) of a certified 村（居）民委员会 result (issue 13 req. 4): with the township, never an
approval; 北京 第三十一条, 上海 第八条, 河南 第三十七条; 浙江 names none (the national article [M]);
a 居委会 files under the national text."""

from __future__ import annotations

from datetime import date

import pytest

from huanjie.rules.profiles import get_profile, law_in_force
from huanjie.rules.result_filing import FILED_WITH, filing_for

ON = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("code", "article"), [("beijing", "第三十一条"), ("shanghai", "第八条"), ("henan", "第三十七条")]
)
def test_a_village_result_is_filed_under_the_provinces_article(code, article):
    p = get_profile(code)
    f = filing_for(p, law_in_force("village", ON))
    assert f.filed_with == FILED_WITH and f.approval is False
    assert f.citation == f"{p.measure} {article}"


def test_where_the_measure_names_no_filing_the_national_article_is_cited_as_a_judgement():
    law = law_in_force("village", ON)
    f = filing_for(get_profile("zhejiang"), law)
    assert f.citation == f"{law.cite(law.schedule.election_article)} [M]"
    assert f.approval is False


def test_a_residents_committee_files_under_the_national_text():
    law = law_in_force("community", ON)
    f = filing_for(get_profile("beijing"), law)
    assert f.citation == f"{law.cite(law.schedule.election_article)} [M]"
