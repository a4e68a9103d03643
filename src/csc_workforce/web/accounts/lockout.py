"""The client's address for sign-in lockout (django-axes), behind the reverse proxy.

Behind a proxy every request comes from the proxy's address, so a lockout keyed on
``REMOTE_ADDR`` would lock a username for everyone. Each proxy appends the address it received
the request from to ``X-Forwarded-For``; with ``CSCW_TRUSTED_PROXY_COUNT`` proxies of one's own
in front, the client is the address the outermost of them saw: that many entries from the right.
Entries further left were written by the client and are never trusted.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's IP address: ``REMOTE_ADDR`` with no trusted proxies (or when the request did
    not come through as many as there should be), else the address the outermost trusted proxy
    received the request from."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    count = settings.CSCW_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        entry.strip()
        for entry in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if entry.strip()
    ]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
