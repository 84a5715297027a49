"""Error pages and the home page."""

from __future__ import annotations

from django.shortcuts import render

from huanjie.core.context_processors import nav_entries
from huanjie.core.permissions import AUTHENTICATED, requires
from huanjie.core.plugins import home_panels, home_stats, todo_providers


def permission_denied(request, exception=None):
    context = {"code": 403, "message": str(exception or "无权访问")}
    # A refusal that knows where the user can do it instead (core.permissions.Refused) links there.
    context["link"] = getattr(exception, "link", "")
    context["link_label"] = getattr(exception, "link_label", "")
    return render(request, "core/error.html", context, status=403)


def page_not_found(request, exception=None):
    return render(
        request, "core/error.html", {"code": 404, "message": "未找到，或不在您的管辖范围内"}, status=404
    )


@requires(AUTHENTICATED)
def home(request):
    """The home page shell: figures, panels and to-dos contributed by the apps (core.plugins hooks).

    Administrators get none (三员分立: no business data) and see their console links.
    """
    user = request.user
    stats = sorted((s for provider in home_stats for s in provider(user)), key=lambda s: s.order)
    panels = sorted(
        (p for provider in home_panels if (p := provider(request)) is not None), key=lambda p: p.order
    )
    todos = [t for provider in todo_providers for t in provider(user)]
    context = {
        "is_business": bool(stats or panels),
        "stats": stats,
        "panels": panels,
        "todos": todos,
        "links": [e for e in nav_entries(user, request.path) if e["name"] != "home"],
    }
    return render(request, "core/home.html", context)
