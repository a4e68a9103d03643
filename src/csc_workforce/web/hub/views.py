"""The regional hub's pages: thin; the figures, and what is withheld from whom, are decided in
``selectors``. No hub folder configured (``CSCW_HUB_DIR``): not found."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from csc_workforce.web.accounts.permissions import Capability, SignedInRequest, require
from csc_workforce.web.downloads import sheets_download
from csc_workforce.web.organisation.selectors import authority

from . import selectors
from .selectors import Authority, HubUnavailable, Manifest, Page, Pooled

PAGES = {"overview": "Overview", "movement": "Movement between authorities"}

ROWS_A_PAGE = 50
"""Rows a page of a paged table (the region's moves by route); the downloads have them all."""


@require(Capability.VIEW_HUB)
def overview(request: SignedInRequest) -> HttpResponse:
    """What the hub holds; the measures by authority (the region's hub) or one's own beside the
    region's (an authority); the age and length-of-service profile."""
    return _page(request, "overview")


@require(Capability.VIEW_HUB)
def movement(request: SignedInRequest) -> HttpResponse:
    """Moves between authorities and agency work within three months of leaving."""
    return _page(request, "movement")


def _page(request: SignedInRequest, which: str) -> HttpResponse:
    if not settings.CSCW_HUB_DIR:
        raise Http404("This installation has no regional hub")
    try:
        data = selectors.pooled(Path(settings.CSCW_HUB_DIR))
    except HubUnavailable as problem:
        problem_context = {"problem": str(problem), "pages": PAGES, "which": which}
        return render(request, "hub/unavailable.html", problem_context, status=503)
    page = _build(data, which, measure=request.GET.get("measure"), year=request.GET.get("year"))
    download = request.GET.get("download")
    if download in {"csv", "xlsx"}:
        return sheets_download(f"regional-hub-{which}", download, page.sheets())
    paged = next((table for table in page.tables if table.paged and table.shown), None)
    rows = Paginator(paged.rows, ROWS_A_PAGE).get_page(request.GET.get("page")) if paged else None
    context = {
        "page": page,
        "pages": PAGES,
        "which": which,
        "title": PAGES[which],
        "rows": rows,
        "rows_in_all": f"{len(paged.rows):,}" if paged else "",
        "query": urlencode({key: value for key, value in page.chosen.items() if value}),
    }
    return render(request, "hub/page.html", context)


def _build(data: Pooled, which: str, *, measure: str | None, year: str | None) -> Page:
    if settings.CSCW_HUB_MODE == "region":
        if which == "overview":
            return selectors.region_overview(data, measure=measure)
        return selectors.region_movement(data, year=year)
    own = _own(data.manifest)
    if which == "overview":
        return selectors.authority_overview(data, own=own)
    return selectors.authority_movement(data, own=own)


def _own(manifest: Manifest) -> Authority:
    """This installation's authority, by its 3-digit LA code (``CSCW_HUB_LA_CODE``, else its
    old LA code), named as the hub names it."""
    local = authority()
    code = settings.CSCW_HUB_LA_CODE or local.old_la_code
    return Authority(code, manifest.names.get(code, local.name), ())
