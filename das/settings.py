"""DAS settings. Everything that differs between machines comes from the environment (12-factor)."""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
import pghistory.config
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# Under pytest: no SECRET_KEY needed, plain static storage (pytest is never imported by the server).
TESTING = env_bool("DAS_TESTING") or "pytest" in sys.modules

SECRET_KEY = os.environ.get("SECRET_KEY", "")
SECRET_KEY_FROM_ENVIRONMENT = bool(SECRET_KEY)
if not SECRET_KEY:
    if os.environ.get("DAS_SERVING") and not DEBUG:  # set by das/wsgi.py: a server never starts without its key
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Commands (makemigrations, tests) run with a throw-away key; `check --deploy` reports it as an error (das.E001).
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production-0123456789abcdefghij"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "pgtrigger",
    "pghistory",
    "das",
    "projects",
    "committees",
    "training",
    "communication",
    "coordination",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "das.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "das.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "das.middleware.AuditContextMiddleware",
    "das.middleware.DenyByDefaultMiddleware",
]

ROOT_URLCONF = "das.urls"
WSGI_APPLICATION = "das.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "das.context_processors.navigation",
            ],
        },
    },
]

# PostgreSQL only: run.py starts a private server when DATABASE_URL is not set.
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Use `python3 run.py serve` / `python3 run.py test`, which start a private PostgreSQL."
    )
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DAS runs on PostgreSQL only.")
DATABASES["default"]["ATOMIC_REQUESTS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "das.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "das.auth_backend.RoleBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: 30 minutes idle (cookie renewed on every request), 12 hours at most (das.middleware).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_MAX_DURATION = timedelta(hours=12)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login throttling: 5 failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind the TLS proxy every request comes from the proxy: PROXY_COUNT=1 makes throttling see the client's address.
if int(os.environ.get("PROXY_COUNT", "0")):
    AXES_IPWARE_PROXY_COUNT = int(os.environ["PROXY_COUNT"])
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("ar", "العربية"), ("en", "English")]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["das.formats"]
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# No MEDIA_URL route: attachments are served only through a view that checks permissions.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DAS_MAX_UPLOAD_BYTES = int(os.environ.get("DAS_MAX_UPLOAD_MB", "20")) * 1024 * 1024
# A remontée is due for an answer this many days after it is received, unless the secretariat sets another date.
DAS_FEEDBACK_ANSWER_DAYS = int(os.environ.get("DAS_FEEDBACK_ANSWER_DAYS", "30"))
# Alerts: a convention waiting at the Cabinet longer than this; a project in progress without a progress entry for
# this long (a quarter).
DAS_CONVENTION_SIGNATURE_ALERT_DAYS = int(os.environ.get("DAS_CONVENTION_SIGNATURE_ALERT_DAYS", "15"))
DAS_PROGRESS_STALE_DAYS = int(os.environ.get("DAS_PROGRESS_STALE_DAYS", "92"))
# Official reports archived for sending are prepared in a background thread (projects.services.reports); tests run
# them synchronously on commit.
DAS_REPORTS_IN_BACKGROUND = env_bool("DAS_REPORTS_IN_BACKGROUND", not TESTING)
# A marché whose bids were opened this many days ago without an award is late: the bidders' offers stay valid 75 days
# from the opening (décret n° 2-12-349 on public procurement), after which the award needs their agreement again.
DAS_PROCUREMENT_AWARD_DAYS = int(os.environ.get("DAS_PROCUREMENT_AWARD_DAYS", "75"))
# Project codes: placeholders {year}, {programme}, {phase}, {commune} and {number} (required), e.g.
# "INDH-{programme}-{year}-{number:03d}"; checked at start-up (projects/checks.py).
DAS_PROJECT_CODE_PATTERN = os.environ.get("DAS_PROJECT_CODE_PATTERN", "PRJ-{year}-{number:04d}")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("Tous")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console in development, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "das@localhost")

# Audit trail (django-pghistory): every tracked table writes its events through triggers.
PGHISTORY_BASE_MODEL = "das.models.audit.ChainedEvent"
# Who and from which page is stored in each entry (not in a shared table), so the hash chain covers it too.
PGHISTORY_CONTEXT_FIELD = pghistory.config.ContextJSONField()
PGHISTORY_MIDDLEWARE_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
PGHISTORY_INSTALL_CONTEXT_FUNC_ON_MIGRATE = True

# What the letterhead of official documents says; a deployment for another province sets these.
DAS_PROVINCE_NAME = os.environ.get("DAS_PROVINCE_NAME", "Préfecture d'Agadir Ida-Outanane")
DAS_PROVINCE_NAME_AR = os.environ.get("DAS_PROVINCE_NAME_AR", "عمالة أكادير إداوتنان")

if not DEBUG and not TESTING:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "das.security": {"handlers": ["console"], "level": "WARNING", "propagate": True},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

if TESTING:
    # Password hashing dominates test time; the real hashers are Django's defaults elsewhere.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
