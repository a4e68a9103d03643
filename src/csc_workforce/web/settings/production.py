"""Production: served behind HTTPS by gunicorn, PostgreSQL from ``DATABASE_URL``.

Refuses to start without a ``SECRET_KEY`` and a ``DATABASE_URL`` from the environment.
"""

from django.core.exceptions import ImproperlyConfigured

from csc_workforce.web.env import env, env_bool, env_int

from .base import *  # noqa: F403

for required in ("SECRET_KEY", "DATABASE_URL"):
    if not env(required):
        raise ImproperlyConfigured(f"{required} must be set in the environment in production")

DEBUG = env_bool("DEBUG")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
