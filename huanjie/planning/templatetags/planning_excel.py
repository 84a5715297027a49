"""{% planning_excel campaign %}: the campaign page's Excel panel (exports and imports), computed by
export_selectors.excel_panel for the user; {% planning_export "kind" campaign filter=value %}: a list
page's 导出 Excel button, from export_selectors.export_button (nothing when the user may not export
that list). The templates make no decisions."""

from typing import Any

from django import template

from huanjie.planning.export_selectors import excel_panel, export_button

register = template.Library()


@register.inclusion_tag("planning/_excel.html", takes_context=True)
def planning_excel(context: Any, campaign: Any) -> dict[str, Any]:
    return {"panel": excel_panel(context["request"].user, campaign)}


@register.inclusion_tag("planning/_export_button.html", takes_context=True)
def planning_export(context: Any, kind: str, campaign: Any = None, **filters: Any) -> dict[str, Any]:
    return {
        "link": export_button(
            context["request"].user, kind, campaign, **{k: str(v) for k, v in filters.items()}
        )
    }
