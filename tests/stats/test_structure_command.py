"""`huanjie stats_structure` rebuilds the summary after writes that bypass the signals (the demo's bulk
load): the figures then count them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from huanjie.people.models import Committee, Tenure
from huanjie.stats import structure_selectors as sel
from huanjie.stats.models import StructureSummary
from tests.factories import PersonFactory
from tests.stats.test_structure_selectors import campaign  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_the_command_rebuilds_after_a_bulk_load(cast, campaign, capsys):  # noqa: F811
    assert sel.figures(cast["leader"], campaign, basis="before").counts.members == 0
    committee = Committee.objects.create(org_unit=cast.village, kind="party_org")
    p = PersonFactory(domicile_unit=cast.village, sex="F")
    Tenure.objects.bulk_create(
        [
            Tenure(
                person=p,
                committee=committee,
                post="secretary",
                term_number=11,
                start_date=dt.date(2021, 3, 1),
            )
        ]
    )  # no signal
    assert sel.figures(cast["leader"], campaign, basis="before").counts.members == 0
    call_command("stats_structure")
    assert "已重建 4 个村（社区）" in capsys.readouterr().out
    assert sel.figures(cast["leader"], campaign, basis="before").counts.women == 1
    assert StructureSummary.objects.filter(campaign=campaign, basis="before").count() == 4
    with pytest.raises(CommandError):
        call_command("stats_structure", "--campaign", "999")
