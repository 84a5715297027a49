"""The REST API (django-ninja) under /api/, OpenAPI at /api/openapi.json and /api/docs.

Every operation authenticates with a bearer token (``huanjie token create``) and acts as the token's
user, with the same selectors and jurisdiction as the UI. The schema and the docs page are public
(they describe the interface, not data); the docs page is served from ninja's bundled static files
("ninja" in INSTALLED_APPS), never from a CDN.
"""

from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from huanjie.accounts.tokens import TokenAuth
from huanjie.core.permissions import public
from huanjie.core.plugins import plugins

# Every operation may answer these besides its success: the schema says so for each, so a client (and
# schemathesis' "undocumented status code" check) knows every answer it can get.
STANDARD_ERRORS = {
    "400": "请求中含有不允许的控制字符（NUL），或请求体不是 JSON",
    "401": "未认证：缺少或无效的令牌",
    "403": "您的角色无权访问此接口",
    "404": "未找到，或不在您的管辖范围内",
    "422": "参数不合法（逐项说明原因）",
}
_ERROR_SCHEMA = {
    "title": "ErrorOut",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "loc": {
                                "type": "array",
                                "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                            },
                            "msg": {"type": "string"},
                        },
                    },
                },
            ]
        }
    },
}

# Chinese for the validation errors a client can cause (pydantic's error types).
_MESSAGES = {
    "missing": "必填",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "string_type": "应为文本",
    "string_too_long": "过长",
    "string_too_short": "过短",
    "greater_than": "过小",
    "greater_than_equal": "过小",
    "less_than": "过大",
    "less_than_equal": "过大",
    "enum": "不是可选值之一",
    "literal_error": "不是可选值之一",
    "date_parsing": "应为日期，如 2026-03-01",
    "date_from_datetime_parsing": "应为日期，如 2026-03-01",
    "json_invalid": "不是有效的 JSON",
    "string_pattern_mismatch": "格式不符",
}


def _query_names(operation: Any) -> frozenset[str]:
    """The query parameters an operation declares (its flattened Query models)."""
    names: set[str] = set()
    for model in operation.models:
        if getattr(model, "__ninja_param_source__", None) == "query":
            names.update(getattr(model, "__ninja_flatten_map__", {}) or model.model_fields)
    return frozenset(names)


def reject_unknown_query_parameters(run: Any) -> Any:
    """Refuse a request naming a query parameter the operation does not declare (422): a misspelt
    filter would otherwise be ignored silently and return more than the caller asked for."""
    allowed = _query_names(run.__self__)

    @wraps(run)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        unknown = sorted(k for k in request.GET if k not in allowed)
        if unknown:
            detail = [{"loc": ["query", k], "msg": f"未知参数 {k or '（空名称）'}"} for k in unknown[:10]]
            return api.create_response(request, {"detail": detail}, status=422)
        return run(request, *args, **kwargs)

    return checked


class HuanjieAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["ErrorOut"] = _ERROR_SCHEMA
        ref = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for code, description in STANDARD_ERRORS.items():
                    responses.setdefault(code, {"description": description, "content": ref})
        return schema


api = HuanjieAPI(
    title="换届通 API",
    version="1",
    description="村（社区）“两委”换届工作平台接口。使用 `Authorization: Bearer <令牌>` 认证；"
    "令牌由 `huanjie token create 用户名 --name 用途` 生成。数据范围与该账号在界面中的管辖范围一致。",
    urls_namespace="api",
    auth=TokenAuth(),
    docs_decorator=public,
)
api.add_decorator(reject_unknown_query_parameters, mode="view")
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


UNPARSEABLE_BODY = "请求体无法解析：请以 JSON 提交（Content-Type: application/json）"


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusal of a body that is not JSON (a form post, say: refused before anything is
    looked up) in Chinese; every other HttpError as ninja answers it (its message is ours)."""
    detail = str(exc)
    if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
        detail = UNPARSEABLE_BODY
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """422 with a Chinese reason per parameter (never pydantic's English text)."""
    detail = []
    for error in exc.errors:
        loc = [part for part in error.get("loc", ()) if part not in ("query", "path", "body", "filters")]
        name = ".".join(str(part) for part in loc) or "请求"
        reason = _MESSAGES.get(str(error.get("type", "")), "取值无效")
        detail.append({"loc": list(error.get("loc", ())), "msg": f"参数 {name} {reason}"})
    return api.create_response(request, {"detail": detail}, status=422)
