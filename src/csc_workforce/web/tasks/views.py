from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from csc_workforce.web.accounts.permissions import Capability, SignedInRequest, can, require

from .models import ImportTask
from .selectors import import_tasks_visible_to

# Each import's page, and the capability its results need.
IMPORT_PAGES = {
    ImportTask.Kind.STAFF: ("workforce:staff_import", Capability.EDIT_STAFF),
    ImportTask.Kind.ALLOCATIONS: ("caseloads:imports", Capability.IMPORT_CASELOADS),
    ImportTask.Kind.SSD: ("caseloads:imports", Capability.IMPORT_CASELOADS),
    ImportTask.Kind.ACTIVITY: ("caseloads:imports", Capability.IMPORT_CASELOADS),
}


def _own_task(request: SignedInRequest, pk: int) -> ImportTask:
    task = get_object_or_404(import_tasks_visible_to(user=request.user), pk=pk)
    if not can(request.user, IMPORT_PAGES[ImportTask.Kind(task.kind)][1]):
        raise PermissionDenied
    return task


@require(Capability.VIEW_HOME)
def import_task(request: SignedInRequest, pk: int) -> HttpResponse:
    """An import's progress, then what it did or why nothing was imported."""
    task = _own_task(request, pk)
    problems = task.result.get("problems", []) if task.finished else []
    context = {
        "task": task,
        "back": IMPORT_PAGES[ImportTask.Kind(task.kind)][0],
        "problems": problems,
        "more_problems": max(0, task.result.get("problem_count", 0) - len(problems)),
    }
    return render(request, "tasks/import_task.html", context)


@require(Capability.VIEW_HOME)
def import_task_status(request: SignedInRequest, pk: int) -> JsonResponse:
    task = _own_task(request, pk)
    return JsonResponse({"status": task.status, "step": task.step})
