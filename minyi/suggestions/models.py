"""What a representative's suggestion carries beyond the engine's matter: its congress, term and
session, its number (gap-free per sequence, never reused, earlier numbers kept across terms), its
signers, the staff's planned units, the units' contacts with the representatives, the reply letter,
the key-suggestion designation, and each congress's settings (numbers, deadlines, scoring)."""

import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minyi.opinions.models import validate_rule


class Category(models.Model):
    """A subject area of suggestions (城乡建设, 教科文卫…), with the special committee that follows
    it (对口督办): suggestions are grouped by these in reports, not by the citizens' categories."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=50)
    committee = models.CharField(_("counterpart committee"), max_length=100, blank=True,
                                 help_text=_("The special committee that supervises suggestions of this area."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("suggestion category")
        verbose_name_plural = _("suggestion categories")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


NUMBER_FIELDS = {"number", "year", "term", "session"}


def validate_number_format(value):
    """A format with {number} and only the known fields, e.g. 第{number:04d}号 or {year}-{number:03d}."""
    try:
        fields = {name for _text, name, _spec, _conv in string.Formatter().parse(value) if name is not None}
        value.format(number=1, year=2026, term=9, session=3)
    except (ValueError, KeyError, IndexError):
        raise ValidationError(_("The number format is not valid: write e.g. 第{number:04d}号."), code="invalid_format") from None
    if "number" not in fields or not fields <= NUMBER_FIELDS:
        raise ValidationError(
            _("The number format must contain {number} and may use only {year}, {term} and {session} besides."), code="invalid_format"
        )


class Settings(models.Model):
    """One congress's rules for suggestions. A congress without a row uses the defaults, which are
    the statutory and provincial numbers in DOMAIN.md."""

    congress = models.OneToOneField("organisations.Congress", verbose_name=_("congress"), on_delete=models.CASCADE,
                                    related_name="suggestion_settings")
    number_format = models.CharField(_("number format"), max_length=60, default="第{number:04d}号", validators=[validate_number_format],
                                     help_text=_("{number} is the sequence number; {year}, {term} and {session} may be added."))
    number_per_session = models.BooleanField(
        _("session suggestions numbered per session"), default=True,
        help_text=_("Otherwise one sequence per term for session and inter-session suggestions alike."),
    )
    # Per-session numbers restart at 1 every session: their own format keeps them apart from the
    # term's inter-session numbers.
    session_number_format = models.CharField(
        _("number format of session suggestions"), max_length=60, default="大会第{number:04d}号", validators=[validate_number_format],
        help_text=_("Used when session suggestions are numbered per session."),
    )
    use_class_d = models.BooleanField(_("replies may be classed D (kept for reference)"), default=False)
    require_letter = models.BooleanField(_("a reply needs the signed and sealed letter"), default=True)
    sign_rule = models.CharField(_("units sign within"), max_length=20, default="workdays:3", validators=[validate_rule])
    reply_rule = models.CharField(_("reply within"), max_length=20, default="months:3", validators=[validate_rule])
    extended_rule = models.CharField(_("reply within, when extended"), max_length=20, default="months:6", validators=[validate_rule])
    co_unit_rule = models.CharField(_("co-handling units' opinion within"), max_length=20, default="months:1", validators=[validate_rule])
    reassign_rule = models.CharField(_("re-assignment asked within"), max_length=20, default="workdays:7", validators=[validate_rule])
    rehandle_rule = models.CharField(_("re-handling reply within"), max_length=20, default="months:1", validators=[validate_rule])
    assign_rule = models.CharField(_("inter-session suggestions assigned within"), max_length=20, default="workdays:5",
                                   validators=[validate_rule])

    class Meta:
        verbose_name = _("suggestion settings")
        verbose_name_plural = _("suggestion settings")

    def __str__(self):
        return str(self.congress)


class Suggestion(models.Model):
    """The suggestion's side of its matter. The lead representative is the matter's representative;
    the congress whose representatives raised it holds the matter."""

    class Admissibility(models.TextChoices):
        PERSONAL = "personal", _("A personal or family matter of the representative")
        COURT = "court", _("A case before a court or arbitration")
        PETITION = "petition", _("An accusation, complaint or petition")
        FORWARDED = "forwarded", _("A forwarded letter")
        PROMOTION = "promotion", _("Promotion of products or research")
        NO_CONTENT = "no_content", _("No concrete content")
        JURISDICTION = "jurisdiction", _("Outside the congress's jurisdiction")
        SEVERAL = "several", _("Several matters in one suggestion")

    matter = models.OneToOneField("matters.Matter", verbose_name=_("matter"), primary_key=True, on_delete=models.PROTECT,
                                  related_name="suggestion")
    term = models.ForeignKey("organisations.Term", verbose_name=_("term"), on_delete=models.PROTECT, related_name="suggestions")
    session = models.ForeignKey("organisations.Session", verbose_name=pgettext_lazy("congress meeting", "session"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="suggestions",
                                help_text=_("Set for a suggestion raised at a session (大会建议); empty between sessions."))
    sequence = models.ForeignKey("NumberSequence", verbose_name=_("number sequence"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="suggestions", editable=False)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    number_label = models.CharField(_("number"), max_length=60, blank=True, editable=False)
    # [{"term": 9, "label": "第0123号"}, …]: what it was called in earlier terms, kept when renumbered.
    earlier_numbers = models.JSONField(_("earlier numbers"), default=list, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(_("handling year"), help_text=_("Moves on when a followed-up suggestion rolls over."))
    publish_consent = models.BooleanField(_("the representative agrees to publication"), default=True)
    entered_by_staff = models.BooleanField(_("entered by staff"), default=False)
    planned_lead = models.ForeignKey("organisations.Unit", verbose_name=_("proposed lead unit"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    planned_co_units = models.ManyToManyField("organisations.Unit", verbose_name=_("proposed co-handling units"), blank=True,
                                              related_name="+")
    revision = models.PositiveSmallIntegerField(_("revision"), default=0, editable=False)
    # "<lead id>:<key>" of the form or API call that raised it: a second tap or a retry finds it again.
    idempotency_key = models.CharField(_("submission key"), max_length=100, unique=True, null=True, blank=True, editable=False)
    return_reasons = models.JSONField(_("reasons for return"), default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.UniqueConstraint(fields=["sequence", "number"], name="suggestion_number_unique_in_sequence"),
        ]

    def __str__(self):
        return f"{self.number_label or _('(not numbered)')} {self.matter.title}"

    @property
    def is_session_suggestion(self):
        return self.session_id is not None


class NumberSequence(models.Model):
    """One run of numbers: per congress and term, and per session for session suggestions when the
    congress numbers them apart. The row is locked while a number is taken, in the registering
    transaction, so a number is used exactly once and a rolled-back registration leaves no gap."""

    congress = models.ForeignKey("organisations.Congress", verbose_name=_("congress"), on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey("organisations.Term", verbose_name=_("term"), on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey("organisations.Session", verbose_name=pgettext_lazy("congress meeting", "session"), null=True,
                                blank=True, on_delete=models.PROTECT, related_name="+")
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [
            models.UniqueConstraint(fields=["congress", "term", "session"], name="sequence_unique_per_session"),
            models.UniqueConstraint(fields=["congress", "term"], condition=models.Q(session__isnull=True), name="sequence_unique_per_term"),
        ]


class Signer(models.Model):
    """A representative on the suggestion: the lead, or a co-signer of a joint one who confirms in
    the app before the suggestion counts for them."""

    class State(models.TextChoices):
        INVITED = "invited", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    suggestion = models.ForeignKey(Suggestion, verbose_name=_("suggestion"), on_delete=models.CASCADE, related_name="signers")
    representative = models.ForeignKey("representatives.Representative", verbose_name=_("representative"), on_delete=models.PROTECT,
                                       related_name="suggestion_signatures")
    is_lead = models.BooleanField(_("lead representative"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.INVITED)
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signer")
        verbose_name_plural = _("signers")
        ordering = ["-is_lead", "id"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "representative"], name="signer_once_per_suggestion")]

    def __str__(self):
        return f"{self.representative} · {self.get_state_display()}"


class Contact(models.Model):
    """The unit's contact with the representative(s) (记录沟通; 两见面: before and after the reply).
    The representative confirms in the app that it happened, or says it did not."""

    class Method(models.TextChoices):
        PHONE = "phone", _("Phone call")
        VISIT = "visit", _("Visit")
        MEETING = "meeting", _("Meeting")
        STATION = "station", _("Meeting at the liaison station")
        SITE = "site", _("On-site inspection together")

    class Stage(models.TextChoices):
        BEFORE = "before", _("Before the reply")
        AFTER = "after", _("After the reply")

    class Confirmation(models.TextChoices):
        PENDING = "pending", _("Waiting for the representative")
        CONFIRMED = "confirmed", _("Confirmed by the representative")
        DISPUTED = "disputed", _("Disputed by the representative")

    assignment = models.ForeignKey("matters.Assignment", verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="contacts")
    representative = models.ForeignKey("representatives.Representative", verbose_name=_("representative contacted"),
                                       on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    stage = models.CharField(_("when"), max_length=10, choices=Stage.choices, default=Stage.BEFORE)
    happened_on = models.DateField(_("date"))
    note = models.TextField(_("what was discussed"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    confirmation = models.CharField(_("confirmation"), max_length=10, choices=Confirmation.choices, default=Confirmation.PENDING)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmation_note = models.TextField(_("representative's remark"), blank=True)

    class Meta:
        verbose_name = _("contact with the representative")
        verbose_name_plural = _("contacts with representatives")
        ordering = ["assignment_id", "happened_on", "id"]


class ReplyLetter(models.Model):
    """The reply's formal side: the signed and sealed letter (答复函, a PDF on the matter), who signed
    it, and whether the unit agrees to its publication."""

    reply = models.OneToOneField("matters.Reply", verbose_name=_("reply"), primary_key=True, on_delete=models.PROTECT,
                                 related_name="letter")
    letter = models.ForeignKey("matters.Attachment", verbose_name=_("signed letter"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    signed_by = models.CharField(_("signed off by (unit head)"), max_length=50, blank=True)
    publish_consent = models.BooleanField(_("the unit agrees to publication"), default=True)

    class Meta:
        verbose_name = _("reply letter")
        verbose_name_plural = _("reply letters")


class KeySuggestion(models.Model):
    """重点督办建议: chosen by the chairperson's meeting for a year, led by a named leader and
    followed by a committee to a plan; the visits and meetings are the engine's supervision records."""

    suggestion = models.OneToOneField(Suggestion, verbose_name=_("suggestion"), primary_key=True, on_delete=models.PROTECT,
                                      related_name="key")
    year = models.PositiveSmallIntegerField(_("year"))
    chosen_on = models.DateField(_("chosen on"))
    chosen_by = models.CharField(_("chosen by"), max_length=100, default=_("Chairperson's meeting"))
    leading_leader = models.CharField(_("leading leader"), max_length=50)
    supervising_committee = models.CharField(_("supervising committee"), max_length=100)
    plan = models.TextField(_("supervision plan"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("key suggestion")
        verbose_name_plural = _("key suggestions")
        ordering = ["-year", "suggestion_id"]


class ScoringRule(models.Model):
    """A congress's own weight for one negative-list indicator of units' handling (scoring.INDICATORS
    holds the indicators and their default points); no row: the default applies."""

    congress = models.ForeignKey("organisations.Congress", verbose_name=_("congress"), on_delete=models.CASCADE, related_name="+")
    indicator = models.CharField(_("indicator"), max_length=40)
    points = models.DecimalField(_("points deducted each time"), max_digits=5, decimal_places=1)
    is_active = models.BooleanField(_("counted"), default=True)

    class Meta:
        verbose_name = _("scoring rule")
        verbose_name_plural = _("scoring rules")
        ordering = ["congress_id", "indicator"]
        constraints = [models.UniqueConstraint(fields=["congress", "indicator"], name="scoringrule_once_per_indicator")]
