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
    # The current page's entry: the longest address the path starts with, so that
    # /development/mine/ marks "My development" and not "Development" as well.
    path = request.path
    matching = [
        str(i["url"]) for i in items if str(i["url"]) != "/" and path.startswith(str(i["url"]))
    ]
    current = max(matching, key=len) if matching else ("/" if path == "/" else None)
    for item in items:
        item["active"] = item["url"] == current
    return {"navigation": items}


def session_timeout(request: HttpRequest) -> dict[str, object]:
    """How long a signed-in session lasts without a request (``SESSION_COOKIE_AGE``, from
    ``SESSION_IDLE_MINUTES``), for the warning before it ends (``includes/timeout_warning``)."""
    return {"session_idle_seconds": settings.SESSION_COOKIE_AGE}
