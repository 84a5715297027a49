"""The 导入 button of the town's confidential registers (四必谈台账, 镇级初审, 村人选): the pages' views
are not ours to change, so the decision is made here, in Python, by ``importers_registers.import_url``
(the kit's ``import.run`` and the town's ``vetting.edit`` and ``vetting.confidential``), never in the
template."""

from __future__ import annotations

from typing import Any

from django import template

from huanjie.org.models import OrgUnit
from huanjie.vetting.importers_registers import import_url

register = template.Library()


@register.inclusion_tag("vetting/_import_button.html", takes_context=True)
def register_import(context: Any, kind: str, label: str, unit: OrgUnit | None = None) -> dict[str, Any]:
    """The button to import ``kind`` over ``unit`` (anywhere in the user's jurisdiction when None);
    nothing for a user who may not."""
    request = context.get("request")
    user = getattr(request, "user", None)
    url = import_url(user, kind, unit.path if unit is not None else "") if user is not None else ""
    return {"url": url, "label": label}
