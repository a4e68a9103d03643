"""Response headers every page carries."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from csc_workforce.web.uploads import FORM_ALLOWANCE, upload_limit


class ContentSecurityPolicyMiddleware:
    """Send the ``CONTENT_SECURITY_POLICY`` setting: only this site's own scripts and styles."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class NoStoreMiddleware:
    """Signed-in pages and every download (``Content-Disposition``) carry ``Cache-Control:
    no-store``: neither the browser nor a proxy keeps a copy of personal data, so the back
    button after signing out or a shared computer's cache shows nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or response.has_header(
            "Content-Disposition"
        ):
            add_never_cache_headers(response)
        return response


DRAINED_UP_TO = 5
"""A request up to this many times the limit is read to its end (and dropped) before it is
refused; a larger one is refused at once, its connection closed."""


class UploadLimitMiddleware:
    """A request whose body is larger than the largest upload allowed (``CSCW_MAX_UPLOAD_MB``,
    and a little for the form's other fields) is refused with 413 and a page that says so;
    nothing of it is parsed or kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > upload_limit() + FORM_ALLOWANCE:
            if length <= DRAINED_UP_TO * upload_limit():
                # Read and drop the body (a chunk at a time), so that the browser, still
                # sending, gets this page rather than a broken connection.
                while request.read(64 * 1024):
                    pass
            context = {"limit_mb": settings.CSCW_MAX_UPLOAD_MB}
            return render(request, "413.html", context, status=413)
        return self.get_response(request)
