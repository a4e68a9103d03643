"""Production: served behind HTTPS by gunicorn, PostgreSQL from ``DATABASE_URL``.

Refuses to start without a ``DATABASE_URL`` and a ``SECRET_KEY`` from the environment, or with
a key that is short, repetitive or an example.
"""

from django.core.exceptions import ImproperlyConfigured

from csc_workforce.web.env import env, env_bool, env_int

from .base import *  # noqa: F403
from .base import insecure_secret_key

for required in ("SECRET_KEY", "DATABASE_URL"):
    if not env(required):
        raise ImproperlyConfigured(f"{required} must be set in the environment in production")
if insecure_secret_key(env("SECRET_KEY")):
    raise ImproperlyConfigured(
        "SECRET_KEY must be a long random string, 50 characters or more, not an example: make "
        'one with python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

DEBUG = env_bool("DEBUG")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe /healthz over plain HTTP: answer them rather than redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Production runs behind the reverse proxy of docs/deploy.md: one trusted proxy by default.
CSCW_TRUSTED_PROXY_COUNT = env_int("CSCW_TRUSTED_PROXY_COUNT", 1)
