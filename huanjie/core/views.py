"""Error pages and the home page."""

from __future__ import annotations

from django.shortcuts import render

from huanjie.core.context_processors import nav_entries
from huanjie.core.permissions import AUTHENTICATED, requires
from huanjie.core.roles import ORG_VIEW, PEOPLE_VIEW


def permission_denied(request, exception=None):
    return render(
        request, "core/error.html", {"code": 403, "message": str(exception or "无权访问")}, status=403
    )


def page_not_found(request, exception=None):
    return render(
        request, "core/error.html", {"code": 404, "message": "未找到，或不在您的管辖范围内"}, status=404
    )


@requires(AUTHENTICATED)
def home(request):
    """Business roles see a summary of their jurisdiction; administrators see their console links."""
    user = request.user
    context = {"is_business": user.has_capability(ORG_VIEW)}
    if context["is_business"]:
        from huanjie.org.choices import Level
        from huanjie.org.selectors import jurisdiction_summary, tree_roots

        counts = jurisdiction_summary(user)
        roots = tree_roots(user)
        # Only levels below the user's own unit are worth counting (a town operator has one town).
        top = min((len(n.unit.path) for n in roots), default=12)
        context["stats"] = []
        if top < 9:
            context["stats"].append(("乡镇（街道）", counts.get(Level.TOWN, 0), "building"))
        if top < 12:
            context["stats"].append(("村", counts.get(Level.VILLAGE, 0), "house-door"))
            context["stats"].append(("社区", counts.get(Level.COMMUNITY, 0), "buildings"))
        if user.has_capability(PEOPLE_VIEW):
            from huanjie.people.selectors import sitting_tenures

            sitting = sitting_tenures(user).values("person_id").distinct().count()
            context["stats"].append(("在任“两委”成员", sitting, "people"))
        context["roots"] = roots
    context["links"] = [e for e in nav_entries(user, request.path) if e["name"] != "home"]
    return render(request, "core/home.html", context)
