"""WSGI entry point (gunicorn huanjie.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huanjie.settings")
application = get_wsgi_application()
