"""The demo city's weak villages carry a rectification (一村一策) on the four tracks, an economic
audit, reserve cadres and, for one, a postponement by Jiangsu's chain; each stays gated."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from huanjie.core.plugins import scheduling_gates
from huanjie.demo import builder as demo
from huanjie.planning import rectification_selectors as sel
from huanjie.planning.models import EconomicAudit, Postponement, Rectification, ReserveCadre


@pytest.mark.django_db
def test_demo_weak_villages_are_rectified_and_gated():
    call_command("demo", "--seed", "11", stdout=io.StringIO())
    weak = {u.code for u in demo.weak_units()}
    rows = list(Rectification.objects.select_related("unit"))
    assert 3 <= len(rows) <= 4 and {r.unit.code for r in rows} <= weak
    first = min(rows, key=lambda r: r.unit.code)
    tracks = {t.track for t in first.tasks.all()}
    assert tracks == {"petition", "bully", "corruption", "dispute"}
    assert all(t.progress == 100 and t.evidence.exists() for t in first.tasks.all())
    for r in rows:
        gates = [g for fn in scheduling_gates for g in fn(None, r.unit)]
        assert gates and gates[0].closed
    p = Postponement.objects.get()
    assert p.chain == ["村民会议或者村民代表会议讨论通过", "乡镇人民政府报请", "县（市、区）人民政府批准"]
    assert p.approvals.count() == 1
    assert EconomicAudit.objects.filter(published_on__isnull=False).exists()
    assert ReserveCadre.objects.count() >= len(rows)
    assert sel.audit_publication(first.unit, first.campaign.window_end) is not None
