"""The planned structure (issue 15 req. 1): the personnel plans' figures on the ``plan`` basis are
those of planning's own projection (the same definitions, plan_selectors reused), follow a seat
change at once, and stay confidential (planning.view)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from huanjie.planning import plan_selectors
from huanjie.stats import structure_selectors as sel
from tests.factories import user_with_role
from tests.planning.conftest import campaign, published  # noqa: F401 (fixtures)
from tests.planning.test_plans import add, decided, fill, people, plan  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_plan_figures_equal_the_plans_projection(cast, plan, people, decided):  # noqa: F811
    leader = cast["leader"]
    fill(cast, plan, people)
    first = sel.figures(leader, decided, None, basis="plan")
    assert first.counts.members == 2
    add(cast, plan, "committee", "member", "enter", people["man"])
    got = sel.figures(leader, decided, None, basis="plan")
    t = plan_selectors.level_totals(decided, cast.city.path)
    c = got.counts
    assert (c.members, c.women, c.college, c.new_members, c.new_college, c.cross_serving) == (
        t.members,
        t.women,
        t.college,
        t.new_members,
        t.new_college,
        t.cross,
    )
    assert (c.age_sum, c.baseline_members, c.baseline_age_sum) == (
        t.age_sum,
        t.baseline_members,
        t.baseline_age_sum,
    )
    assert (c.villages, c.villages_one_shoulder) == (t.villages, t.villages_one_shoulder)
    assert got.values["women"].text == "33.3%"
    women = next(x for x in got.targets if x.code == "women")
    assert (women.verdict_label, women.gap, women.gap_text) == ("达到", 0, "达到")
    comparison = sel.comparison(leader, decided, cast.town)
    assert comparison.bases == ["before", "after", "plan"]


def test_a_role_without_planning_view_gets_no_plan_figures(cast, plan, people, decided):  # noqa: F811
    fill(cast, plan, people)
    outsider = user_with_role("nobody", "civil_affairs", cast.county)
    with pytest.raises((PermissionDenied, Http404)):
        sel.figures(outsider, decided, cast.town, basis="plan")
