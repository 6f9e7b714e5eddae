"""Votes, their options, their electorate and their ballot box.

Secrecy is a property of the schema, not of good manners: for a secret vote, who voted (Elector) and
what was voted (Ballot) share nothing but the vote itself. A Ballot has a random UUID, no timestamp,
no link to an elector, a user or a representative; its receipt is kept only as a keyed digest. When
the vote closes the whole box is rewritten in shuffled order under new ids, so neither the ids nor the
rows' physical order (or PostgreSQL's transaction stamps) keep the order in which ballots arrived.
Ballots are never audited row by row: the audit log records that an elector voted, never what."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import tally


class Kind(models.TextChoices):
    DIFFERENTIAL = tally.DIFFERENTIAL, _("Differential vote")
    POLL = tally.POLL, _("Preference poll")
    MOTION = tally.MOTION, _("Motion")
    SATISFACTION = tally.SATISFACTION, _("Satisfaction vote")


class Body(models.TextChoices):
    SESSION = "session", _("Congress session")
    STANDING_COMMITTEE = "standing_committee", _("Standing committee meeting")
    COUNCIL = "council", _("Deliberation council meeting")
    GROUP = "group", _("Representatives' group")


class ThresholdBase(models.TextChoices):
    ALL = "all", _("More than half of all members")
    PRESENT = "present", _("More than half of those present")


class Quorum(models.TextChoices):
    TWO_THIRDS = "two_thirds", _("More than two thirds present")
    NONE = "none", _("No quorum")


class Vote(models.Model):
    """One vote of one body. Everything that decides the count is locked when it opens."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", _("Voting in progress")
        CLOSED = "closed", _("Closed, paper ballots being entered")
        COUNTED = "counted", _("Counted, not yet published")
        PUBLISHED = "published", _("Result published")

    congress = models.ForeignKey("organisations.Congress", verbose_name=_("congress"), on_delete=models.PROTECT, related_name="votes")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of vote"), max_length=20, choices=Kind.choices)
    body = models.CharField(_("voting body"), max_length=20, choices=Body.choices, default=Body.SESSION)
    session = models.ForeignKey(
        "organisations.Session", verbose_name=_("session"), null=True, blank=True, on_delete=models.PROTECT, related_name="votes"
    )
    group = models.ForeignKey(
        "representatives.RepresentativeGroup", verbose_name=_("representatives' group"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="votes",
    )
    member_names = models.TextField(
        _("members"), blank=True,
        help_text=_("For a standing committee or council meeting: one member per line. A name that is a current representative of the congress may vote on the phone."),
    )
    places = models.PositiveIntegerField(
        _("places"), default=0, validators=[MaxValueValidator(10000)],
        help_text=_("Differential vote: how many are chosen. Preference poll: how many each ballot may mark and how many are kept."),
    )
    threshold_base = models.CharField(_("threshold"), max_length=10, choices=ThresholdBase.choices, default=ThresholdBase.ALL)
    quorum = models.CharField(_("quorum"), max_length=12, choices=Quorum.choices, default=Quorum.TWO_THIRDS)
    secret = models.BooleanField(_("secret ballot"), default=True)
    electronic = models.BooleanField(_("members may vote on their phones"), default=True)
    paper = models.BooleanField(_("paper ballots"), default=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT, db_index=True)
    previous_round = models.OneToOneField(
        "self", verbose_name=_("first round"), null=True, blank=True, on_delete=models.PROTECT, related_name="next_round"
    )
    electorate_size = models.PositiveIntegerField(_("members"), null=True, blank=True, editable=False)
    present_count = models.PositiveIntegerField(_("members present"), null=True, blank=True, editable=False)
    paper_ballots_printed = models.PositiveIntegerField(_("paper ballots printed"), default=0, editable=False)
    result = models.JSONField(_("result"), null=True, blank=True, editable=False)
    audit_digest = models.CharField(_("audit file SHA-256"), max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def is_choice(self):
        return self.kind in (Kind.DIFFERENTIAL, Kind.POLL)

    @property
    def locked(self):
        return self.state != self.State.DRAFT

    @property
    def round_number(self):
        number, vote = 1, self
        while vote.previous_round_id:
            number, vote = number + 1, vote.previous_round
        return number

    def rules(self):
        return tally.Rules(
            kind=self.kind, electorate=self.electorate_size or 0, present=self.present_count or 0,
            places=self.places if self.is_choice else 0, threshold_base=self.threshold_base, quorum=self.quorum,
        )


class Option(models.Model):
    """A candidate (differential vote, poll), an item (motion) or an object judged (satisfaction)."""

    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(_("number on the ballot"), validators=[MinValueValidator(1)])
    label = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    reference = models.CharField(
        _("reference"), max_length=64, blank=True, help_text=_("What the option stands for elsewhere, e.g. a candidate project."),
    )

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["vote_id", "position"]
        constraints = [models.UniqueConstraint(fields=["vote", "position"], name="option_unique_position")]

    def __str__(self):
        return f"{self.position}. {self.label}"


class Elector(models.Model):
    """A member of the body when the vote opened: whether they are present and whether (and how) they
    voted; never what."""

    class Attendance(models.TextChoices):
        ABSENT = "", _("Not checked in")
        CHECK_IN = "check_in", _("Checked in")
        CHAIR = "chair", _("Recorded present by the chair")

    class Method(models.TextChoices):
        NONE = "", _("Not voted")
        ELECTRONIC = "electronic", _("Voted on the phone")
        PAPER = "paper", _("Given a paper ballot")

    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="electors")
    position = models.PositiveIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=50)
    representative = models.ForeignKey(
        "representatives.Representative", verbose_name=_("representative"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="electors",
    )
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices, blank=True, default="")
    method = models.CharField(_("voted"), max_length=10, choices=Method.choices, blank=True, default="")

    class Meta:
        verbose_name = _("member of the electorate")
        verbose_name_plural = _("electorate")
        ordering = ["vote_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "position"], name="elector_unique_position"),
            models.UniqueConstraint(
                fields=["vote", "representative"], condition=models.Q(representative__isnull=False), name="elector_unique_representative"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def present(self):
        return bool(self.attendance)


class Ballot(models.Model):
    """One ballot in the box. `marks` is, for choices, the list of option positions marked; for motions
    and satisfaction votes, {position: choice}; null for a paper ballot the tellers found spoilt.

    Deliberately without: a timestamp, an autoincrementing id, a link to who cast it (except
    `elector_position` on an open, named vote)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    marks = models.JSONField(null=True)
    paper_number = models.PositiveIntegerField(null=True, blank=True)
    receipt_digest = models.CharField(max_length=64, blank=True, db_index=True)
    elector_position = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["vote", "paper_number"], condition=models.Q(paper_number__isnull=False), name="ballot_unique_paper_number"),
        ]


class PaperEntry(models.Model):
    """One teller's reading of one numbered paper ballot. Two tellers' agreeing readings put it in the
    box; disagreeing ones are a mismatch until one of them corrects theirs."""

    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="paper_entries")
    paper_number = models.PositiveIntegerField(_("ballot number"), validators=[MinValueValidator(1)])
    teller = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("teller"), on_delete=models.PROTECT, related_name="+")
    marks = models.JSONField(_("marks"), null=True)
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("paper ballot entry")
        verbose_name_plural = _("paper ballot entries")
        ordering = ["vote_id", "paper_number", "entered_at"]
        constraints = [models.UniqueConstraint(fields=["vote", "paper_number", "teller"], name="paperentry_unique_teller")]


class Teller(models.Model):
    """Who may enter paper ballots for a vote (监票人、计票人)."""

    vote = models.ForeignKey(Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="tellers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("teller"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("teller")
        verbose_name_plural = _("tellers")
        constraints = [models.UniqueConstraint(fields=["vote", "user"], name="teller_unique")]
