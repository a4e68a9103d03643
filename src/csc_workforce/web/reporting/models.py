"""The scorecard's targets by year, the annual report's sections as the PSW wrote them for a
year, and the report built in the background."""

from django.conf import settings
from django.db import models

from csc_workforce.core.reporting.annual import SECTIONS
from csc_workforce.core.reporting.scorecard import LINES
from csc_workforce.web.tasks.models import BackgroundTask

MEASURE_CHOICES = [(line.key, line.measure.name) for line in LINES]
SECTION_CHOICES = [(heading.key, heading.title) for heading in SECTIONS]


class MeasureTarget(models.Model):
    """A scorecard measure's target for a reporting year: green at or better than ``target``,
    red beyond ``red_beyond``, amber between. Where the service already sets one of the two
    (the audit target in quality targets, the overload threshold in caseload settings), that
    setting is used and the field here stays empty: one place of truth."""

    # The scorecard's measures change as areas are added: the key is checked against them by
    # the form and the service (``services.measure_target_save``), not by the column, so that a
    # new measure needs no migration.
    measure = models.CharField(max_length=60)
    year = models.PositiveSmallIntegerField("reporting year")
    target = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    red_beyond = models.DecimalField(
        "red beyond", max_digits=7, decimal_places=1, null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "year"], name="one_target_a_measure_a_year")
        ]

    def __str__(self) -> str:
        return f"{dict(MEASURE_CHOICES).get(self.measure, self.measure)} target for {self.year}"


class ReportSection(models.Model):
    """A section of the annual report for a reporting year: the PSW's narrative (plain text
    with simple formatting), its place in the report and whether it is included."""

    year = models.PositiveSmallIntegerField("reporting year")
    key = models.CharField(max_length=30, choices=SECTION_CHOICES)
    narrative = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField()
    included = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["year", "position"]
        constraints = [
            models.UniqueConstraint(fields=["year", "key"], name="one_section_a_key_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} ({self.year})"


class ReportJob(BackgroundTask):
    """The annual report for a year built in one format in the background; the file is kept
    with the task for a week (``tasks.services.KEPT_FOR``)."""

    class Format(models.TextChoices):
        HTML = "html", "Web page (HTML)"
        DOCX = "docx", "Word (.docx)"
        PDF = "pdf", "PDF"

    OUTPUTS = ("output",)

    year = models.PositiveSmallIntegerField()
    format = models.CharField(max_length=4, choices=Format.choices)
    output = models.BinaryField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Annual report {self.year} ({self.get_format_display()})"
