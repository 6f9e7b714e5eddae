"""Representatives' duty (履职): activities with their check-in code (履职码), who was invited, who
attended and how, and leave from congress sessions. One record per deed (一事一记); the archive of
each representative is built from these and from what the other apps record."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
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
