"""Error pages (and, later, the home page)."""

from django.shortcuts import render


def permission_denied(request, exception=None):
    return render(
        request, "core/error.html", {"code": 403, "message": str(exception or "无权访问")}, status=403
    )


def page_not_found(request, exception=None):
    return render(
        request, "core/error.html", {"code": 404, "message": "未找到，或不在您的管辖范围内"}, status=404
    )
