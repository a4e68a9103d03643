from decimal import Decimal
from typing import Any

from django import forms

from csc_workforce.core.hotspots import SIGNALS
from csc_workforce.web import govuk
from csc_workforce.web.govuk import DateField
from csc_workforce.web.uploads import within_spreadsheet_bounds, within_upload_limit

from .models import CaseKind, CaseloadSettings, ChangeReason, Status


class AllocationForm(govuk.Form):
    worker = forms.TypedChoiceField(
        label="Worker", coerce=int, error_messages={"required": "Select the worker"}
    )
    start = DateField(label="Allocated from", label_text="date the allocation starts")
    change_reason = forms.ChoiceField(
        label="Reason for the change of lead worker",
        choices=[("", "Not a change: the child's first lead worker"), *ChangeReason.choices],
        required=False,
    )
    rationale = forms.CharField(
        label="Why this worker",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why this worker"},
    )

    def __init__(self, *args: Any, workers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["worker"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Select a worker"), *workers]


POINTS = {"min_value": 0, "max_digits": 6, "decimal_places": 1}
STATUS_LABELS = dict(Status.choices) | {
    CaseKind.FOSTERING_HOUSEHOLD.value: CaseKind.FOSTERING_HOUSEHOLD.label,
    CaseKind.ADOPTION_HOUSEHOLD.value: CaseKind.ADOPTION_HOUSEHOLD.label,
}
VISITED = (
    Status.CHILD_PROTECTION.value,
    Status.CHILD_LOOKED_AFTER.value,
    Status.CHILD_IN_NEED.value,
)
BANDS = ("low", "medium", "high")
TRAVEL = ("near", "medium", "far")


def _points(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
        **POINTS,  # type: ignore[arg-type]
    )


class WeightingForm(govuk.Form):
    """A new version of the weighting model: every price, and the date it applies from."""

    effective_from = DateField(label="Applies from", label_text="date the version applies from")
    full_time_target = _points("Full-time target (points)")
    full_time_hours = forms.DecimalField(
        label="Full-time hours a week", min_value=1, max_value=60, decimal_places=1
    )
    court_extra = _points("Extra for court work")
    pre_proceedings_extra = _points("Extra for pre-proceedings work")
    asye_capacity_share = forms.DecimalField(
        label="ASYE/NQSW capacity, share of the full-time target",
        help_text="Like 0.9: the rest is protected development time",
        min_value=Decimal("0.1"),
        max_value=1,
        decimal_places=2,
    )
    asye_alone_forbidden = forms.MultipleChoiceField(
        label="Cases an ASYE/NQSW may not hold alone",
        choices=list(STATUS_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label="What changed (optional)", required=False, max_length=200)
    field_nouns = {"asye_capacity_share": "ASYE/NQSW share of the full-time target"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.field_nouns = self.field_nouns | {
            f"status_{status}": f"points for {label.lower()}"
            for status, label in STATUS_LABELS.items()
        }
        self.field_nouns |= {
            f"complexity_{band}": f"points for {band} complexity" for band in BANDS
        }
        self.field_nouns |= {f"travel_{band}": f"points for {band} travel" for band in TRAVEL}
        for status, label in STATUS_LABELS.items():
            self.fields[f"status_{status}"] = _points(f"{label}")
        for band in BANDS:
            self.fields[f"complexity_{band}"] = _points(f"Complexity {band}")
        for band in TRAVEL:
            self.fields[f"travel_{band}"] = _points(f"Travel {band}")

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "effective_from": data["effective_from"],
            "full_time_target": data["full_time_target"],
            "full_time_hours": data["full_time_hours"],
            "status_points": {s: float(data[f"status_{s}"]) for s in STATUS_LABELS},
            "complexity_points": {b: float(data[f"complexity_{b}"]) for b in BANDS},
            "travel_points": {b: float(data[f"travel_{b}"]) for b in TRAVEL},
            "court_extra": data["court_extra"],
            "pre_proceedings_extra": data["pre_proceedings_extra"],
            "asye_capacity_share": data["asye_capacity_share"],
            "asye_alone_forbidden": list(data["asye_alone_forbidden"]),
            "note": data["note"],
        }


class ReductionForm(govuk.Form):
    staff = forms.TypedChoiceField(
        label="Worker", coerce=int, error_messages={"required": "Select the worker"}
    )
    reason = forms.TypedChoiceField(
        label="Reason", coerce=int, error_messages={"required": "Select the reason"}
    )
    hours_per_week = forms.DecimalField(
        label="Hours a week",
        min_value=Decimal("0.1"),
        max_value=60,
        decimal_places=1,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
        error_messages={
            "required": "Enter the hours a week",
            "invalid": "Hours must be a number, like 3.7",
            "min_value": "Hours must be more than 0",
        },
    )
    start = DateField(label="From", label_text="start date")
    end = DateField(label="Until", label_text="end date")

    def __init__(
        self,
        *args: Any,
        staff: list[tuple[int, str]],
        reasons: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, options, blank in (
            ("staff", staff, "Select a worker"),
            ("reason", reasons, "Select a reason"),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = [("", blank), *options]


class ThresholdsForm(govuk.Form):
    """The thresholds the authority sets: overload alerts, hotspot signals, visit timescales
    and the target for children's worker changes."""

    overload_percent = forms.DecimalField(
        label="Overload: load above (%)", min_value=50, max_value=300
    )
    overload_weeks = forms.IntegerField(
        label="Overload: for this many weeks in a row", min_value=1, max_value=52
    )
    hotspot_minimum_signals = forms.IntegerField(
        label="Hotspot: signals above threshold at once", min_value=1, max_value=6
    )
    worker_changes_target = forms.DecimalField(
        label="Target: children with at most 3 lead workers (%)", min_value=0, max_value=100
    )
    field_nouns = {
        "overload_percent": "overload percentage",
        "overload_weeks": "overload weeks in a row",
        "hotspot_minimum_signals": "number of hotspot signals",
        "worker_changes_target": "target for children with at most 3 lead workers",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.field_nouns = self.field_nouns | {
            f"signal_{code}": f"hotspot threshold for {signal.measure.label.lower()}"
            for code, signal in SIGNALS.items()
        }
        self.field_nouns |= {
            f"visits_{status}": f"working days between visits for {STATUS_LABELS[status].lower()}"
            for status in VISITED
        }
        for code, signal in SIGNALS.items():
            self.fields[f"signal_{code}"] = forms.DecimalField(
                label=f"Hotspot threshold: {signal.measure.label}", required=False, min_value=0
            )
        for status in VISITED:
            self.fields[f"visits_{status}"] = forms.IntegerField(
                label=f"Visits for {STATUS_LABELS[status].lower()}: every (working days)",
                required=False,
                min_value=1,
                max_value=120,
            )

    @classmethod
    def initial_from(cls, settings: CaseloadSettings) -> dict[str, object]:
        initial: dict[str, object] = {
            "overload_percent": settings.overload_percent,
            "overload_weeks": settings.overload_weeks,
            "hotspot_minimum_signals": settings.hotspot_minimum_signals,
            "worker_changes_target": settings.worker_changes_target,
        }
        initial |= {f"signal_{k}": v for k, v in settings.hotspot_thresholds.items()}
        initial |= {f"visits_{k}": v for k, v in settings.visit_timescales.items()}
        return initial

    def apply(self, settings: CaseloadSettings) -> CaseloadSettings:
        data = self.cleaned_data
        for name in ("overload_percent", "overload_weeks", "hotspot_minimum_signals",
                     "worker_changes_target"):  # fmt: skip
            setattr(settings, name, data[name])
        settings.hotspot_thresholds = {
            code: float(data[f"signal_{code}"])
            for code in SIGNALS
            if data[f"signal_{code}"] is not None
        }
        settings.visit_timescales = {
            status: data[f"visits_{status}"]
            for status in VISITED
            if data[f"visits_{status}"] is not None
        }
        return settings


class CaseloadImportForm(govuk.Form):
    """One of the three imports: the allocations template, the SSD pair, or activity."""

    kind = forms.ChoiceField(
        label="What to import",
        choices=[
            ("allocations", "Allocations (the template)"),
            ("ssd", "Allocations from the SSD extract (ssd_involvements and ssd_professionals)"),
            ("activity", "Activity: assessments and visits (the template)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what to import"},
    )
    file = forms.FileField(
        label="File (Excel or CSV; for the SSD, ssd_involvements.csv)",
        error_messages={"required": "Choose the file to import"},
        validators=[within_upload_limit],
    )
    professionals = forms.FileField(
        label="ssd_professionals.csv (the SSD only)",
        required=False,
        validators=[within_upload_limit],
    )
    dry_run = forms.BooleanField(label="Only check the file; import nothing", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "ssd" and not data.get("professionals"):
            self.add_error("professionals", "Choose the ssd_professionals.csv file")
        if data.get("file"):
            try:
                within_spreadsheet_bounds(data["file"])
            except forms.ValidationError as error:
                self.add_error("file", error)
        return data
