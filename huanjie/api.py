"""The REST API (django-ninja) under /api/, OpenAPI at /api/openapi.json and /api/docs.

Every operation authenticates with a bearer token (``huanjie token create``) and acts as the token's
user, with the same selectors and jurisdiction as the UI. The schema and the docs page are public
(they describe the interface, not data); the docs page is served from ninja's bundled static files
("ninja" in INSTALLED_APPS), never from a CDN.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from huanjie.accounts.tokens import TokenAuth
from huanjie.core.permissions import public
from huanjie.core.plugins import plugins

api = NinjaAPI(
    title="换届通 API",
    version="1",
    description="村（社区）“两委”换届工作平台接口。使用 `Authorization: Bearer <令牌>` 认证；"
    "令牌由 `huanjie token create 用户名 --name 用途` 生成。数据范围与该账号在界面中的管辖范围一致。",
    urls_namespace="api",
    auth=TokenAuth(),
    docs_decorator=public,
)
# Each app's router, from its plug-in declaration (huanjie.core.plugins).
for _, plugin in plugins():
    for prefix, router in plugin.api:
        api.add_router(prefix, import_string(router))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # The same words as the UI, whatever the cause: nothing tells "absent" from "outside".
    return api.create_response(request, {"detail": "未找到，或不在您的管辖范围内"}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = "未认证：请在 Authorization 头中提供有效的令牌（Bearer）"
    return api.create_response(request, {"detail": detail}, status=401)
