import uuid

from django.conf import settings
from django.db import models

# The only import of the organisation's records in this app: the other modules take them from
# here (``from .models import Team``), so a move of those models changes this line alone.
from csc_workforce.web.caseloads.models import Case
from csc_workforce.web.organisation.models import ServiceArea, StaffMember, Team
from csc_workforce.web.quality.models import ActionItem

__all__ = [
    "ActionItem",
    "ExitQuestionnaire",
    "Invitation",
    "PracticeFeedback",
    "Response",
    "ServiceArea",
    "SpentToken",
    "StaffMember",
    "Statement",
    "SurveyRun",
    "SurveyTemplate",
    "Team",
]


class SurveyTemplate(models.Model):
    """A survey written as text (``core.voice``). A survey a run has used is never changed: a
    change makes a new version, and runs keep the version they asked."""

    class Kind(models.TextChoices):
        HEALTH_CHECK = "health_check", "Social work health check"
        JOINERS = "joiners", "Joiners' questionnaire"
        PULSE = "pulse", "Pulse survey"
        EXIT = "exit", "Exit questionnaire"
        OTHER = "other", "Other survey"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=15, choices=Kind.choices)
    version = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="one_survey_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class SurveyRun(models.Model):
    """One sending of a survey: to whom, when it is open, the threshold under which a group's
    results are not shown, and an optional open link (for a team meeting)."""

    class Population(models.TextChoices):
        ALL = "all", "All social workers"
        SERVICE_AREA = "service_area", "A service area"
        TEAM = "team", "A team"

    template = models.ForeignKey(SurveyTemplate, on_delete=models.PROTECT, related_name="runs")
    title = models.CharField(max_length=120)
    opens_on = models.DateField()
    closes_on = models.DateField()
    population = models.CharField(max_length=15, choices=Population.choices)
    service_area = models.ForeignKey(ServiceArea, null=True, blank=True, on_delete=models.PROTECT)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT)
    invited = models.PositiveIntegerField(default=0, help_text="People in the population")
    threshold = models.PositiveSmallIntegerField(default=5)
    open_token = models.CharField(max_length=64, blank=True)
    last_reminded_on = models.DateField(null=True, blank=True)
    summary_published = models.BooleanField(
        default=False, help_text="Its scores by standard shown to everyone signed in"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__gte=5), name="survey_threshold_at_least_5"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """A person invited to a run, with the hash of their single-use link's token (the token
    itself is only in the email). Whether they answered is known only by the hash being in
    ``SpentToken``; nothing says which response was theirs."""

    run = models.ForeignKey(SurveyRun, on_delete=models.CASCADE, related_name="invitations")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "staff"], name="one_invitation_a_person")
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.run}"


class SpentToken(models.Model):
    """The hash of a single-use link's token once its response is in: no foreign key, no time,
    and rewritten in hash order at each response, so that neither its columns nor the order of
    its rows tie it to a response."""

    token_hash = models.CharField(max_length=64, primary_key=True)

    def __str__(self) -> str:
        return "A spent link"


class Response(models.Model):
    """One anonymous response: its answers by question key and the demographic answers the
    respondent chose to give (labels, never taken from the staff register). A random key and a
    date without a time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run = models.ForeignKey(SurveyRun, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField()
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    role = models.CharField(max_length=40, blank=True)
    sex = models.CharField(max_length=30, blank=True)
    ethnicity = models.CharField(max_length=40, blank=True)
    disability = models.CharField(max_length=30, blank=True)
    years_qualified = models.CharField(max_length=30, blank=True)
    answers = models.JSONField(default=dict)

    def __str__(self) -> str:
        return "A response"


class Statement(models.Model):
    """ "You said / We will / We did": a finding from a run, what will be done, what was done,
    with the action plan item that carries it."""

    run = models.ForeignKey(
        SurveyRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    you_said = models.TextField("you said")
    we_will = models.TextField("we will")
    we_did = models.TextField("we did", blank=True)
    action = models.ForeignKey(
        ActionItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    published = models.BooleanField(default=False)
    published_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.you_said[:60]


class ExitQuestionnaire(models.Model):
    """An exit questionnaire sent to one leaver, and their answers. Not anonymous, by design:
    HR knows who left, and one leaver's answers could not be hidden among others'. It is HR
    data on the staff record, kept as long as the record (deleted with it), shown whole only to
    those who edit staff records; reports show its reasons counted, small groups suppressed."""

    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="exit_questionnaires"
    )
    template = models.ForeignKey(SurveyTemplate, on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_on = models.DateField()
    answered_on = models.DateField(null=True, blank=True)
    answers = models.JSONField(default=dict)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        return f"Exit questionnaire of {self.staff}"


class PracticeFeedback(models.Model):
    """A complaint or a compliment about social work practice, or feedback from a child, young
    person or family gathered at a review or a visit. No child's name: only the case reference
    from the case management system, shown masked to those who do not allocate."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", "Complaint"
        COMPLIMENT = "compliment", "Compliment"
        FEEDBACK = "feedback", "Feedback from a child or family"

    class Stage(models.TextChoices):
        """The stages of the children's social care complaints procedure (The Children Act
        1989 Representations Procedure (England) Regulations 2006), then the Ombudsman."""

        STAGE_1 = "stage_1", "Stage 1: local resolution"
        STAGE_2 = "stage_2", "Stage 2: investigation"
        STAGE_3 = "stage_3", "Stage 3: review panel"
        OMBUDSMAN = "ombudsman", "Local Government and Social Care Ombudsman"

    class Outcome(models.TextChoices):
        OPEN = "open", "Not yet decided"
        UPHELD = "upheld", "Upheld"
        PARTLY_UPHELD = "partly_upheld", "Partly upheld"
        NOT_UPHELD = "not_upheld", "Not upheld"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Source(models.TextChoices):
        CHILD = "child", "Child or young person"
        PARENT = "parent", "Parent or carer"
        FAMILY = "family", "Other family member"
        CARER = "carer", "Foster or kinship carer"

    class Gathered(models.TextChoices):
        REVIEW = "review", "At a review or conference"
        VISIT = "visit", "At a visit"
        OTHER = "other", "Another way (letter, email, survey)"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    received_on = models.DateField()
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    case_reference = models.CharField(
        max_length=40, blank=True, help_text="The case management system's, never a name"
    )
    themes = models.JSONField(default=list)
    stage = models.CharField(max_length=10, choices=Stage.choices, blank=True)
    outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, blank=True)
    gathered = models.CharField(max_length=10, choices=Gathered.choices, blank=True)
    said = models.TextField("what was said", blank=True)
    learning = models.TextField("learning identified", blank=True)
    action = models.ForeignKey(
        ActionItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name_plural = "practice feedback"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} received {self.received_on:%-d %B %Y}"

    @property
    def masked_reference(self) -> str:
        """The case reference as the caseload pages show a case to those who do not allocate
        (``Case.masked_id``)."""
        return Case(cms_id=self.case_reference).masked_id
