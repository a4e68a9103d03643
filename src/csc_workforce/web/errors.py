"""The page not found, saying in words what was not found when the service knows.

A view or selector raises ``NotFoundSaid("...")`` for something a person asked for in the
page's address that is not there or not theirs to see (a part of the authority, a year), and
the page says so; any other 404 (an identifier, a mistyped address) shows the usual page, as
its message is written for developers ("No StaffMember matches the given query").
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render


class NotFoundSaid(Http404):
    """A 404 whose message is a sentence for the person who asked."""


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    said = str(exception) if isinstance(exception, NotFoundSaid) else ""
    return render(request, "404.html", {"said": said}, status=404)
