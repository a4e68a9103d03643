from django.http import HttpRequest
from django.urls import reverse

from .permissions import Capability, can

# (label, url name, capability): the service navigation, filtered by what the person may do.
NAVIGATION = [
    ("Home", "accounts:home", Capability.VIEW_HOME),
    ("Workforce", "workforce:dashboard", Capability.VIEW_INDICATORS),
    ("Teams", "workforce:team_list", Capability.VIEW_TEAMS),
    ("Caseloads", "caseloads:loads", Capability.VIEW_CASELOADS),
    ("My caseload", "caseloads:mine", Capability.VIEW_OWN_CASELOAD),
    ("Children's experience", "caseloads:experience", Capability.VIEW_EXPERIENCE),
    ("Quality", "quality:results", Capability.VIEW_QA_RESULTS),
    ("Audit feedback", "quality:audits", Capability.VIEW_OWN_FEEDBACK),
    ("Staff voice", "voice:index", Capability.VIEW_HOME),
    ("Census", "workforce:census", Capability.MANAGE_CENSUS),
    ("Audit trail", "audit:event_list", Capability.VIEW_AUDIT_TRAIL),
    ("Administration", "admin:index", Capability.ADMINISTER),
]


def navigation(request: HttpRequest) -> dict[str, object]:
    user = request.user
    if not user.is_authenticated:
        return {"navigation": []}
    items: list[dict[str, object]] = [
        {"label": label, "url": reverse(name)}
        for label, name, capability in NAVIGATION
        if can(user, capability)
    ]
    if getattr(user, "staff_member", None) is not None:
        items.append({"label": "My record", "url": reverse("workforce:my_record")})
    path = request.path
    for item in items:
        url = str(item["url"])
        item["active"] = path == url if url == "/" else path.startswith(url)
    return {"navigation": items}
