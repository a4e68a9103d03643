from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from csc_workforce.web.accounts.permissions import Capability, SignedInRequest, require

from .selectors import (
    actors,
    audit_events,
    audit_events_visible_to,
    audited_models,
    event_changes,
    event_rows,
)


@require(Capability.VIEW_AUDIT_TRAIL)
def event_list(request: SignedInRequest) -> HttpResponse:
    filters = {key: request.GET.get(key, "").strip() for key in ("model", "actor", "object_pk")}
    # A batch event lists up to 5,000 records: the list shows none of them.
    events = audit_events(user=request.user, **filters).defer("changes")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/event_list.html",
        {
            "page": page,
            "rows": event_rows(page),
            "filters": filters,
            "models": audited_models(),
            "actors": actors(),
        },
    )


@require(Capability.VIEW_AUDIT_TRAIL)
def event_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(audit_events_visible_to(user=request.user), pk=pk)
    context = {"event": event, "row": event_rows([event])[0], "changes": event_changes(event)}
    return render(request, "audit/event_detail.html", context)
