from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .models import AuditEvent
from .recorder import acting_as


class AuditActorMiddleware:
    """Everything done while handling a request is recorded as done by the signed-in user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as(request.user, AuditEvent.Source.WEB):
            return self.get_response(request)
