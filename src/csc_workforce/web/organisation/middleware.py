"""A page that needs this authority before there is one says how to set it up."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import NoAuthority


class NoAuthorityMiddleware:
    """Answer ``selectors.NoAuthority`` with a page saying how to set up the authority (404:
    there is no authority to show), instead of a server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, NoAuthority):
            return None
        return render(request, "organisation/no_authority.html", status=404)
