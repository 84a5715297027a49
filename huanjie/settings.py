"""Settings for 换届通.

Everything deployment-specific comes from the environment so that one build runs as a laptop demo
(embedded SQLite) and as a province-scale PostgreSQL deployment behind nginx.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HUANJIE_VAR_DIR", BASE_DIR / "var"))


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("HUANJIE_DEBUG", False)
# The demo and the tests run without a configured secret; a production deployment must set one.
SECRET_KEY = os.environ.get("HUANJIE_SECRET_KEY", "insecure-demo-key-set-HUANJIE_SECRET_KEY-in-production")
ALLOWED_HOSTS = [
    h for h in os.environ.get("HUANJIE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("HUANJIE_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # only so /api/docs serves its bundled Swagger UI files instead of a CDN
    "django_tasks",
    "django_tasks_db",
    # The project's apps, bottom layer first (rules < core < accounts < org < people < … < demo);
    # each plugs itself in through its AppConfig.plugin (huanjie.core.plugins).
    "huanjie.core",
    "huanjie.accounts",
    "huanjie.org",
    "huanjie.people",
    "huanjie.planning",
    "huanjie.vetting",
    "huanjie.elections",
    "huanjie.oversight",
    "huanjie.stats",
    "huanjie.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "huanjie.core.middleware.RequestContextMiddleware",
    "huanjie.core.middleware.ContentSecurityPolicyMiddleware",
    "huanjie.core.middleware.NoStoreMiddleware",
    "huanjie.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "huanjie.core.middleware.IdleSessionMiddleware",
    "huanjie.core.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "huanjie.urls"
WSGI_APPLICATION = "huanjie.wsgi.application"
ASGI_APPLICATION = "huanjie.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "huanjie.core.context_processors.navigation",
            ],
            # Filters every template uses without loading them: {{ rule|cite }}.
            "builtins": ["huanjie.core.templatetags.citing"],
        },
    },
]
# Django's widget templates, with the <input> family written in Python (the same markup, faster).
FORM_RENDERER = "huanjie.core.form_renderer.FastInputRenderer"

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'huanjie.sqlite3'}",
        conn_max_age=int(os.environ.get("HUANJIE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes a large import; write transactions
    # start IMMEDIATE (they take the write lock at BEGIN, so two writers queue on the busy timeout
    # instead of failing with "database is locked" when one upgrades a read lock).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the progress page's per-unit EXISTS counts over a province (20,000 units) are estimated
    # above jit_above_cost and PostgreSQL spent about 1.5 s compiling them for about 50 ms of work
    # (bench/bench_planning.py). Short OLTP queries never gain from it.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "huanjie.accounts.passwords.ComplexityValidator",
        "OPTIONS": {"min_length": 10, "min_classes": 3},
    },
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "huanjie.accounts.passwords.PublishedPasswordValidator"},
]
# A demonstration deployment (`HUANJIE_DEMO=1 huanjie serve`) lets the demo accounts log in with the
# published demo password; production refuses published and common passwords at login too.
HUANJIE_DEMO = _env_bool("HUANJIE_DEMO", False)
AUTHENTICATION_BACKENDS = ["huanjie.accounts.lockout.LockoutModelBackend"]
# Lockout: 5 failures lock the account and the source IP for 15 minutes.
HUANJIE_LOCKOUT_THRESHOLD = 5
HUANJIE_LOCKOUT_MINUTES = 15

# Idle sessions end after 30 minutes: activity pushes the expiry forward, saving the session at most
# once a minute (huanjie.core.middleware.IdleSessionMiddleware), not on every request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
HUANJIE_SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A Chinese page for a refused form (Django's own page carries an inline <style> that the CSP blocks).
CSRF_FAILURE_VIEW = "huanjie.accounts.auth_views.csrf_failure"

# TLS deployments (behind nginx) set HUANJIE_TLS=1.
HUANJIE_TLS = _env_bool("HUANJIE_TLS", False)
SESSION_COOKIE_SECURE = HUANJIE_TLS
CSRF_COOKIE_SECURE = HUANJIE_TLS
SECURE_SSL_REDIRECT = HUANJIE_TLS
SECURE_HSTS_SECONDS = 31536000 if HUANJIE_TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HUANJIE_TLS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HUANJIE_TLS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles: every script and stylesheet is a static file served from this origin.
HUANJIE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
# Client IP: only trust X-Forwarded-For when a proxy we run sets it.
HUANJIE_TRUST_X_FORWARDED_FOR = _env_bool("HUANJIE_TRUST_X_FORWARDED_FOR", False)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
_NODE = BASE_DIR / "node_modules"
# Front-end packages come from npm (package-lock.json) and are served from their dist folders.
STATICFILES_DIRS = [
    ("vendor/bootstrap", _NODE / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", _NODE / "bootstrap-icons" / "font"),
    ("vendor/htmx", _NODE / "htmx.org" / "dist"),
    ("vendor/echarts", _NODE / "echarts" / "dist"),
]
STATICFILES_DIRS = [(prefix, path) for prefix, path in STATICFILES_DIRS if path.exists()]

MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

# Import files with more data rows than this are checked and committed by the task worker.
HUANJIE_IMPORT_BACKGROUND_ROWS = int(os.environ.get("HUANJIE_IMPORT_BACKGROUND_ROWS", "3000"))
# Limits on uploaded import files (docs/operations.md, "Import limits"). Files are checked before
# they are parsed, then parsed in a child process with a memory and a time limit.
HUANJIE_IMPORT_MAX_FILE_MB = int(os.environ.get("HUANJIE_IMPORT_MAX_FILE_MB", "50"))
HUANJIE_IMPORT_MAX_UNPACKED_MB = int(os.environ.get("HUANJIE_IMPORT_MAX_UNPACKED_MB", "500"))
HUANJIE_IMPORT_MAX_RATIO = int(os.environ.get("HUANJIE_IMPORT_MAX_RATIO", "200"))
HUANJIE_IMPORT_MAX_ROWS = int(os.environ.get("HUANJIE_IMPORT_MAX_ROWS", "500000"))
HUANJIE_IMPORT_MAX_COLUMNS = int(os.environ.get("HUANJIE_IMPORT_MAX_COLUMNS", "200"))
HUANJIE_IMPORT_PARSE_MEMORY_MB = int(os.environ.get("HUANJIE_IMPORT_PARSE_MEMORY_MB", "2048"))
HUANJIE_IMPORT_PARSE_SECONDS = int(os.environ.get("HUANJIE_IMPORT_PARSE_SECONDS", "120"))
# A running job whose worker has not reported for this long is failed by the next reader.
HUANJIE_IMPORT_LEASE_SECONDS = int(os.environ.get("HUANJIE_IMPORT_LEASE_SECONDS", "300"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("HUANJIE_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Personal identifiers are encrypted with keys kept outside the repository (see docs/operations.md).
# Audit checkpoints (seq, hash, HMAC) are also appended to this file, outside the database: a
# database-level attacker who truncates, empties or re-chains the audit trail is caught by
# `huanjie audit verify` (docs/operations.md). Keep it on storage the database user cannot write.
HUANJIE_AUDIT_CHECKPOINT_FILE = Path(
    os.environ.get("HUANJIE_AUDIT_CHECKPOINT_FILE", VAR_DIR / "audit-checkpoints.log")
)

# PDFs (huanjie.core.pdf, typeset with Typst): the CJK fonts of Debian's fonts-noto-cjk, plus an
# optional folder of the official fonts (方正小标宋, 仿宋_GB2312, 黑体, 楷体) when licensed.
HUANJIE_NOTO_FONT_DIR = Path(os.environ.get("HUANJIE_NOTO_FONT_DIR", "/usr/share/fonts/opentype/noto"))
HUANJIE_FONT_DIR = Path(os.environ["HUANJIE_FONT_DIR"]) if os.environ.get("HUANJIE_FONT_DIR") else None

HUANJIE_KEY_FILE = Path(
    os.environ.get("HUANJIE_KEY_FILE", Path.home() / ".config" / "huanjie" / "keys.json")
).expanduser()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HUANJIE_LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_CLASS = "huanjie.core.api_params.BoundedPageNumberPagination"
