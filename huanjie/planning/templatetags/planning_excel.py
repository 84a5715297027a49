"""{% planning_excel campaign %}: the campaign page's Excel panel (exports and imports), computed by
export_selectors.excel_panel for the user (the template makes no decisions)."""

from typing import Any

from django import template

from huanjie.planning.export_selectors import excel_panel

register = template.Library()


@register.inclusion_tag("planning/_excel.html", takes_context=True)
def planning_excel(context: Any, campaign: Any) -> dict[str, Any]:
    return {"panel": excel_panel(context["request"].user, campaign)}
