"""Settings for VendorTrack, read once from the environment.

With nothing set, the app runs for one person on one machine: SQLite, media on local disk, Celery tasks run
in-process, e-mail printed to the console, DEBUG on. Production is switched on with VENDORTRACK_PRODUCTION=true,
which turns DEBUG off, demands a real SECRET_KEY and ALLOWED_HOSTS, and sets the HTTPS-only cookie and header
policy that `manage.py check --deploy` expects. See docs/operations.md.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from kombu import Exchange, Queue

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

PRODUCTION = env.bool("VENDORTRACK_PRODUCTION", default=False)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    # No default: a production instance must never run with a key that is in the repository.
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-key-not-for-production-use-0123456789abcdef")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "guardian",
    "auditlog",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "vendortrack.accounts",
    "vendortrack.vendors",
    "contracts",
    "vendortrack.compliance",
    "vendortrack.rfis",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "vendortrack.accounts.middleware.SessionExpiryMiddleware",
    "vendortrack.accounts.middleware.MfaRequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vendortrack.urls"
WSGI_APPLICATION = "vendortrack.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "vendortrack" / "templates"],
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

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A thread keeps its database connection for CONN_MAX_AGE seconds (`?conn_max_age=` in DATABASE_URL wins):
# a minute in production rather than a new connection per request, checked before reuse so a restarted database
# does not fail the next request.
DATABASES["default"].setdefault("CONN_MAX_AGE", 60 if PRODUCTION else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before any password is checked (accounts/throttling.py).
    "vendortrack.accounts.throttling.RequestThrottlingBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# guardian's anonymous user is not wanted: nothing in VendorTrack is public.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "vendortrack" / "static"]
# Outside production WhiteNoise serves straight from the app folders, so no collectstatic is needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
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

# Uploads: evidence and agreements are checked by their bytes and size before anything is stored.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
AGREEMENT_MAX_BYTES = env.int("AGREEMENT_MAX_BYTES", default=25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The cache. The vendor list and page, the review queue and the dashboard keep what they render in it, never stale
# (contracts/stamps.py), and the RFI response link counts requests in it. Each process's own memory by default;
# CACHE_URL (e.g. redis://127.0.0.1:6379/1) shares one between all web processes, so that a page rendered by one is
# served by every other and the link's rate limit holds across them.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# E-mail: printed to the console unless a backend is configured.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / "media" / "outbox")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="VendorTrack <vendortrack@localhost>")
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))

# Celery: with REDIS_URL, tasks go to a real broker and run in workers (and beat); without it, in-process.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# Agreement analysis, up to seconds of CPU each, has a queue of its own, so a batch of uploads never holds up the PDFs
# and e-mails people wait for. A worker started without -Q consumes both queues (see docs/operations.md).
CELERY_ANALYSIS_QUEUE = env.str("CELERY_ANALYSIS_QUEUE", default="analysis")
# Each queue has a direct exchange and routing key of its own name, as Celery gives a queue it creates on demand.
CELERY_TASK_QUEUES = tuple(
    Queue(name, Exchange(name), routing_key=name) for name in (CELERY_TASK_DEFAULT_QUEUE, CELERY_ANALYSIS_QUEUE)
)
CELERY_TASK_ROUTES = ("vendortrack.celery.route_task",)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "vendors-refresh-derived": {
        "task": "vendortrack.vendors.tasks.vendors_refresh_derived_daily",
        "schedule": crontab(hour=env.int("DERIVED_REFRESH_HOUR", default=2), minute=15),
    },
    # The review schedule and its reminders, daily; COMPLIANCE_BEAT_SECONDS replaces the daily time by an interval.
    "compliance-daily": {
        "task": "vendortrack.compliance.tasks.compliance_daily",
        "schedule": env.float("COMPLIANCE_BEAT_SECONDS", default=0.0)
        or crontab(hour=env.int("COMPLIANCE_REMINDER_HOUR", default=6), minute=30),
    },
}
# Days before a deadline on which reminders go out (0: the day itself); weekly once overdue.
COMPLIANCE_REMINDER_OFFSETS = env.list("COMPLIANCE_REMINDER_OFFSETS", cast=int, default=[90, 60, 30, 7, 0])

# Procurement sees the vendors it owns or is assigned to ("assigned"), or every vendor ("all").
VENDOR_VISIBILITY = env.str("VENDOR_VISIBILITY", default="assigned")

# What contracts asks of the project that composes it (contracts/composition.py): it never imports vendortrack.
CONTRACTS_VISIBLE_VENDORS = "vendortrack.vendors.permissions.vendors_visible_to"
CONTRACTS_VENDOR_VISIBILITY_SCOPE = "vendortrack.vendors.permissions.vendor_visibility_scope"
CONTRACTS_VENDOR_FACTS_CHANGED = "vendortrack.vendors.derived.vendor_refresh_derived"
# Seconds an agreement's analysis may run before the worker stops it and marks the version failed.
CONTRACTS_ANALYSIS_TIME_LIMIT = env.int("CONTRACTS_ANALYSIS_TIME_LIMIT", default=300)

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # The health check answers a load balancer's plain-http probe instead of redirecting it.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# Sessions end SESSION_COOKIE_AGE seconds after sign-in, or after SESSION_IDLE_TIMEOUT seconds without a request
# (accounts/middleware.py); last activity is written at most once a minute.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_ACTIVITY_RESOLUTION = 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content security policy, in every mode so that tests and browser journeys meet it: nothing inline, nothing from
# another origin. Templates keep styles in app.css and scripts in static files; htmx is told not to inject either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (django-axes): a username from one address is locked out after AXES_FAILURE_LIMIT failures in a
# row, for AXES_COOLOFF_MINUTES; the sign-in page says so (accounts/throttling.py) and the Admin can lift it.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "vendortrack.accounts.throttling.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # failures and lockouts are still logged; this drops the banner every command printed
# Behind the HTTPS proxy every request comes from the proxy: AXES_PROXY_COUNT (the proxies in front of gunicorn)
# makes the client's address the one the last proxy appended to X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Multi-factor authentication (accounts/mfa.py): these roles, and every superuser, pass a one-time code from an
# authenticator app after their password. On by default in production only, so the demo logins work locally.
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=["Legal", "Compliance", "Admin"])
MFA_ENFORCED = env.bool("MFA_ENFORCED", default=PRODUCTION)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="VendorTrack")
# Django's admin never shows a device's secret or QR code: only its owner sees it, once, while enrolling.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every layout step at INFO; a worker's log should show tasks, not pages.
    # django-axes narrates every sign-in at INFO; its failures and lockouts are WARNING and stay.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "axes")},
}
