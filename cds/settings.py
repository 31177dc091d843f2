"""Settings read from environment variables (typed helpers, in the spirit of healthchecks).

SQLite under ``var/`` is the embedded default; set ``CDS_DATABASE_URL`` to a
``postgres://`` URL for production.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CDS_VAR_DIR", BASE_DIR / "var"))


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class SettingError(ValueError):
    """A ``CDS_*`` variable that cannot be read: the server refuses to start, naming it."""

    def __init__(self, name: str, value: str, expected_vi: str, expected_en: str) -> None:
        super().__init__(
            f"Biến môi trường {name}={value!r} không hợp lệ: {expected_vi}. / "
            f"The environment variable {name}={value!r} is not valid: {expected_en}."
        )


def envbool(name: str, default: str = "False") -> bool:
    """A yes/no setting: 1/true/yes/on or 0/false/no/off (any case); anything else stops the start."""
    value = os.environ.get(name, default).strip()
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise SettingError(
        name, value, "ghi true hoặc false (1/0, yes/no, on/off)", "write true or false (1/0, yes/no, on/off)"
    )


def envint(name: str, default: int, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number between ``minimum`` and ``maximum``; anything else stops the start."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise SettingError(
            name, value, "ghi một số nguyên, ví dụ 60", "write a whole number, e.g. 60"
        ) from None
    if number < minimum or (maximum is not None and number > maximum):
        span_vi = f"từ {minimum} đến {maximum}" if maximum is not None else f"không nhỏ hơn {minimum}"
        span_en = f"from {minimum} to {maximum}" if maximum is not None else f"of at least {minimum}"
        raise SettingError(name, value, f"số nguyên {span_vi}", f"a whole number {span_en}")
    return number


_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def envlevel(name: str, default: str) -> str:
    """A logging level (any case); anything else stops the start, naming the variable."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if value.upper() not in _LOG_LEVELS:
        levels = ", ".join(_LOG_LEVELS)
        raise SettingError(name, value, f"ghi một trong {levels}", f"write one of {levels}")
    return value.upper()


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("CDS_DEBUG", "False")


def _install_key(var_dir: Path) -> str:
    """A random key made once per installation and kept in ``var/secret_key`` (owner-only), for the
    demo and development; a server outside debug refuses to start with it (``cds.deploy``)."""
    path = var_dir / "secret_key"
    try:
        return path.read_text(encoding="ascii").strip()
    except OSError:
        pass
    import secrets

    key = secrets.token_urlsafe(50)
    try:
        var_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key)
    except FileExistsError:  # another process made it first
        return path.read_text(encoding="ascii").strip()
    except OSError:
        pass  # a read-only var/: this process's key (sessions end when it stops)
    return key


SECRET_KEY = os.environ.get("CDS_SECRET_KEY", "")
SECRET_KEY_GENERATED = not SECRET_KEY
if SECRET_KEY_GENERATED:
    SECRET_KEY = _install_key(VAR_DIR)
ALLOWED_HOSTS = envlist("CDS_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",  # the backport of Django 6's tasks framework (background jobs, cds.jobs)
    "cds.jobs.apps.TaskQueueConfig",  # django_tasks_db, its database backend (the queue lives in the
    # database we already have), under a name of ours
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN
    "cds.accounts",
    "cds.units",
    "cds.catalog",
    "cds.values",
    "cds.dossiers",
    "cds.dti",
    "cds.registries",
    "cds.ingest",
    "cds.history",
    "cds.notifications",
    "cds.reports",
    "cds.jobs",
    "cds.api",
    "cds.demo",
    "cds.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cds.history.context.RequestIdMiddleware",
    "cds.web.middleware.ContentSecurityPolicyMiddleware",
    "cds.jobs.uploads.UploadHandlerMiddleware",  # before anything parses an upload: a job's file streamed to its place
    "cds.web.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cds.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cds.accounts.middleware.ScopeMemoMiddleware",  # one scope memo per request (for_user)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cds.web.middleware.RefusalMiddleware",  # a view's NotFound / Refused: its page, even with CDS_DEBUG
    "cds.web.middleware.DatabaseBusyMiddleware",  # innermost: sees the views' exceptions first
]

ROOT_URLCONF = "cds.urls"
WSGI_APPLICATION = "cds.wsgi.application"

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
                "django.template.context_processors.i18n",
                "cds.notifications.context.unread",
                "cds.web.context.catalog_problems",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{VAR_DIR / 'cds.sqlite3'}"
# Connections are kept between requests (a new PostgreSQL connection costs a server process and
# an authentication, a new SQLite one its PRAGMAs); a kept connection is checked before reuse.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("CDS_DATABASE_URL", _default_sqlite),
        conn_max_age=envint("CDS_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions avoid "database is locked" on read-then-write (see ENGINEERING-NOTES).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "cds.accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "cds.accounts.passwords.VietnameseCommonPasswordValidator"},
    {"NAME": "cds.accounts.passwords.TrivialPatternValidator"},
]

# Login lockout (cds.accounts.lockout): N failures for one username from one address within the
# window lock that pair for the window. Behind a reverse proxy set CDS_TRUSTED_PROXIES to the
# number of proxies in front of the app, or every client looks like the proxy.
AUTHENTICATION_BACKENDS = ["cds.accounts.lockout.LockoutBackend"]  # ModelBackend plus the lockout
CDS_LOGIN_MAX_FAILURES = envint("CDS_LOGIN_MAX_FAILURES", 5, minimum=1)
CDS_LOGIN_LOCKOUT_MINUTES = envint("CDS_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
CDS_TRUSTED_PROXIES = envint("CDS_TRUSTED_PROXIES", 0)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "cds" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

# Sessions live in a store every server process shares, so a logout, a password change or a
# revoked role takes effect on every worker at once: the database by default, Redis (with a
# cache in front of the database) when CDS_REDIS_URL is set. A per-process memory cache in front of
# the sessions let a logged-out cookie keep working on the other workers.
# The "scope-history" cache keeps the 2025 lineage (reference data, cds.accounts.scope) per process
# under the units' reference version in the database (a `cds units` reload bumps it, so every
# worker reads the new lineage at once); roles themselves are read from the database on every request.
REDIS_URL = os.environ.get("CDS_REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cds-default"}
    ),
    "scope-history": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "cds-scope-history",
    },
}
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
)
# The /dvc/ pages' dossier counts (cds.dossiers.services.remembered_many) are kept per process and,
# when the cache is shared by every server (Redis), there too: each page counted once per import for
# all processes instead of once per process. A per-process memory cache would only copy them.
CDS_DOSSIER_SHARED_CACHE = bool(REDIS_URL)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("CDS_SESSION_SECONDS", 8 * 3600, minimum=60)  # one working day
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = envlist("CDS_CSRF_TRUSTED_ORIGINS")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Everything from our own origin; no inline script or style, no plug-ins, no framing, forms only to
# ourselves. Charts are inline SVG or images from our own URLs; Swagger UI's icons are data: URLs.
CDS_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
if not DEBUG and envbool("CDS_HTTPS", "False"):
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("CDS_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if CDS_TRUSTED_PROXIES > 0:
        # The proxy terminates TLS and says so; trust the header only when a proxy is declared.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Years data may be recorded for (cds.lib.periods.data_years): 2000 to next year unless set.
CDS_DATA_FIRST_YEAR = envint("CDS_DATA_FIRST_YEAR", 2000)
CDS_DATA_LAST_YEAR = envint("CDS_DATA_LAST_YEAR", 0)  # 0: next year, whatever today is
# The demo's "today" (cds.demo.calendar): YYYY-MM-DD pins the day the demo data are laid out
# from, for tests and reproducible screenshots; empty = today in TIME_ZONE.
CDS_DEMO_TODAY = os.environ.get("CDS_DEMO_TODAY", "")
# Where dossier Parquet files are kept ("" = VAR_DIR/dossiers).
CDS_DOSSIER_STORE = os.environ.get("CDS_DOSSIER_STORE", "")

# Background jobs (cds.jobs): Django's tasks framework, queue in the database; `cds worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# jobs' uploads and outputs ("" = VAR_DIR/jobs): shared storage when several machines run them
CDS_JOB_DIR = os.environ.get("CDS_JOB_DIR", "")
CDS_JOB_ATTEMPTS = envint("CDS_JOB_ATTEMPTS", 2, minimum=1)  # runs of a job whose worker died under it
# a job on another machine that wrote no progress for this long is taken as lost (same machine: its pid)
CDS_JOB_LOST_SECONDS = envint("CDS_JOB_LOST_SECONDS", 900, minimum=10)
CDS_JOB_REPORT_WORKERS = envint("CDS_JOB_REPORT_WORKERS", 2, minimum=1)  # processes of one report batch job
# DuckDB (the dossier store's queries and imports): threads per connection; 0 (unset) = the machine's
# cores. The test run sets 1 (conftest.py): two pytest-xdist workers on two cores gain nothing from more.
CDS_DUCKDB_THREADS = envint("CDS_DUCKDB_THREADS", 0)
# Spark (cds dvc ... --engine spark): the cluster's master URL; local[*] runs Spark inside the process.
CDS_SPARK_MASTER = os.environ.get("CDS_SPARK_MASTER", "local[*]")
CDS_SPARK_DRIVER_MEMORY = os.environ.get("CDS_SPARK_DRIVER_MEMORY", "2g")  # the JVM's heap under local[*]
CDS_SPARK_SHUFFLE_PARTITIONS = envint("CDS_SPARK_SHUFFLE_PARTITIONS", 8, minimum=1)  # the counts are small
# Notification e-mail (cds.notifications): SMTP when CDS_EMAIL_HOST is set, else the console
# backend (the demo prints each message in its terminal). The link in a message needs CDS_SITE_URL.
CDS_SITE_URL = os.environ.get("CDS_SITE_URL", "")
EMAIL_HOST = os.environ.get("CDS_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("CDS_EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("CDS_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("CDS_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = envbool("CDS_EMAIL_TLS", "True")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("CDS_EMAIL_FROM", "CĐS Hub <no-reply@localhost>")

# Upload limits (files are also checked for zip bombs before opening).
CDS_MAX_UPLOAD_BYTES = envint("CDS_MAX_UPLOAD_BYTES", 50 * 1024 * 1024, minimum=1024)
# A one-stop-shop export is larger (a province-year of dossiers: ~200 bytes a row); it streams to disk.
CDS_MAX_DOSSIER_UPLOAD_BYTES = envint("CDS_MAX_DOSSIER_UPLOAD_BYTES", 2 * 1024**3, minimum=1024)
# A consolidated report writes an area total only when at least this share (%) of the reporting
# units have data; below it, it says how many reported instead (cds.reports.builders).
CDS_REPORT_MIN_COVERAGE = envint("CDS_REPORT_MIN_COVERAGE", 50, maximum=100)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envlevel("CDS_LOG_LEVEL", "WARNING")},
    # Logins, failed logins, lockouts and refused access (cds.accounts.audit).
    "loggers": {"cds.security": {"level": envlevel("CDS_SECURITY_LOG_LEVEL", "INFO")}},
}

LOGIN_URL = "web:login"
CSRF_FAILURE_VIEW = "cds.web.views.errors.csrf_failure"  # in the reader's language, with navigation
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"
