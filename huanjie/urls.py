"""Root URL configuration. Each module owns its own routes; every view declares a permission."""

from django.urls import include, path

from huanjie.api import api

urlpatterns = [
    path("", include("huanjie.core.urls")),
    path("", include("huanjie.core.auth_urls")),
    path("admin-console/", include("huanjie.core.admin_urls")),
    path("import/", include("huanjie.core.import_urls")),
    path("org/", include("huanjie.org.urls")),
    path("people/", include("huanjie.people.urls")),
    path("api/", api.urls),
]

handler403 = "huanjie.core.views.permission_denied"
handler404 = "huanjie.core.views.page_not_found"
