from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from minyi.regions.models import Level

from .periods import Period
from .public_codes import new_public_code


class Congress(models.Model):
    """A people's congress of one region, or a sub-district's residents' deliberation council."""

    class Kind(models.TextChoices):
        CONGRESS = "congress", _("People's congress")
        COUNCIL = "council", _("Residents' deliberation council")

    region = models.OneToOneField("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="congress")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CONGRESS)
    parent = models.ForeignKey(
        "self", verbose_name=_("higher congress"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        ordering = ["region_id"]

    def __str__(self):
        return self.name

    @property
    def level(self):
        return self.region.level

    @property
    def is_council(self):
        return self.kind == self.Kind.COUNCIL

    @property
    def has_standing_committee(self):
        # A township congress has a presidium instead; a council has neither.
        return self.kind == self.Kind.CONGRESS and self.region.level < Level.TOWNSHIP

    @property
    def has_presidium(self):
        """A township congress is led between sessions by its presidium (主席团)."""
        return self.kind == self.Kind.CONGRESS and self.region.level == Level.TOWNSHIP

    def term_on(self, day):
        return self.terms.covering(day).order_by("-start").first()

    @property
    def current_term(self):
        return self.term_on(timezone.localdate())


class Term(Period):
    """A term (届) of a congress, e.g. the 9th term of 荆门市人民代表大会 from 2022 to 2027."""

    congress = models.ForeignKey(Congress, verbose_name=_("congress"), on_delete=models.PROTECT, related_name="terms")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])

    overlap_message = _("The terms of one congress cannot overlap.")

    class Meta(Period.Meta):
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["congress_id", "-start"]
        constraints = [
            *Period.Meta.constraints,
            models.UniqueConstraint(fields=["congress", "number"], name="term_unique_number"),
        ]

    def __str__(self):
        return gettext("%(congress)s, term %(number)d") % {"congress": self.congress, "number": self.number}

    def overlap_candidates(self):
        return Term.objects.filter(congress_id=self.congress_id) if self.congress_id else None


class Session(models.Model):
    """A session (第N次会议) of a congress within one of its terms."""

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))

    class Meta:
        # A context keeps this apart from Django's own "session" (the login sessions model).
        verbose_name = pgettext_lazy("congress meeting", "session")
        verbose_name_plural = pgettext_lazy("congress meeting", "sessions")
        ordering = ["term_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="session_unique_number"),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="session_end_not_before_start"),
        ]

    def __str__(self):
        return gettext("%(term)s, session %(number)d") % {"term": self.term, "number": self.number}

    def clean(self):
        super().clean()
        if self.start is None or self.end is None:
            return
        if self.end < self.start:
            raise ValidationError({"end": _("The last day cannot come before the first day.")})
        if self.term_id and not (self.term.covers(self.start) and self.term.covers(self.end)):
            raise ValidationError(_("A session must take place within its term."))


class Department(models.Model):
    """A working body of a congress, e.g. 代表工作委员会, 人事代表选举委员会, 办公室."""

    congress = models.ForeignKey(Congress, verbose_name=_("congress"), on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["congress_id", "name"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="department_unique_name")]

    def __str__(self):
        return self.name


class Unit(models.Model):
    """A handling unit (承办单位) of a region's state organs.

    A unit is never renamed in place or removed while anything refers to it: renames leave a
    UnitNameChange, merges leave the source inactive with `merged_into` (see services)."""

    class Branch(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        GOVERNMENT_DEPARTMENT = "department", _("Government department")
        SUPERVISION = "supervision", _("Supervisory commission")
        COURT = "court", _("Court")
        PROCURATORATE = "procuratorate", _("Procuratorate")
        TOWNSHIP_GOVERNMENT = "township", _("Township government or sub-district office")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="units")
    branch = models.CharField(_("type"), max_length=20, choices=Branch.choices, default=Branch.GOVERNMENT_DEPARTMENT)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    merged_on = models.DateField(_("merged on"), null=True, blank=True)

    class Meta:
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")
        ordering = ["region_id", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")]

    def __str__(self):
        return self.name


class UnitNameChange(models.Model):
    """One rename of a unit, so that replies signed under the old name can still be traced."""

    unit = models.ForeignKey(Unit, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="name_changes")
    old_name = models.CharField(_("old name"), max_length=100)
    new_name = models.CharField(_("new name"), max_length=100)
    changed_on = models.DateField(_("effective date"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("unit name change")
        verbose_name_plural = _("unit name changes")
        ordering = ["unit_id", "-changed_on", "-recorded_at"]

    def __str__(self):
        return f"{self.old_name} → {self.new_name}"


class Station(models.Model):
    """A place where representatives meet citizens (家站点), with a code for its QR poster."""

    class Kind(models.TextChoices):
        HOME = "home", _("Representatives' home")
        LIAISON_STATION = "liaison", _("Representatives' liaison station")
        CONTACT_POINT = "contact_point", _("Representatives' contact point")
        ONLINE_STATION = "online", _("Online liaison station")
        PROFESSIONAL_STATION = "professional", _("Professional liaison station")
        LEGISLATIVE_CONTACT_POINT = "legislative", _("Grassroots legislative contact point")
        OBSERVATION_POINT = "observation", _("Public opinion observation point")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    profession = models.CharField(
        _("profession"), max_length=50, blank=True, help_text=_("For a professional station: its field, e.g. agriculture.")
    )
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="stations")
    congress = models.ForeignKey(
        Congress,
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        related_name="stations",
        help_text=_("The congress that runs the station."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    opening_hours = models.TextField(_("opening hours"), blank=True)
    leader_name = models.CharField(_("leader"), max_length=50, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    public_code = models.CharField(_("public code"), max_length=16, unique=True, default=new_public_code, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        ordering = ["region_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="station_unique_name_in_region"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True) | Q(latitude__isnull=False, longitude__isnull=False),
                name="station_both_coordinates_or_none",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == self.Kind.PROFESSIONAL_STATION and not self.profession.strip():
            errors["profession"] = _("A professional station needs its profession.")
        if self.kind and self.kind != self.Kind.PROFESSIONAL_STATION and self.profession:
            errors["profession"] = _("Only a professional station has a profession.")
        if self.kind and self.kind != self.Kind.ONLINE_STATION and not self.address.strip():
            errors["address"] = _("A station that citizens visit needs an address.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _("Give both coordinates or neither.")
        if self.region_id and self.congress_id and not self.region_id.startswith(self.congress.region.prefix):
            errors["congress"] = _("The station must lie within the region of the congress that runs it.")
        if errors:
            raise ValidationError(errors)


class Weekday(models.IntegerChoices):
    # Numbered as datetime.date.weekday() numbers them.
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class ReceptionRule(models.Model):
    """When a station receives citizens, e.g. "the 5th of every month, 09:00–11:30" (代表接待选民日).

    A monthly rule on a day some months lack (29–31) skips those months instead of moving to
    their last day: a citizen told "the 31st" should not find a reception on the 30th."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Every month on a day")
        WEEKLY = "weekly", _("Every week on a weekday")
        ONCE = "once", _("On one date")

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="reception_rules")
    kind = models.CharField(_("repeats"), max_length=10, choices=Kind.choices)
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), null=True, blank=True, choices=Weekday.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    # The one field each kind uses to name its days.
    DAY_FIELD = {Kind.MONTHLY: "day_of_month", Kind.WEEKLY: "weekday", Kind.ONCE: "date"}

    class Meta:
        verbose_name = _("reception rule")
        verbose_name_plural = _("reception rules")
        ordering = ["station_id", "kind", "day_of_month", "weekday", "date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="monthly", day_of_month__gte=1, day_of_month__lte=31, weekday__isnull=True, date__isnull=True)
                | Q(kind="weekly", weekday__gte=0, weekday__lte=6, day_of_month__isnull=True, date__isnull=True)
                | Q(kind="once", date__isnull=False, day_of_month__isnull=True, weekday__isnull=True),
                name="receptionrule_day_matches_kind",
            ),
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="receptionrule_ends_after_start"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="receptionrule_valid_to_not_before_from",
            ),
        ]

    def __str__(self):
        return self.describe()

    def clean(self):
        super().clean()
        if self.kind not in self.DAY_FIELD:
            return
        # Only the field of the chosen kind is kept, so switching the kind in a form cannot
        # leave a stale day behind that the database would refuse.
        day_field = self.DAY_FIELD[self.kind]
        for field_name in self.DAY_FIELD.values():
            if field_name != day_field:
                setattr(self, field_name, None)
        errors = {}
        if getattr(self, day_field) is None:
            errors[day_field] = _("This kind of rule needs this field.")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The reception must end after it starts.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The rule cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    def applies_on(self, day):
        if (self.valid_from and day < self.valid_from) or (self.valid_to and day > self.valid_to):
            return False
        if self.kind == self.Kind.MONTHLY:
            return day.day == self.day_of_month
        if self.kind == self.Kind.WEEKLY:
            return day.weekday() == self.weekday
        return day == self.date

    def describe(self):
        times = {"start": self.start_time.strftime("%H:%M"), "end": self.end_time.strftime("%H:%M")}
        if self.kind == self.Kind.MONTHLY:
            return gettext("Every month on day %(day)d, %(start)s–%(end)s") % {"day": self.day_of_month, **times}
        if self.kind == self.Kind.WEEKLY:
            return gettext("Every %(weekday)s, %(start)s–%(end)s") % {"weekday": Weekday(self.weekday).label, **times}
        return gettext("On %(date)s, %(start)s–%(end)s") % {"date": date_format(self.date), **times}


class ReceptionException(models.Model):
    """A reception day that is cancelled, or moved to another date, e.g. because of a holiday."""

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="reception_exceptions")
    date = models.DateField(_("date"))
    moved_to = models.DateField(_("moved to"), null=True, blank=True, help_text=_("Leave empty when the reception is cancelled."))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("reception exception")
        verbose_name_plural = _("reception exceptions")
        ordering = ["station_id", "date"]
        constraints = [
            models.UniqueConstraint(fields=["station", "date"], name="receptionexception_one_per_day"),
            models.CheckConstraint(
                condition=Q(moved_to__isnull=True) | ~Q(moved_to=F("date")), name="receptionexception_moves_elsewhere"
            ),
        ]

    def __str__(self):
        if self.is_cancelled:
            return gettext("%(date)s cancelled") % {"date": date_format(self.date)}
        return gettext("%(date)s moved to %(moved_to)s") % {"date": date_format(self.date), "moved_to": date_format(self.moved_to)}

    @property
    def is_cancelled(self):
        return self.moved_to is None

    def clean(self):
        super().clean()
        if self.moved_to is not None and self.moved_to == self.date:
            raise ValidationError({"moved_to": _("A reception can only be moved to another date.")})


class StationAssignment(Period):
    """A representative of any level assigned to a station (the station's 五级代表)."""

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="assignments")
    representative = models.ForeignKey(
        "representatives.Representative",
        verbose_name=_("representative"),
        on_delete=models.PROTECT,
        related_name="station_assignments",
    )

    overlap_message = _("The representative is already assigned to this station for part of this period.")

    class Meta(Period.Meta):
        verbose_name = _("station assignment")
        verbose_name_plural = _("station assignments")
        ordering = ["station_id", "start", "representative_id"]

    def __str__(self):
        return f"{self.representative} @ {self.station}"

    def overlap_candidates(self):
        if not (self.station_id and self.representative_id):
            return None
        return StationAssignment.objects.filter(station_id=self.station_id, representative_id=self.representative_id)


class DutyRoster(models.Model):
    """Who is on duty at a station on one day (值班代表)."""

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="duty_roster")
    date = models.DateField(_("date"))
    representative = models.ForeignKey(
        "representatives.Representative", verbose_name=_("representative"), on_delete=models.PROTECT, related_name="duty_days"
    )

    class Meta:
        verbose_name = _("duty roster entry")
        verbose_name_plural = _("duty roster")
        ordering = ["station_id", "date", "representative_id"]
        constraints = [models.UniqueConstraint(fields=["station", "date", "representative"], name="dutyroster_once_a_day")]

    def __str__(self):
        return f"{date_format(self.date)} {self.representative} @ {self.station}"

    def clean(self):
        super().clean()
        if not (self.station_id and self.representative_id and self.date):
            return
        assigned = StationAssignment.objects.filter(station_id=self.station_id, representative_id=self.representative_id)
        if not assigned.covering(self.date).exists():
            raise ValidationError(_("Only a representative assigned to the station on that day can be on duty there."))

