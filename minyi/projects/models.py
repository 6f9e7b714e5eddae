"""The livelihood-project year (民生实事项目): ideas collected from citizens, representatives and
departments, reviewed against the eligibility checklist, the government's candidate list, the
representatives' vote, and the chosen projects carried out as matters on the closed-loop engine
(monthly progress, quarterly inspections, milestones), judged at the year's end."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from minyi.representatives import personal_data

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_proposal_code():
    return "P" + "".join(secrets.choice(CODE_ALPHABET) for _i in range(9))


class ProjectYear(models.Model):
    """One congress's (or a street council's) projects for one year."""

    class Stage(models.TextChoices):
        COLLECTING = "collecting", _("Collecting ideas")
        REVIEWING = "reviewing", _("Reviewing ideas")
        CANDIDATES = "candidates", _("Candidate list published")
        VOTING = "voting", _("Voting")
        IMPLEMENTING = "implementing", _("Being carried out")
        EVALUATING = "evaluating", _("Year-end evaluation")
        CLOSED = "closed", _("Closed")

    class Selection(models.TextChoices):
        DIFFERENTIAL = "differential", _("Differential vote of the session")
        POLL = "poll", _("Preference poll of the representatives")

    congress = models.ForeignKey("organisations.Congress", verbose_name=_("congress"), on_delete=models.PROTECT, related_name="project_years")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=100, help_text=_("e.g. 2027年荆门市民生实事项目"))
    stage = models.CharField(_("stage"), max_length=15, choices=Stage.choices, default=Stage.COLLECTING, db_index=True)
    places = models.PositiveSmallIntegerField(_("projects to choose"), default=10, validators=[MinValueValidator(1), MaxValueValidator(500)])
    selection = models.CharField(_("chosen by"), max_length=15, choices=Selection.choices, default=Selection.DIFFERENTIAL)
    collection_from = models.DateField(_("collecting from"))
    collection_until = models.DateField(_("collecting until"))
    satisfaction_threshold = models.PositiveSmallIntegerField(
        _("satisfaction needed (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("A project judged below this satisfaction rate at the year's end must be rectified."),
    )
    rectification_months = models.PositiveSmallIntegerField(_("months to rectify"), default=3, validators=[MinValueValidator(1), MaxValueValidator(12)])
    council_members = models.TextField(
        _("council members"), blank=True, help_text=_("For a residents' council: its members, one per line; they vote on the projects."),
    )
    selection_vote = models.OneToOneField(
        "voting.Vote", verbose_name=_("selection vote"), null=True, blank=True, on_delete=models.PROTECT, related_name="project_year_selected"
    )
    evaluation_vote = models.OneToOneField(
        "voting.Vote", verbose_name=_("year-end evaluation"), null=True, blank=True, on_delete=models.PROTECT, related_name="project_year_evaluated"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("project year")
        verbose_name_plural = _("project years")
        ordering = ["-year", "congress_id"]
        constraints = [models.UniqueConstraint(fields=["congress", "year"], name="projectyear_one_per_congress")]

    def __str__(self):
        return self.title


class Proposal(models.Model):
    """An idea for a project, from a citizen (H5 or a station's / representative's code), a
    representative or a department. Citizens follow it with its code and their phone's last digits."""

    class Source(models.TextChoices):
        CITIZEN = "citizen", _("Citizen")
        REPRESENTATIVE = "representative", _("Representative")
        DEPARTMENT = "department", _("Department")

    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        MERGED = "merged", _("Merged with a similar idea")
        ELIGIBLE = "eligible", _("Eligible")
        REJECTED = "rejected", _("Not eligible")
        CANDIDATE = "candidate", _("On the candidate list")

    year = models.ForeignKey(ProjectYear, verbose_name=_("project year"), on_delete=models.PROTECT, related_name="proposals")
    code = models.CharField(_("tracking code"), max_length=12, unique=True, default=new_proposal_code, editable=False)
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("what should be done, and why"))
    region = models.ForeignKey("regions.Region", verbose_name=_("place"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("proposed by"), max_length=15, choices=Source.choices)
    proposer_name = models.CharField(_("name"), max_length=50, blank=True)
    phone_ciphertext = models.TextField(_("phone (encrypted)"), blank=True, editable=False)
    phone_last4 = models.CharField(_("last four digits of the phone"), max_length=4, blank=True, editable=False)
    representative = models.ForeignKey(
        "representatives.Representative", verbose_name=_("representative"), null=True, blank=True, on_delete=models.PROTECT, related_name="project_proposals"
    )
    station = models.ForeignKey("organisations.Station", verbose_name=_("station"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey("organisations.Unit", verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="project_proposals")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("received at"))
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.RECEIVED, db_index=True)
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged")
    checklist = models.JSONField(_("eligibility checklist"), default=dict, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    project = models.ForeignKey("Project", verbose_name=_("candidate project"), null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals")

    class Meta:
        verbose_name = _("project idea")
        verbose_name_plural = _("project ideas")
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def phone(self):
        return personal_data.decrypt(self.phone_ciphertext) if self.phone_ciphertext else ""

    @phone.setter
    def phone(self, value):
        number = personal_data.normalise_phone(value) if value else ""
        self.phone_ciphertext = personal_data.encrypt(number) if number else ""
        self.phone_last4 = number[-4:] if number else ""


class Project(models.Model):
    """A candidate on the government's list and, once chosen, the project carried out: a matter on
    the engine assigned to its responsible unit."""

    class State(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        CHOSEN = "chosen", _("Selected")
        NOT_CHOSEN = "not_chosen", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn from the list")

    year = models.ForeignKey(ProjectYear, verbose_name=_("project year"), on_delete=models.PROTECT, related_name="projects")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100)
    content = models.TextField(_("content"))
    investment = models.DecimalField(_("investment (10,000 yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    unit = models.ForeignKey("organisations.Unit", verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="projects")
    completion_date = models.DateField(_("to be completed by"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.CANDIDATE, db_index=True)
    votes = models.PositiveIntegerField(_("votes received"), null=True, blank=True, editable=False)
    matter = models.OneToOneField("matters.Matter", verbose_name=_("matter"), null=True, blank=True, on_delete=models.PROTECT, related_name="project")
    plan = models.TextField(_("implementation plan"), blank=True)
    budget = models.DecimalField(_("budget (10,000 yuan)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)])
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    satisfaction = models.DecimalField(_("satisfaction rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False)
    rectification_due = models.DateField(_("rectify by"), null=True, blank=True)
    rectification_report = models.TextField(_("rectification report"), blank=True)
    rectified_at = models.DateTimeField(_("rectified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("livelihood project")
        verbose_name_plural = _("livelihood projects")
        ordering = ["year_id", "number"]
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="project_unique_number")]

    def __str__(self):
        return self.name

    @property
    def option_reference(self):
        return f"project:{self.pk}"


class Milestone(models.Model):
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=100)
    due = models.DateField(_("due"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)
    overdue_notified = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project_id", "due", "id"]

    def __str__(self):
        return self.title


class ProgressReport(models.Model):
    """The unit's report for one month (or its mid-year report), also a timeline event of the matter."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly progress")
        MID_YEAR = "mid_year", _("Mid-year report")

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MONTHLY)
    month = models.DateField(_("month"), help_text=_("The first day of the month reported on."))
    percent = models.PositiveSmallIntegerField(_("progress (%)"), validators=[MaxValueValidator(100)])
    text = models.TextField(_("what was done"))
    spent = models.DecimalField(_("spent so far (10,000 yuan)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)])
    event = models.OneToOneField("matters.TimelineEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("reported at"))

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["project_id", "-month", "-at"]
        constraints = [models.UniqueConstraint(fields=["project", "kind", "month"], name="progressreport_one_per_month")]


class Inspection(models.Model):
    """A representatives' supervision group's visit (视察) to a project; its findings are issues the
    unit must answer by a date."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="inspections")
    date = models.DateField(_("date"))
    group = models.ForeignKey(
        "representatives.RepresentativeGroup", verbose_name=_("supervision group"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.CharField(_("inspected by"), max_length=300, help_text=_("The representatives who took part."))
    summary = models.TextField(_("what the group saw"))
    event = models.OneToOneField("matters.TimelineEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["project_id", "-date", "-id"]


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="findings")
    text = models.TextField(_("issue found"))
    answer_due = models.DateField(_("answer by"))
    answer = models.TextField(_("the unit's answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["inspection_id", "id"]
