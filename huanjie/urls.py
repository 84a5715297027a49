"""Root URL configuration: every app's routes come from its plug-in declaration
(huanjie.core.plugins); every view declares a permission (the access-control walker checks)."""

from django.urls import include, path

from huanjie.api import api
from huanjie.core.plugins import plugins

urlpatterns = [
    *(path(prefix, include(module)) for _, plugin in plugins() for prefix, module in plugin.urls),
    path("api/", api.urls),
]

handler403 = "huanjie.core.views.permission_denied"
handler404 = "huanjie.core.views.page_not_found"
