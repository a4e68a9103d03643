"""The service navigation, filtered by what the person may do."""

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
