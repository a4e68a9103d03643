"""Settings read from the environment. Every variable is documented in ``.env.example``."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from csc_workforce.core.retention import DEFAULT_STAFF_YEARS_AFTER_LEAVING
from csc_workforce.web.env import (
    MAX_UPLOAD_MB,
    env,
    env_bool,
    env_int,
    env_list,
    env_map,
    var_dir,
)

django_stubs_ext.monkeypatch()  # lets admin.ModelAdmin[Model] and friends run

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = var_dir()


def local_secret_key() -> str:
    """A key kept in ``var/secret_key`` for a local or demo install; production sets the env."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def insecure_secret_key(key: str) -> bool:
    """A key anyone could guess, as Django's own deployment check judges: shorter than 50
    characters, fewer than 5 different ones, or Django's "django-insecure-" placeholder."""
    return len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-")


DEBUG = env_bool("DEBUG")
SECRET_KEY = env("SECRET_KEY") or local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "csc_workforce.web.admin_apps.CscAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "csc_workforce.web.audit",
    "csc_workforce.web.tasks",
    "csc_workforce.web.accounts",
    "csc_workforce.web.organisation",
    "csc_workforce.web.workforce",
    "csc_workforce.web.caseloads",
    "csc_workforce.web.quality",
    "csc_workforce.web.site",
    "csc_workforce.web.voice",
    "csc_workforce.web.recruitment",
    "csc_workforce.web.development",
    "csc_workforce.web.reporting",
    "csc_workforce.web.hub",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csc_workforce.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "csc_workforce.web.accounts.two_factor.TwoFactorMiddleware",
    "csc_workforce.web.middleware.UploadLimitMiddleware",
    "csc_workforce.web.middleware.NoStoreMiddleware",
    "csc_workforce.web.audit.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "csc_workforce.web.organisation.middleware.NoAuthorityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "csc_workforce.web.urls"
WSGI_APPLICATION = "csc_workforce.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csc_workforce.web.accounts.context_processors.navigation",
                "csc_workforce.web.accounts.context_processors.session_timeout",
            ],
            "builtins": [
                "csc_workforce.web.measure_names",
                "csc_workforce.web.people",
                "csc_workforce.web.scroll_regions",
            ],
        },
    },
]

# Widgets render from the project's templates too (the GOV.UK date input).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cscw.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        # A connection the database dropped is replaced before use, not handed to a request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction takes the write lock when it begins, and others wait up to 20 seconds for
    # it, so a background task's import and the requests that watch it queue for the one
    # writer rather than fail with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "csc_workforce.web.accounts.backends.PasswordBackend",
    "csc_workforce.web.accounts.oidc.OIDCBackend",
    "csc_workforce.web.accounts.backends.AdministratorRoleBackend",
]
# Password sign-in; when false, only Administrators may sign in with a password (a break-glass
# account for when the identity provider is down), everyone else through single sign-on.
CSCW_PASSWORD_SIGN_IN = env_bool("CSCW_PASSWORD_SIGN_IN", default=True)
# Authenticator apps name the account "CSC Workforce: username"; each wrong code doubles the
# wait before the next is checked.
OTP_TOTP_ISSUER = "CSC Workforce"
# Single sign-on with OpenID Connect (docs/deploy.md): the provider's issuer (its discovery
# document gives the rest), this service's client ID and secret there, the claim that carries
# roles or groups, and which of its values gives which role (value=role, comma-separated).
CSCW_OIDC_ISSUER = env("CSCW_OIDC_ISSUER")
CSCW_OIDC_PROVIDER_NAME = env("CSCW_OIDC_PROVIDER_NAME", "Microsoft")
OIDC_RP_CLIENT_ID = env("CSCW_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("CSCW_OIDC_CLIENT_SECRET")
CSCW_OIDC_ROLE_CLAIM = env("CSCW_OIDC_ROLE_CLAIM", "roles")
CSCW_OIDC_ROLE_MAP = env_map("CSCW_OIDC_ROLE_MAP")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_return"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "csc_workforce.web.accounts.passwords.GuessablePasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock an account (username and address together) after repeated failed sign-ins.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address behind CSCW_TRUSTED_PROXY_COUNT reverse proxies (X-Forwarded-For).
AXES_CLIENT_IP_CALLABLE = "csc_workforce.web.accounts.lockout.client_address"
CSCW_TRUSTED_PROXY_COUNT = env_int("CSCW_TRUSTED_PROXY_COUNT", 0)
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Sessions end after a spell of inactivity and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names need `collectstatic` (which `cscw serve` runs); with DEBUG, plain names.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Email (docs/deploy.md, "Email"): the backend (the console's prints instead of sending), the
# sender, and for SMTP the server, its port, the account and its password, and either STARTTLS
# (EMAIL_USE_TLS, usually port 587) or TLS from the first byte (EMAIL_USE_SSL, usually 465).
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "csc-workforce@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true: TLS is STARTTLS (usually port "
        "587), SSL is TLS from the first byte (usually port 465)"
    )

# How long personal data about staff is kept after they leave (docs/retention.md).
RETENTION_STAFF_YEARS_AFTER_LEAVING = env_int(
    "RETENTION_STAFF_YEARS_AFTER_LEAVING", DEFAULT_STAFF_YEARS_AFTER_LEAVING
)
# The largest file an upload or a command reads, in MB. Files larger than Django's in-memory
# threshold are streamed to a temporary file as they arrive.
CSCW_MAX_UPLOAD_MB = env_int("CSCW_MAX_UPLOAD_MB", MAX_UPLOAD_MB)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Background tasks (imports, census tasks, scheduled jobs) are queued in the database and run by
# the worker process, `cscw worker` (docs/adr/0010). CSCW_RUN_JOBS_INLINE runs them in the
# request instead, with no worker (tests).
CSCW_RUN_JOBS_INLINE = env_bool("CSCW_RUN_JOBS_INLINE")
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if CSCW_RUN_JOBS_INLINE
        else "django_tasks_db.DatabaseBackend"
    }
}
# The regional workforce data hub's page (docs/hub-web.md): the pooled output folder written by
# `cscw hub ingest` (unset: no hub page and no link to it), and whose installation this is:
# "region" (the region's hub; its analysts see every authority) or "authority" (one authority's
# own installation: its own figures beside the region's, small numbers suppressed, never another
# authority's figures). Authority is the default, being the one that shows less. In authority
# mode, CSCW_HUB_LA_CODE is the 3-digit LA code the pooled returns know this authority by
# (blank: the authority's own old LA code).
CSCW_HUB_DIR = env("CSCW_HUB_DIR")
CSCW_HUB_LA_CODE = env("CSCW_HUB_LA_CODE")
CSCW_HUB_MODE = env("CSCW_HUB_MODE", "authority").lower()
if CSCW_HUB_MODE not in {"region", "authority"}:
    raise ImproperlyConfigured(
        f"CSCW_HUB_MODE is {CSCW_HUB_MODE!r}: it must be region (the region's hub) or authority "
        "(one authority's installation)"
    )
# Pin "today" (YYYY-MM-DD) for training and reproducible demos; empty means the real date.
CSCW_TODAY = env("CSCW_TODAY")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'"
)

# Logs carry no personal data: request lines and errors only, never form contents.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
