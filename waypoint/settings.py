"""Waypoint's one settings file. Everything that differs between machines comes from the environment.

WAYPOINT_ENV=production turns on the strict checks: secrets, hosts and the
database must be given, and the app refuses to start without them.
"""

from __future__ import annotations

import base64
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from waypoint.database import database_settings
from waypoint.env import env_bool, env_int, env_list, env_str, key_file, local_secrets

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("WAYPOINT_VAR_DIR") or BASE_DIR / "var")

WAYPOINT_ENV = env_str("WAYPOINT_ENV", "development")
PRODUCTION = WAYPOINT_ENV == "production"
DEMO_MODE = env_bool("WAYPOINT_DEMO")
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

# --- Secrets -------------------------------------------------------------------

if env_str("WAYPOINT_KEY_FILE"):
    _secrets = key_file(env_str("WAYPOINT_KEY_FILE") or "")
elif PRODUCTION:
    _secrets = {}
else:
    _secrets = local_secrets(VAR_DIR)

SECRET_KEY = env_str("SECRET_KEY") or str(_secrets.get("secret_key") or "")
WAYPOINT_DATA_KEYS: list[str] = env_list("WAYPOINT_DATA_KEYS") or list(_secrets.get("data_keys") or [])  # type: ignore[call-overload]
WAYPOINT_INDEX_KEY = env_str("WAYPOINT_INDEX_KEY") or str(_secrets.get("index_key") or "")
# Keys the audit chain's HMAC is computed with: the first signs, every one verifies (rotation).
# Held outside the database, so someone with database access alone cannot forge an event.
WAYPOINT_AUDIT_KEYS: list[str] = env_list("WAYPOINT_AUDIT_KEYS") or list(_secrets.get("audit_keys") or [])  # type: ignore[call-overload]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
_DATABASE_URL = env_str("DATABASE_URL")

if PRODUCTION:
    _missing = [
        name
        for name, value in [
            ("SECRET_KEY", SECRET_KEY),
            ("WAYPOINT_DATA_KEYS", WAYPOINT_DATA_KEYS),
            ("WAYPOINT_INDEX_KEY", WAYPOINT_INDEX_KEY),
            ("WAYPOINT_AUDIT_KEYS", WAYPOINT_AUDIT_KEYS),
            ("ALLOWED_HOSTS", ALLOWED_HOSTS),
            ("DATABASE_URL", _DATABASE_URL),
            # Without it e-mail would go to the console, and so into the logs.
            ("EMAIL_HOST", env_str("EMAIL_HOST")),
        ]
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured(
            "Production refuses to start without: " + ", ".join(_missing) + ". See docs/deployment.md."
        )

for _key in [*WAYPOINT_DATA_KEYS, WAYPOINT_INDEX_KEY, *WAYPOINT_AUDIT_KEYS]:
    if len(base64.urlsafe_b64decode(_key.encode())) != 32:
        raise ImproperlyConfigured("Every data, index and audit key must be 32 bytes, URL-safe base64 encoded.")

# --- Applications -----------------------------------------------------------------

INSTALLED_APPS = [
    "waypoint.core",
    "waypoint.accounts",
    "waypoint.audit",
    "waypoint.people",
    "waypoint.casework",
    "waypoint.instruments",
    "waypoint.safety",
    "waypoint.housing",
    "waypoint.learning",
    "waypoint.workshops",
    "waypoint.enquiries",
    "waypoint.demo",
    "waypoint.sessions",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "pgtrigger",
    "pghistory",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "waypoint.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "waypoint.core.csrf.NullOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "waypoint.core.middleware.SessionLimitsMiddleware",
    "waypoint.accounts.middleware.MembershipMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "waypoint.accounts.middleware.MFARequiredMiddleware",
    "waypoint.core.middleware.RouteAccessMiddleware",
    "waypoint.core.middleware.PrivacyHeadersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # /cms/ only: editors' Wagtail group follows their Waypoint role; CSP relaxed there (see the module).
    "waypoint.learning.middleware.CmsMiddleware",
]

ROOT_URLCONF = "waypoint.urls"
WSGI_APPLICATION = "waypoint.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "waypoint" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "waypoint.core.context_processors.waypoint",
            ],
        },
    },
]

# --- Database, cache, tasks --------------------------------------------------------

DATABASES = {"default": database_settings(_DATABASE_URL, VAR_DIR / "pgdata")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A real shared cache, so that sign-in rate limits hold across worker processes.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "waypoint_cache",
    }
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task still "running" this long after it started lost its worker (killed, machine gone): the next
# `task_worker` start or `tasks_requeue_stale` run queues it again, up to WAYPOINT_TASK_MAX_ATTEMPTS
# attempts, then marks it failed. Every Waypoint task is safe to run twice; keep this above the longest.
WAYPOINT_TASK_STALE_AFTER_SECONDS = env_int("WAYPOINT_TASK_STALE_AFTER_SECONDS", 15 * 60)
WAYPOINT_TASK_MAX_ATTEMPTS = env_int("WAYPOINT_TASK_MAX_ATTEMPTS", 3)

# --- Accounts and sign-in -------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "waypoint.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
# Five failed sign-ins for one e-mail in 15 minutes, or ten a minute from one address, and sign-in pauses.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/900s/key",
    "reauthenticate": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Waypoint: "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TRUST_ENABLED = False
MFA_TOTP_ISSUER = "Waypoint"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
INVITATION_DAYS = env_int("WAYPOINT_INVITATION_DAYS", 7)
# Where the quick-exit control sends someone: an ordinary, neutral site.
WAYPOINT_QUICK_EXIT_URL = env_str("WAYPOINT_QUICK_EXIT_URL", "https://www.theweathernetwork.com/ca")

# --- Sessions ------------------------------------------------------------------

SESSION_ENGINE = "waypoint.sessions.backend"  # sessions findable by user: docs/decisions/0003-sessions-by-user.md
SESSION_IDLE_SECONDS = env_int("WAYPOINT_SESSION_IDLE_SECONDS", 15 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("WAYPOINT_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_WARNING_SECONDS = 2 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "waypoint.core.views.csrf_failure"

# --- Security headers -----------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("WAYPOINT_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# --- Languages and time -----------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "waypoint" / "locale"]
LANGUAGE_COOKIE_NAME = "waypoint_language"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
# Canadian dates in both languages: 2026-12-01, "1 December 2026", "1er décembre 2026".
FORMAT_MODULE_PATH = ["waypoint.formats"]
TIME_ZONE = "America/Toronto"
USE_TZ = True

# --- Static files and e-mail ----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static-root"
STATICFILES_DIRS = [BASE_DIR / "waypoint" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("WAYPOINT_MEDIA_ROOT") or VAR_DIR / "media")
MEDIA_URL = "/media/"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Waypoint <no-reply@waypoint.invalid>")
# Messages to survivors come from an address that names no service: someone may be watching their inbox.
WAYPOINT_SURVIVOR_FROM_EMAIL = env_str("WAYPOINT_SURVIVOR_FROM_EMAIL", "no-reply@mail.invalid")
if env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = True

# --- Wagtail (learning hub) -----------------------------------------------------------

WAGTAIL_SITE_NAME = "Waypoint"
WAGTAILADMIN_BASE_URL = env_str("WAYPOINT_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Sign-in e-mail and password change only through allauth's flows (re-authentication, notices).
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False

# --- Logging ------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"database_outage": {"()": "waypoint.core.outage.DatabaseOutageLogFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # An outage is logged as a warning with its cause, not a traceback per request (core.outage).
        "django.request": {"filters": ["database_outage"]},
    },
}

# --- Survivor records -----------------------------------------------------------------

WAYPOINT_BREAK_GLASS_HOURS = env_int("WAYPOINT_BREAK_GLASS_HOURS", 4)
# Casework: a correction to an encounter later than this needs a reason; the caseload flags
# people not contacted for this many days.
WAYPOINT_ENCOUNTER_FREE_CORRECTION_HOURS = env_int("WAYPOINT_ENCOUNTER_FREE_CORRECTION_HOURS", 24)
WAYPOINT_NO_CONTACT_DAYS = env_int("WAYPOINT_NO_CONTACT_DAYS", 30)

# --- Audit chain checkpoints and the database roles (docs/deployment.md, "Audit") ------------------
# The chain's head is written out of the database at intervals, so a truncated or renumbered chain
# is caught by `audit_verify --checkpoints FILE`. Each destination is optional; use at least one.
WAYPOINT_AUDIT_CHECKPOINT_FILE = env_str(
    "WAYPOINT_AUDIT_CHECKPOINT_FILE", "" if PRODUCTION else str(VAR_DIR / "audit-checkpoints.jsonl")
)
WAYPOINT_AUDIT_CHECKPOINT_SYSLOG = env_bool("WAYPOINT_AUDIT_CHECKPOINT_SYSLOG")
WAYPOINT_SECURITY_EMAIL = env_str("WAYPOINT_SECURITY_EMAIL", "")
# The role the web and worker processes connect as; `migrate`, run as the owner, grants it
# what it needs and no more (never UPDATE, DELETE or TRUNCATE on the audit table).
WAYPOINT_APP_DB_ROLE = env_str("WAYPOINT_APP_DB_ROLE", "")
# Nothing is sent on a safe-contact record not confirmed with the person within this many days.
WAYPOINT_SAFE_CONTACT_MAX_AGE_DAYS = env_int("WAYPOINT_SAFE_CONTACT_MAX_AGE_DAYS", 90)

# --- Learning hub ---------------------------------------------------------------------

# The agency whose intake team answers "speak with someone" (by name); empty: the first non-partner agency.
WAYPOINT_LEARNING_AGENCY = env_str("WAYPOINT_LEARNING_AGENCY", "")
WAYPOINT_LEARNING_LINK_DAYS = env_int("WAYPOINT_LEARNING_LINK_DAYS", 120)
WAYPOINT_LEARNING_CONTACT_DAYS = env_int("WAYPOINT_LEARNING_CONTACT_DAYS", 2)
WAYPOINT_LEARNING_CONTACT_PER_HOUR = env_int("WAYPOINT_LEARNING_CONTACT_PER_HOUR", 5)
# Closed contact requests and past workshop registrations are purged after this many days.
WAYPOINT_LEARNING_RETENTION_DAYS = env_int("WAYPOINT_LEARNING_RETENTION_DAYS", 730)
WAYPOINT_LEARNING_BOOKINGS_PER_HOUR_IP = env_int("WAYPOINT_LEARNING_BOOKINGS_PER_HOUR_IP", 20)
WAYPOINT_LEARNING_BOOKINGS_PER_HOUR_EMAIL = env_int("WAYPOINT_LEARNING_BOOKINGS_PER_HOUR_EMAIL", 5)
# Wagtail's admin would fetch editors' avatars from gravatar.com: no request leaves for a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
