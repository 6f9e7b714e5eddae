"""Representatives' duty (履职): activities with their check-in code (履职码), who was invited, who
attended and how, and leave from congress sessions. One record per deed (一事一记); the archive of
each representative is built from these and from what the other apps record."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


def new_checkin_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(20))


class Activity(models.Model):
    class Kind(models.TextChoices):
        SESSION = "session", _("Session or meeting")
        INSPECTION = "inspection", _("Inspection (视察)")
        RESEARCH = "research", _("Research (调研)")
        LAW_ENFORCEMENT = "law_enforcement", _("Law-enforcement inspection")
        RECEPTION = "reception", _("Reception of voters")
        TRAINING = "training", _("Training")
        CONTACT = "contact", _("Contact with voters")
        REPORT_BACK = "report_back", _("Report back (述职)")
        OTHER = "other", _("Other")

    congress = models.ForeignKey("organisations.Congress", verbose_name=_("congress"), on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    radius_m = models.PositiveIntegerField(
        _("check in only within (metres)"), null=True, blank=True, validators=[MinValueValidator(50), MaxValueValidator(20000)],
        help_text=_("Leave empty to accept check-ins from anywhere."),
    )
    organiser = models.CharField(_("organiser"), max_length=100)
    station = models.ForeignKey("organisations.Station", verbose_name=_("station"), null=True, blank=True, on_delete=models.SET_NULL, related_name="activities")
    group = models.ForeignKey(
        "representatives.RepresentativeGroup", verbose_name=_("representatives' group"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="activities",
    )
    session = models.ForeignKey("organisations.Session", verbose_name=_("session"), null=True, blank=True, on_delete=models.PROTECT, related_name="activities")
    code = models.CharField(_("check-in code"), max_length=32, unique=True, default=new_checkin_code, editable=False)
    public = models.BooleanField(
        _("shown on public pages"), default=True,
        help_text=_("In the representatives' public duty records and on the station's page. Untick for closed meetings."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_at", "-id"]

    def __str__(self):
        return self.title


class Invitation(models.Model):
    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="invitations")
    representative = models.ForeignKey("representatives.Representative", verbose_name=_("representative"), on_delete=models.PROTECT, related_name="invitations")

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["activity", "representative"], name="invitation_once")]


class Attendance(models.Model):
    """One representative at one activity: by the code on their phone, or recorded by hand (with the
    reason). An uninvited or late scan waits for staff to confirm it."""

    class How(models.TextChoices):
        CODE = "code", _("Scanned the check-in code")
        HAND = "hand", _("Recorded by staff")

    class State(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        PENDING = "pending", _("Waiting for staff to confirm")
        REJECTED = "rejected", _("Not confirmed by staff")

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attendances")
    representative = models.ForeignKey("representatives.Representative", verbose_name=_("representative"), on_delete=models.PROTECT, related_name="attendances")
    how = models.CharField(_("way of check-in"), max_length=10, choices=How.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.CONFIRMED, db_index=True)
    unplanned_reason = models.CharField(_("why it waits"), max_length=200, blank=True)
    note = models.CharField(_("reason or note"), max_length=300, blank=True)
    at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["activity_id", "at"]
        constraints = [models.UniqueConstraint(fields=["activity", "representative"], name="attendance_once")]


class LeaveRequest(models.Model):
    """Leave from a congress session (请假): asked for by the representative, decided by staff."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    activity = models.ForeignKey(Activity, verbose_name=_("session"), on_delete=models.CASCADE, related_name="leave_requests")
    representative = models.ForeignKey("representatives.Representative", verbose_name=_("representative"), on_delete=models.PROTECT, related_name="leave_requests")
    reason = models.CharField(_("reason"), max_length=300)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.REQUESTED)
    requested_at = models.DateTimeField(_("requested at"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        constraints = [models.UniqueConstraint(fields=["activity", "representative"], name="leave_once")]


class Measure(models.TextChoices):
    """What the archive counts for each representative: the duty list's targets and the points
    scheme are both set per measure, so they always count the same things."""

    SESSION = "session", _("Sessions and meetings attended")
    INSPECTION = "inspection", _("Inspections (视察) joined")
    RESEARCH = "research", _("Research (调研) joined")
    LAW_ENFORCEMENT = "law_enforcement", _("Law-enforcement inspections joined")
    RECEPTION = "reception", _("Reception days attended")
    TRAINING = "training", _("Trainings attended")
    CONTACT = "contact", _("Contacts with voters")
    REPORT_BACK = "report_back", _("Reports back to voters")
    OTHER_ACTIVITY = "other", _("Other activities")
    OPINION_RECEIVED = "opinion_received", _("Opinions received from citizens")
    OPINION_RESOLVED = "opinion_resolved", _("Opinions resolved on the spot")
    SUGGESTION_RAISED = "suggestion_raised", _("Suggestions raised")
    SUGGESTION_SATISFIED = "suggestion_satisfied", _("Suggestions answered to the representative's satisfaction")
    VOTE_TAKEN = "vote_taken", _("Votes taken part in")
    WISH_FULFILLED = "wish_fulfilled", _("Micro-wishes fulfilled")
    ABSENCE = "absence", _("Sessions missed without approved leave")


class UnitGuest(models.Model):
    """A head of a government unit invited to a reception day (局长进站); staff record whether they came."""

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="unit_guests")
    unit = models.ForeignKey("organisations.Unit", verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=50)
    position = models.CharField(_("position"), max_length=100, blank=True)
    present = models.BooleanField(_("came"), null=True, blank=True)

    class Meta:
        verbose_name = _("invited unit head")
        verbose_name_plural = _("invited unit heads")
        ordering = ["activity_id", "id"]


class ActivityMatter(models.Model):
    """A matter raised at an activity, e.g. an opinion a citizen brought to a reception day."""

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="activity_matters")
    matter = models.OneToOneField("matters.Matter", verbose_name=_("matter"), on_delete=models.PROTECT, related_name="activity_link")

    class Meta:
        verbose_name = _("matter raised at an activity")
        verbose_name_plural = _("matters raised at activities")


def evidence_path(instance, filename):
    return f"duty/evidence/{timezone.now():%Y/%m}/{secrets.token_hex(8)}.{filename.rsplit('.', 1)[-1].lower()[:5]}"


class SelfReport(models.Model):
    """An activity the system did not record, added by the representative with evidence; it counts
    once staff confirm it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for staff to confirm")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Not confirmed by staff")

    representative = models.ForeignKey("representatives.Representative", verbose_name=_("representative"), on_delete=models.PROTECT, related_name="self_reports")
    congress = models.ForeignKey("organisations.Congress", verbose_name=_("congress"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=20, choices=Activity.Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    happened_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    description = models.TextField(_("what was done"))
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, help_text=_("A photo, a notice or minutes of the activity."))
    evidence_name = models.CharField(_("file name"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note on the decision"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("activity added by the representative")
        verbose_name_plural = _("activities added by representatives")
        ordering = ["-happened_on", "-id"]

    def __str__(self):
        return self.title


class DutyList(models.Model):
    """A congress's expected duties for one year (年度履职清单)."""

    congress = models.ForeignKey("organisations.Congress", verbose_name=_("congress"), on_delete=models.CASCADE, related_name="duty_lists")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("annual duty list")
        verbose_name_plural = _("annual duty lists")
        ordering = ["congress_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["congress", "year"], name="dutylist_one_per_year")]

    def __str__(self):
        return f"{self.congress} {self.year}"


class DutyRequirement(models.Model):
    class Per(models.TextChoices):
        YEAR = "year", _("in the year")
        QUARTER = "quarter", _("every quarter")

    duty_list = models.ForeignKey(DutyList, verbose_name=_("annual duty list"), on_delete=models.CASCADE, related_name="requirements")
    measure = models.CharField(_("duty"), max_length=30, choices=Measure.choices)
    target = models.PositiveSmallIntegerField(_("at least"), validators=[MinValueValidator(1), MaxValueValidator(999)])
    per = models.CharField(_("how often"), max_length=10, choices=Per.choices, default=Per.YEAR)

    class Meta:
        verbose_name = _("expected duty")
        verbose_name_plural = _("expected duties")
        ordering = ["duty_list_id", "id"]
        constraints = [models.UniqueConstraint(fields=["duty_list", "measure"], name="dutyrequirement_once_per_list")]


class DutyReminder(models.Model):
    """A 履职提示 sent, so the same reminder is not sent twice in one period."""

    representative = models.ForeignKey("representatives.Representative", verbose_name=_("representative"), on_delete=models.CASCADE, related_name="+")
    duty_list = models.ForeignKey(DutyList, verbose_name=_("annual duty list"), on_delete=models.CASCADE, related_name="reminders")
    period = models.CharField(_("period"), max_length=10)
    sent_at = models.DateTimeField(_("sent at"))
    behind = models.JSONField(_("duties behind"), default=list)

    class Meta:
        verbose_name = _("duty reminder")
        verbose_name_plural = _("duty reminders")
        constraints = [models.UniqueConstraint(fields=["representative", "duty_list", "period"], name="dutyreminder_once_per_period")]


class PointsRule(models.Model):
    """Points per counted deed in a congress's evaluation (履职积分); a negative value deducts."""

    congress = models.ForeignKey("organisations.Congress", verbose_name=_("congress"), on_delete=models.CASCADE, related_name="points_rules")
    measure = models.CharField(_("what counts"), max_length=30, choices=Measure.choices)
    points = models.DecimalField(_("points each"), max_digits=6, decimal_places=1, validators=[MinValueValidator(-100), MaxValueValidator(100)])

    class Meta:
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")
        ordering = ["congress_id", "measure"]
        constraints = [models.UniqueConstraint(fields=["congress", "measure"], name="pointsrule_once_per_measure")]


class ScoreAdjustment(models.Model):
    """A staff correction of a representative's yearly score, always with its reason."""

    congress = models.ForeignKey("organisations.Congress", verbose_name=_("congress"), on_delete=models.CASCADE, related_name="+")
    representative = models.ForeignKey("representatives.Representative", verbose_name=_("representative"), on_delete=models.PROTECT, related_name="score_adjustments")
    year = models.PositiveSmallIntegerField(_("year"))
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=1, validators=[MinValueValidator(-100), MaxValueValidator(100)])
    reason = models.CharField(_("reason"), max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("score adjustment")
        verbose_name_plural = _("score adjustments")
        ordering = ["-at"]


class ReportBack(models.Model):
    """A representative's report to voters (述职): the text, photos and the archive's summary as it
    stood, rated by a satisfaction vote of the voters present or of a representatives' group."""

    representative = models.ForeignKey("representatives.Representative", verbose_name=_("representative"), on_delete=models.PROTECT, related_name="reports_back")
    congress = models.ForeignKey("organisations.Congress", verbose_name=_("congress"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year reported on"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("report"))
    summary = models.JSONField(_("summary from the archive"), default=dict, editable=False)
    activity = models.OneToOneField(Activity, verbose_name=_("report-back meeting"), null=True, blank=True, on_delete=models.SET_NULL, related_name="report_back")
    vote = models.OneToOneField("voting.Vote", verbose_name=_("satisfaction vote"), null=True, blank=True, on_delete=models.SET_NULL, related_name="report_back")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("report back")
        verbose_name_plural = _("reports back")
        ordering = ["-year", "-created_at"]

    def __str__(self):
        return self.title


def report_photo_path(instance, filename):
    return f"duty/reports/{timezone.now():%Y/%m}/{secrets.token_hex(8)}.jpg"


class ReportBackPhoto(models.Model):
    report = models.ForeignKey(ReportBack, verbose_name=_("report back"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=report_photo_path)
    thumbnail = models.FileField(_("thumbnail"), upload_to=report_photo_path, blank=True)

    class Meta:
        verbose_name = _("report-back photo")
        verbose_name_plural = _("report-back photos")
