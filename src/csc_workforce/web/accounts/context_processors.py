"""The service navigation, filtered by what the person may do; how long an idle session
lasts, for the warning before it ends."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from .navigation import navigation_entries


def navigation(request: HttpRequest) -> dict[str, object]:
    user = request.user
    if not user.is_authenticated:
        return {"navigation": []}
    items: list[dict[str, object]] = [
        {"label": entry.label, "url": reverse(entry.url_name)}
        for entry in navigation_entries()
        if entry.shown_to(user)
    ]
    path = request.path
    for item in items:
        url = str(item["url"])
        item["active"] = path == url if url == "/" else path.startswith(url)
    return {"navigation": items}


def session_timeout(request: HttpRequest) -> dict[str, object]:
    """How long a signed-in session lasts without a request (``SESSION_COOKIE_AGE``, from
    ``SESSION_IDLE_MINUTES``), for the warning before it ends (``includes/timeout_warning``)."""
    return {"session_idle_seconds": settings.SESSION_COOKIE_AGE}
