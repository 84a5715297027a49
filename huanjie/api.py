"""The REST API (django-ninja) under /api/, OpenAPI at /api/docs."""

from ninja import NinjaAPI

api = NinjaAPI(title="换届通 API", version="1", urls_namespace="api")
