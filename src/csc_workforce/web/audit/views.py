from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from csc_workforce.web.accounts.permissions import Capability, SignedInRequest, require

from .models import AuditEvent
from .selectors import audit_events, audited_models, event_changes


@require(Capability.VIEW_AUDIT_TRAIL)
def event_list(request: SignedInRequest) -> HttpResponse:
    filters = {key: request.GET.get(key, "").strip() for key in ("model", "actor", "object_pk")}
    events = audit_events(**filters).defer("changes")  # a batch event lists 5,000 records
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/event_list.html",
        {"page": page, "filters": filters, "models": audited_models()},
    )


@require(Capability.VIEW_AUDIT_TRAIL)
def event_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(AuditEvent, pk=pk)
    return render(
        request, "audit/event_detail.html", {"event": event, "changes": event_changes(event)}
    )
