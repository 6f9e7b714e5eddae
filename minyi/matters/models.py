"""The closed-loop engine's tables. A matter's kind (opinion, suggestion…) is a registered policy
key; kinds keep their own data (citizens' personal data included) in their own apps."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: a code read out over the phone or copied by hand stays unambiguous.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_LENGTH = 10


def new_tracking_code():
    return "".join(secrets.choice(TRACKING_ALPHABET) for _i in range(TRACKING_LENGTH))


class Channel(models.TextChoices):
    H5 = "h5", _("Web form")
    REPRESENTATIVE_CODE = "representative_code", _("Representative's code")
    STATION_CODE = "station_code", _("Station's code")
    REPRESENTATIVE_ON_BEHALF = "representative_on_behalf", _("Representative on behalf of a citizen")
    STAFF_ENTRY = "staff_entry", _("Entered by staff")
    PHONE = "phone", _("Phone")
    API = "api", _("API")
    REPRESENTATIVE = "representative", _("Raised by a representative")


class HandlingClass(models.TextChoices):
    GENERAL = "general", _("Time-limited handling")
    CROSS_UNIT = "cross_unit", _("Coordinated handling")
    MAJOR = "major", _("Handling by instruction")


class Matter(models.Model):
    kind = models.CharField(_("kind"), max_length=30, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    region_code = models.CharField(_("region code"), max_length=12, db_index=True)
    category = models.CharField(_("category"), max_length=50, blank=True)
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices, default=Channel.H5)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("raised by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    representative = models.ForeignKey(
        "representatives.Representative", verbose_name=_("representative"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="matters",
    )
    station = models.ForeignKey(
        "organisations.Station", verbose_name=_("station"), null=True, blank=True, on_delete=models.PROTECT, related_name="matters"
    )
    owner_congress = models.ForeignKey(
        "organisations.Congress", verbose_name=_("held by"), on_delete=models.PROTECT, related_name="matters"
    )
    status = models.CharField(_("status"), max_length=30, db_index=True)
    handling_class = models.CharField(_("handling class"), max_length=20, choices=HandlingClass.choices, default=HandlingClass.GENERAL)
    green_channel = models.BooleanField(_("green channel"), default=False)
    round = models.PositiveSmallIntegerField(_("handling round"), default=1)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    converted_to = models.ForeignKey(
        "self", verbose_name=_("converted to"), null=True, blank=True, on_delete=models.PROTECT, related_name="converted_from"
    )
    escalated_from = models.ForeignKey(
        "self", verbose_name=_("escalated from"), null=True, blank=True, on_delete=models.PROTECT, related_name="escalated_to"
    )
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True, default=new_tracking_code, editable=False)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    last_response_at = models.DateTimeField(_("last response"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Title and text cut into words (jieba), space-joined: what full-text search matches against.
    search_text = models.TextField(_("search words"), blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner_congress", "status"]), models.Index(fields=["kind", "status", "replied_at"])]

    def __str__(self):
        return f"{self.tracking_code} {self.title}"

    @property
    def policy(self):
        from .policies import registry

        return registry.get(self.kind)


class TimelineIsAppendOnly(Exception):
    pass


class TimelineQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TimelineIsAppendOnly("timeline events cannot be changed")

    def delete(self):
        raise TimelineIsAppendOnly("timeline events cannot be deleted")


class TimelineEvent(models.Model):
    """One thing that happened to a matter. Nothing is ever edited or deleted: corrections are new events."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        INTERNAL = "internal", _("Internal")

    matter = models.ForeignKey(Matter, verbose_name=_("matter"), on_delete=models.PROTECT, related_name="timeline")
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("actor name"), max_length=100, blank=True)
    action = models.CharField(_("action"), max_length=40, db_index=True)
    from_status = models.CharField(_("from status"), max_length=30, blank=True)
    to_status = models.CharField(_("to status"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)

    objects = TimelineQuerySet.as_manager()

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["matter", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TimelineIsAppendOnly("timeline events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TimelineIsAppendOnly("timeline events cannot be deleted")


class DeadlineState(models.TextChoices):
    NORMAL = "normal", _("On time")
    APPROACHING = "approaching", _("Deadline approaching")
    OVERDUE = "overdue", _("Overdue")


class Assignment(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead unit")
        CO = "co", _("Co-handling unit")

    class State(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned, not signed")
        SIGNED = "signed", _("Signed, being handled")
        REPLIED = "replied", _("Replied")
        CONTRIBUTED = "contributed", _("Contribution sent")
        DONE = "done", _("Finished")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATES = (State.ASSIGNED, State.SIGNED)

    matter = models.ForeignKey(Matter, verbose_name=_("matter"), on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey("organisations.Unit", verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.LEAD)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.ASSIGNED, db_index=True)
    round = models.PositiveSmallIntegerField(_("handling round"), default=1)
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    sign_due = models.DateField(_("sign by"), null=True, blank=True)
    sign_rule = models.CharField(_("sign deadline rule"), max_length=20, blank=True)
    handle_due = models.DateField(_("handle by"), null=True, blank=True)
    handle_rule = models.CharField(_("handling deadline rule"), max_length=20, blank=True)
    provisional = models.BooleanField(_("provisional deadline"), default=False)
    deadline_state = models.CharField(
        _("deadline"), max_length=12, choices=DeadlineState.choices, default=DeadlineState.NORMAL, db_index=True
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    last_response_at = models.DateTimeField(_("last response"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["matter_id", "round", "role", "id"]
        indexes = [models.Index(fields=["unit", "state"])]

    def __str__(self):
        return f"{self.matter_id} → {self.unit_id} ({self.role}, {self.round})"

    @property
    def is_open(self):
        return self.state in self.OPEN_STATES

    @property
    def running_due_date(self):
        """The date of the deadline running now (signing while unsigned, then handling), for display."""
        return self.running_due()[0]

    def running_due(self):
        """(deadline date, period start) of the deadline running now, or (None, None)."""
        if self.state == self.State.ASSIGNED and self.sign_due:
            return self.sign_due, self.assigned_at
        if self.state == self.State.SIGNED and self.handle_due:
            return self.handle_due, self.assigned_at
        return None, None


class DeadlineExtension(models.Model):
    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    assignment = models.ForeignKey(Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="extensions")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    reason = models.TextField(_("reason"))
    old_due = models.DateField(_("previous deadline"), null=True, blank=True)
    new_due = models.DateField(_("new deadline"), null=True, blank=True)
    rule = models.CharField(_("deadline rule"), max_length=20)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.REQUESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["-requested_at", "-id"]


class Supervision(models.Model):
    class Method(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        WRITTEN_NOTICE = "written_notice", _("Written notice")
        VISIT = "visit", _("Visit")
        MEETING = "meeting", _("Meeting")

    matter = models.ForeignKey(Matter, verbose_name=_("matter"), on_delete=models.PROTECT, related_name="supervisions")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("supervised by"), null=True, on_delete=models.SET_NULL, related_name="+")
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    note = models.TextField(_("note"), blank=True)
    result = models.TextField(_("result"), blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("supervision")
        verbose_name_plural = _("supervisions")
        ordering = ["-at", "-id"]


class Reply(models.Model):
    """The lead unit's reply, or a co-handling unit's contribution to the lead unit."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("Reply")
        CONTRIBUTION = "contribution", _("Contribution")

    matter = models.ForeignKey(Matter, verbose_name=_("matter"), on_delete=models.PROTECT, related_name="replies")
    assignment = models.ForeignKey(Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="replies")
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.REPLY)
    round = models.PositiveSmallIntegerField(_("handling round"), default=1)
    # The kind's classification of the answer, e.g. a suggestion's A/B/C/D; empty where a kind has none.
    reply_class = models.CharField(_("reply class"), max_length=5, blank=True)
    text = models.TextField(_("text"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["matter_id", "round", "at", "id"]


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class Evaluation(models.Model):
    matter = models.ForeignKey(Matter, verbose_name=_("matter"), on_delete=models.PROTECT, related_name="evaluations")
    round = models.PositiveSmallIntegerField(_("handling round"), default=1)
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluated by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_label = models.CharField(_("evaluator"), max_length=100, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["matter_id", "round", "at", "id"]


class ReassignmentRequest(models.Model):
    """A unit's request, within its sign window, to be relieved of an assignment (申请退回/改派)."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    assignment = models.ForeignKey(Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="reassignment_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    reason = models.TextField(_("reason"))
    suggested_unit = models.CharField(_("suggested unit"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.REQUESTED, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("re-assignment request")
        verbose_name_plural = _("re-assignment requests")
        ordering = ["-requested_at", "-id"]


def attachment_path(instance, filename):
    import os
    import uuid

    # A random name: a stored name must not say who or where the photo shows.
    return f"matters/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{os.path.splitext(filename)[1].lower()}"


class Attachment(models.Model):
    """A photo or document on a matter, added with one timeline event (submission, on-the-spot
    resolution, supplement, reply). Images are re-encoded without their metadata on upload."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Photo")
        DOCUMENT = "document", _("Document")

    matter = models.ForeignKey(Matter, verbose_name=_("matter"), on_delete=models.PROTECT, related_name="attachments")
    event = models.ForeignKey(
        TimelineEvent, verbose_name=_("timeline event"), null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.IMAGE)
    file = models.FileField(_("file"), upload_to=attachment_path)
    thumbnail = models.FileField(_("thumbnail"), upload_to=attachment_path, blank=True)
    original_name = models.CharField(_("original name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=TimelineEvent.Visibility.choices, default="public")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["matter_id", "uploaded_at", "id"]
