"""Template filters for the law's citations as users read them."""

from __future__ import annotations

from django import template

from huanjie.rules.citations import for_display

register = template.Library()


@register.filter
def cite(value: object) -> str:
    """``{{ finding.rule|cite }}``: the citation without its reliability tag (the page shows the
    reliability beside it in Chinese)."""
    return for_display(str(value or ""))
