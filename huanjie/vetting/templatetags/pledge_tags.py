"""The candidate page's 承诺书 flag: a candidate still standing without a signed 承诺书 is flagged
(the page's view is not ours to change; the decision is the selector's)."""

from __future__ import annotations

from typing import Any

from django import template

from huanjie.vetting.models import Candidate
from huanjie.vetting.pledge_selectors import missing_commitment

register = template.Library()


@register.inclusion_tag("vetting/_pledge_flag.html")
def commitment_flag(candidate: Candidate) -> dict[str, Any]:
    return {
        "missing": candidate.withdrawn_on is None and missing_commitment(candidate),
        "candidate": candidate,
    }
