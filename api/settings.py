"""The one settings module. Everything that differs between machines comes
from the environment (see the configuration table in README.md)."""

import hashlib
import os
import re
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from api.env import env_bool, env_float, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
# Offline commands (migrate, spectacular, check) run without a key; serving
# with debug off refuses to start without one (api/wsgi.py), and so does
# `check --deploy` (reviews/checks.py).
SECRET_KEY_IS_SET = bool(SECRET_KEY)
if not SECRET_KEY_IS_SET:
    SECRET_KEY = "insecure-placeholder-key-for-debug-and-offline-commands-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

# The address partners see, used for absolute links in API responses and feeds.
PUBLIC_BASE_URL = env_url("PUBLIC_BASE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "reviews",
    "feeds",
    "django_tasks",
    "django_tasks_db",
    "webhooks",
    "api",
]

AUTHENTICATION_BACKENDS = [
    # Refuses a sign-in while its address or username is locked out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

MIDDLEWARE = [
    "api.http.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "api.http.security.SecurityHeadersMiddleware",
    "api.http.middleware.TextGZipMiddleware",
    "api.http.middleware.PublicCorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Inside the compression: it reads the problem it turns into a page.
    "api.http.problems.ProblemPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "reviews.audit.AuditUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Outermost of the two: it evaluates conditions on built and on stored answers alike.
    "api.http.conditional.ConditionalGetMiddleware",
    "api.http.response_cache.ResponseCacheMiddleware",
    # Inside the response cache: a stored answer takes no slot.
    "api.http.expensive.ExpensiveRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "api.urls"
WSGI_APPLICATION = "api.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Our own templates first: they replace drf-spectacular's Redoc page (no CDN fonts).
        "DIRS": [BASE_DIR / "api" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_database_url = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
except (ValueError, KeyError) as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL Django can use: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing with "database is locked": a busy
    # timeout, and transactions that take the write lock when they begin (a
    # transaction that read first and then wrote could not wait for another's).
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")

REDIS_URL = env_url("REDIS_URL", schemes=("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "crp",
            # A Redis that is down only costs the cache (api/http/cache.py).
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite ignores an index's INCLUDE columns (``review_public_idx`` includes the
# id for PostgreSQL's index-only counts); its indexes hold the rowid, the id, anyway.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Filled by `manage.py collectstatic`; without DEBUG the files are served by
# WhiteNoise from here under hashed names, and nothing starts without it.
STATIC_ROOT = Path(env_str("STATIC_FILES_DIR") or BASE_DIR / "staticfiles")
STORAGES = {
    # Whole files or none: a write that fails part-way leaves nothing behind.
    "default": {"BACKEND": "reviews.files.storage.WholeFileStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded documents. Never served directly: downloads go through the API so
# that the publication rules apply to every byte.
MEDIA_ROOT = Path(env_str("DOCUMENT_STORAGE_DIR") or BASE_DIR / "media")
# No URL pattern serves this path; it is set only because Django's test
# servers expect a string here.
MEDIA_URL = "/document-storage-is-not-served/"

# The body's availability window in months, used until an editor sets the
# board's own value in the admin (the seed page says six months).
AVAILABILITY_WINDOW_MONTHS = env_int("AVAILABILITY_WINDOW_MONTHS", default=6, minimum=1, maximum=600)
# A WebSub hub the feeds advertise and notify when they change (feeds.websub);
# empty: no hub, no notifications.
WEBSUB_HUB_URL = env_url("WEBSUB_HUB_URL")
# The most feed addresses (topics, with their filters) the hub is told about: those served most recently.
WEBSUB_MAX_TOPICS = env_int("WEBSUB_MAX_TOPICS", default=200, minimum=1, maximum=10_000)

# What an installation holding several bodies calls itself, e.g. in its feeds' titles.
LIBRARY_NAME = env_str("LIBRARY_NAME") or "the case review library"

# The worker (`manage.py worker`, api/worker.py): seconds between its passes.
# The changes log, webhooks and hub pings follow a boundary within about one
# interval plus a pass.
WORKER_INTERVAL = env_float("WORKER_INTERVAL", default=0.5, minimum=0.05, maximum=60)

# Webhooks for partners (webhooks/): deliveries run on django-tasks' database
# backend, in the worker's process.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", default=8, minimum=1, maximum=50)
WEBHOOK_RETRY_SECONDS = env_int("WEBHOOK_RETRY_SECONDS", default=30, minimum=1, maximum=3600)
# Deliveries given up in a row before an endpoint is disabled.
WEBHOOK_DISABLE_AFTER = env_int("WEBHOOK_DISABLE_AFTER", default=3, minimum=1, maximum=1000)
# How long an attempt may take before it counts as lost (its worker killed) and is queued again.
WEBHOOK_LEASE_SECONDS = env_int("WEBHOOK_LEASE_SECONDS", default=120, minimum=1, maximum=86_400)
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", default=10, minimum=1, maximum=120)
# Endpoints must be https://; this lets http://127.0.0.1 through, for local trials and tests only.
WEBHOOKS_ALLOW_LOCAL_HTTP = env_bool("WEBHOOKS_ALLOW_LOCAL_HTTP", default=False)

# The name of the publishing body made when content is written before any body
# exists (the seed names its own); a single-body install needs nothing else.
DEFAULT_BODY_NAME = env_str("DEFAULT_BODY_NAME") or "Safeguarding Children Partnership"

# Largest document an editor may upload, in bytes.
DOCUMENT_MAX_UPLOAD_BYTES = env_int("DOCUMENT_MAX_UPLOAD_BYTES", default=50 * 1024 * 1024, minimum=1024)
# Reading a PDF's words for search, in the worker's child process (reviews.files.extraction):
# a file that takes longer or more memory is left unsearched.
TEXT_EXTRACTION_SECONDS = env_int("TEXT_EXTRACTION_SECONDS", default=30, minimum=1)
TEXT_EXTRACTION_MEMORY_MB = env_int("TEXT_EXTRACTION_MEMORY_MB", default=512, minimum=64)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# The public API.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["api.http.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["api.http.throttling.AnonymousRateThrottle"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.http.negotiation.PublicNegotiation",
    "EXCEPTION_HANDLER": "api.http.problems.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "api.v1.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["api.v1.filters.StrictFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "URL_FORMAT_OVERRIDE": "format",
}
# Requests an anonymous client (one IP address) may make, e.g. 600/minute.
API_ANON_RATE = env_str("API_ANON_RATE", "600/minute")
if not re.fullmatch(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)", API_ANON_RATE):
    raise ImproperlyConfigured("API_ANON_RATE must look like 600/minute (a number, /, second|minute|hour|day).")

# Longest time (seconds) a client or shared cache may reuse an answer; cut
# shorter whenever a scheduled embargo or window boundary comes sooner.
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", default=60, minimum=0, maximum=86400)
# Keep whole public answers in the cache, keyed on every content version and
# the schedule, so a repeated request does no work (api.http.conditional).
API_RESPONSE_CACHE = env_bool("API_RESPONSE_CACHE", default=True)
# A client's "Cache-Control: no-cache" rebuilds an ordinary answer, but never a search's:
# unless this is set (the benchmark sets it, to measure searches built).
API_NO_CACHE_REBUILDS_SEARCHES = env_bool("API_NO_CACHE_REBUILDS_SEARCHES", default=False)
# Searches and filtered exports built at once on this machine, before a 429 (api.http.expensive),
# and where the locks that count them are kept (one directory per installation).
EXPENSIVE_REQUESTS = env_int("EXPENSIVE_REQUESTS", default=max(1, (os.cpu_count() or 2) // 2), minimum=1)
LOCKS_DIR = Path(
    env_str("LOCKS_DIR")
    or Path(tempfile.gettempdir())
    / ("case-review-locks-" + hashlib.sha256(f"{BASE_DIR}|{DATABASES['default']['NAME']}".encode()).hexdigest()[:12])
)
# PostgreSQL: each process reads the content counters again only when the database
# announces they moved, and at least this often (milliseconds; 0: on every request,
# as behind a transaction-pooling proxy, which does not carry LISTEN). reviews.changelog.version_watch
CONTENT_VERSION_TRUST_MS = env_int("CONTENT_VERSION_TRUST_MS", default=100, minimum=0, maximum=60_000)

# The feeds.
FEED_MAX_ENTRIES = env_int("FEED_MAX_ENTRIES", default=50, minimum=1, maximum=500)
FEED_TOMBSTONE_DAYS = env_int("FEED_TOMBSTONE_DAYS", default=30, minimum=1, maximum=3650)
# Entry ids are tag URIs (RFC 4151) minted under this authority; keep it fixed
# for the life of the feeds, or every subscriber sees every entry again.
FEED_TAG_AUTHORITY = env_str("FEED_TAG_AUTHORITY") or (f"{urlparse(PUBLIC_BASE_URL).hostname},2026")
# Where a review's or leaflet's page lives on the body's own website, e.g.
# https://www.example.org/reviews/{slug}; the API resource when unset.
BOARD_REVIEW_URL_TEMPLATE = env_str("BOARD_REVIEW_URL_TEMPLATE")
BOARD_LEAFLET_URL_TEMPLATE = env_str("BOARD_LEAFLET_URL_TEMPLATE")
for _name in ("BOARD_REVIEW_URL_TEMPLATE", "BOARD_LEAFLET_URL_TEMPLATE"):
    _template = globals()[_name]
    if _template and ("{slug}" not in _template or not _template.startswith(("http://", "https://"))):
        raise ImproperlyConfigured(f"{_name} must be an http(s) URL containing {{slug}}.")

# How long the changes log is kept; a cursor older than that must resync.
CHANGES_RETENTION_DAYS = env_int("CHANGES_RETENTION_DAYS", default=400, minimum=30, maximum=36500)

# The OpenAPI description and its offline docs. Generate openapi.yaml with no
# environment set, so that it is the same on every machine.
API_CONTACT_URL = env_url("API_CONTACT_URL", default="")
CONTENT_LICENCE_URL = env_url("CONTENT_LICENCE_URL", default="")
SPECTACULAR_SETTINGS = {
    "TITLE": "Case Review Publication API",
    "VERSION": "1.0.0",
    "DESCRIPTION": (BASE_DIR / "api" / "v1" / "schema_description.md").read_text(encoding="utf-8"),
    # Links only where the deployment gives them: pointing them at the API would send people to JSON.
    "CONTACT": {"name": "Safeguarding Unit", **({"url": API_CONTACT_URL} if API_CONTACT_URL else {})},
    "LICENSE": {
        "name": env_str("CONTENT_LICENCE_NAME", "Content: all rights reserved by the publishing board"),
        **({"url": CONTENT_LICENCE_URL} if CONTENT_LICENCE_URL else {}),
    },
    # A deployment's own address; otherwise where the description was fetched from (the committed
    # one names no developer's machine).
    "SERVERS": [{"url": PUBLIC_BASE_URL, "description": "This deployment"}]
    if env_str("PUBLIC_BASE_URL")
    else [{"url": "/", "description": "The address this description is served from"}],
    "TAGS": [
        {"name": "index", "description": "Where everything is, and who publishes it."},
        {"name": "bodies", "description": "The partnerships and boards that publish: the values of the body filter."},
        {"name": "reviews", "description": "Case reviews of every type across the UK: search, lifecycle, history."},
        {"name": "documents", "description": "Reports, summaries, briefings and statements, and their files."},
        {"name": "leaflets", "description": "Leaflets for parents and carers, as data or an HTML fragment."},
        {"name": "contacts", "description": "Whom to contact."},
        {"name": "themes", "description": "What reviews are about: the values of the theme filter."},
        {"name": "agencies", "description": "The agencies a review may name as involved."},
        {"name": "feeds", "description": "Atom, RSS and JSON Feed feeds of new publications, with WebSub."},
        {"name": "changes", "description": "What changed, for partners that mirror the content."},
        {"name": "exports", "description": "Every public review at once, streamed, for research."},
    ],
    "SCHEMA_PATH_PREFIX": r"/(api/v1|feeds)",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": False,
    "ENUM_NAME_OVERRIDES": {
        "ReviewTypeEnum": "reviews.models.Review.Type",
        "DocumentKindEnum": "reviews.models.Document.Kind",
        "BodyKindEnum": "reviews.models.Body.Kind",
        "NationEnum": "reviews.review_types.Nation",
        "LifecycleEnum": ["deferred", "improvements_only", "available", "archived"],
        "PublicationReasonEnum": "reviews.publication.PublicationReason",
        "AudienceEnum": "reviews.models.Document.Audience",
        "StatusEnum": ["available", "archived"],
        "PrecisionEnum": "reviews.models.DatePrecision",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.http.schema.finish"],
}

# How many reverse proxies of ours stand in front (each adding to X-Forwarded-For):
# the API's rate limit and the admin's sign-in lockout both take the client's
# address from it (api/http/clients.py). 0: REMOTE_ADDR is the client.
TRUSTED_PROXY_DEPTH = env_int("DJANGO_TRUSTED_PROXY_DEPTH", default=0, minimum=0)

# The admin's sign-in (django-axes): after this many failures from one address,
# or for one username however it is spelt, sign-in is refused for a while. The
# counts are rows in the database, shared by every worker and host; staff see and
# clear them in the admin ("Access attempts").
ADMIN_LOGIN_MAX_FAILURES = env_int("ADMIN_LOGIN_MAX_FAILURES", default=5, minimum=1)
ADMIN_LOGIN_LOCKOUT_SECONDS = env_int("ADMIN_LOGIN_LOCKOUT_SECONDS", default=900, minimum=60)
AXES_FAILURE_LIMIT = ADMIN_LOGIN_MAX_FAILURES
AXES_COOLOFF_TIME = timedelta(seconds=ADMIN_LOGIN_LOCKOUT_SECONDS)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_CLIENT_IP_CALLABLE = "api.http.clients.client_address"
AXES_USERNAME_CALLABLE = "reviews.admin.login.normalised_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_HANDLER = "reviews.admin.login.OwnAttemptsHandler"

# Production hardening; on by default whenever debug is off.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_TLS_PROXY", default=False) else None
)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # One JSON line per request (api.http.observability); REQUEST_LOG=false silences them.
    "loggers": {
        "api.requests": {
            "handlers": ["console"],
            "level": "INFO" if env_bool("REQUEST_LOG", default=True) else "WARNING",
            "propagate": False,
        },
        # Our JSON line replaces Django's plain one for every error answer.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django_redis": {"handlers": ["console"], "filters": ["once_per_minute"], "propagate": False},
    },
    "filters": {"once_per_minute": {"()": "api.http.cache.OncePerMinute"}},
}
