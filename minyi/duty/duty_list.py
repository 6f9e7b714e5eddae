"""The annual duty list (年度履职清单): what a congress expects of each of its representatives in a
year (at least N of a measure in the year, or in every quarter), and each representative's progress
against it. Progress counts what the archive counts (archive.counts), so the list, the points and
the statistics always agree.

Behind schedule, pro rata: by the end of each quarter a quarter of a yearly target is due (rounded
up to whole deeds), and a target of the current period still open with three weeks or less left is
due in full. The reminders (minyi/duty/reminders.py) and the staff's "who is behind" use this one
rule."""

import calendar
import datetime
import math
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.representatives.models import Mandate, Representative

from . import archive
from .models import DutyList, DutyRequirement, Measure
from .services import DutyRefused, _actor, _require_staff

# A target still open this close to the end of its period is due now: time enough to act on a reminder.
CLOSING = datetime.timedelta(days=21)
# Absences are counted against a representative, never asked for.
LIST_MEASURES = tuple(m for m in Measure if m != Measure.ABSENCE)


def quarter_of(day):
    return (day.month - 1) // 3 + 1


def quarter_range(year, quarter):
    last_month = quarter * 3
    return datetime.date(year, last_month - 2, 1), datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])


@dataclass(frozen=True)
class Checkpoint:
    """Where `today` stands in a list's year.

    started: quarters of the year begun by today (0 before the year, 4 after it);
    due: quarters whose share of a yearly target is due (those ended, and the current one in its
    last three weeks); closing: whether the current quarter is in its last three weeks."""

    year: int
    today: datetime.date
    started: int
    due: int
    closing: bool

    @property
    def over(self):
        return self.today > datetime.date(self.year, 12, 31)

    @property
    def period(self):
        """The key of the quarter whose end the due share is measured at ("2026Q2"), or "" when nothing is due."""
        return f"{self.year}Q{self.due}" if self.due else ""


def checkpoint(year, today=None):
    today = today or timezone.localdate()
    if today < datetime.date(year, 1, 1):
        return Checkpoint(year, today, 0, 0, False)
    if today > datetime.date(year, 12, 31):
        return Checkpoint(year, today, 4, 4, False)
    quarter = quarter_of(today)
    closing = quarter_range(year, quarter)[1] - today < CLOSING
    return Checkpoint(year, today, quarter, quarter - 1 + (1 if closing else 0), closing)


@dataclass
class RequirementProgress:
    """One expected duty for one representative: `done` in the period that counts now (the year, or
    the current quarter), what is `expected` by now, and for a quarterly duty every quarter begun."""

    requirement: DutyRequirement
    done: int
    expected: int
    quarters: list = field(default_factory=list)  # [(quarter, done)] for a quarterly duty

    @property
    def measure(self):
        return self.requirement.measure

    @property
    def label(self):
        return Measure(self.requirement.measure).label

    @property
    def target(self):
        return self.requirement.target

    @property
    def quarterly(self):
        return self.requirement.per == DutyRequirement.Per.QUARTER

    @property
    def percent(self):
        return min(100, self.done * 100 // self.target)

    @property
    def missing(self):
        return max(0, self.target - self.done)

    @property
    def behind(self):
        return self.done < self.expected

    @property
    def met(self):
        if self.quarterly:
            return bool(self.quarters) and all(done >= self.target for _quarter, done in self.quarters)
        return self.done >= self.target

    @property
    def quarters_met(self):
        return sum(1 for _quarter, done in self.quarters if done >= self.target)

    @property
    def fulfilment(self):
        """How much of the duty is done so far, from 0 to 1 (a quarterly duty: the average over the quarters begun)."""
        if self.quarterly:
            if not self.quarters:
                return 0.0
            return sum(min(done, self.target) for _quarter, done in self.quarters) / (self.target * len(self.quarters))
        return min(self.done, self.target) / self.target


@dataclass
class ListProgress:
    duty_list: DutyList
    representative_id: int
    at: Checkpoint
    rows: list

    @property
    def ratio(self):
        """The share of the list done so far, from 0 to 1 (each duty weighs the same)."""
        return sum(row.fulfilment for row in self.rows) / len(self.rows) if self.rows else 0.0

    @property
    def completion(self):
        """The share done so far in whole percent, rounded down: 100 only when all is done."""
        return math.floor(self.ratio * 100 + 1e-9)

    @property
    def behind(self):
        return [row for row in self.rows if row.behind]

    @property
    def met_count(self):
        return sum(1 for row in self.rows if row.met)


def _expected(requirement, at):
    if requirement.per == DutyRequirement.Per.QUARTER:
        return requirement.target if at.closing or at.over else 0
    return math.ceil(requirement.target * at.due / 4)


def progress(duty_list, representative_ids, today=None, *, year_counts=None):
    """{representative_id: ListProgress} for these representatives against `duty_list` as of `today`.
    `year_counts` (archive.counts over the list's year) may be given when the caller has it."""
    ids = list(representative_ids)
    at = checkpoint(duty_list.year, today)
    requirements = list(duty_list.requirements.all())
    quarter_counts = {}
    if any(r.per == DutyRequirement.Per.QUARTER for r in requirements) and ids:
        year_counts, quarter_counts = archive.counts_by_quarter(ids, duty_list.year)
    elif year_counts is None:
        year_counts = archive.counts(ids, *archive.year_range(duty_list.year)) if ids else {}
    result = {}
    for representative_id in ids:
        rows = []
        for requirement in requirements:
            if requirement.per == DutyRequirement.Per.QUARTER:
                quarters = [(q, quarter_counts[q].get(representative_id, {}).get(requirement.measure, 0)) for q in range(1, at.started + 1)]
                done = quarters[-1][1] if quarters else 0
            else:
                quarters = []
                done = year_counts.get(representative_id, {}).get(requirement.measure, 0)
            rows.append(RequirementProgress(requirement, done, _expected(requirement, at), quarters))
        result[representative_id] = ListProgress(duty_list, representative_id, at, rows)
    return result


def list_for(congress, year):
    return DutyList.objects.filter(congress=congress, year=year).prefetch_related("requirements").first()


def serving_on(congress, day):
    """The congress's representatives whose mandate holds on `day` (those whose mandate ended are not reminded)."""
    mandates = Mandate.objects.covering(day).filter(congress=congress)
    return Representative.objects.filter(pk__in=mandates.values("representative")).order_by("name", "pk")


def serving_in(congress, year):
    """The congress's representatives with a mandate on any day of `year`."""
    mandates = Mandate.objects.filter(congress=congress).overlapping(*archive.year_range(year))
    return Representative.objects.filter(pk__in=mandates.values("representative")).order_by("name", "pk")


def current_lists(representative_ids, today=None):
    """[(duty_list, representative_id)] of this year for the congresses where each representative serves today."""
    today = today or timezone.localdate()
    mandates = (Mandate.objects.covering(today).filter(representative_id__in=list(representative_ids), congress__isnull=False)
                .order_by("congress_id").values_list("congress_id", "representative_id"))
    lists = {dl.congress_id: dl for dl in DutyList.objects.filter(congress_id__in={c for c, _r in mandates}, year=today.year)
             .select_related("congress").prefetch_related("requirements")}
    return [(lists[congress_id], representative_id) for congress_id, representative_id in mandates if congress_id in lists]


def _clean_requirements(requirements):
    cleaned, seen = [], set()
    for measure, target, per in requirements:
        if measure not in LIST_MEASURES:
            raise DutyRefused(_("This is not a duty a list can ask for."))
        if measure in seen:
            raise DutyRefused(_("Each duty appears once in a list."))
        if not isinstance(target, int) or not 1 <= target <= 999:
            raise DutyRefused(_("A target is a whole number from 1 to 999."))
        if per not in DutyRequirement.Per.values:
            raise DutyRefused(_("Choose whether the target is for the year or for every quarter."))
        seen.add(measure)
        cleaned.append((measure, target, per))
    if not cleaned:
        raise DutyRefused(_("Set at least one expected duty."))
    return cleaned


@transaction.atomic
def save_list(user, congress, year, requirements, *, note=""):
    """Set the congress's list for `year` to exactly `requirements` ([(measure, target, per)])."""
    _require_staff(_actor(user), congress)
    if not 2000 <= year <= 2100:
        raise DutyRefused(_("Choose a year between 2000 and 2100."))
    requirements = _clean_requirements(requirements)
    duty_list, _created = DutyList.objects.select_for_update().get_or_create(congress=congress, year=year, defaults={"note": note.strip()})
    if duty_list.note != note.strip():
        duty_list.note = note.strip()
        duty_list.save(update_fields=["note"])
    existing = {r.measure: r for r in duty_list.requirements.all()}
    wanted = {measure: (target, per) for measure, target, per in requirements}
    for measure, requirement in existing.items():
        if measure not in wanted:
            requirement.delete()
        elif (requirement.target, requirement.per) != wanted[measure]:
            requirement.target, requirement.per = wanted[measure]
            requirement.save(update_fields=["target", "per"])
    for measure, (target, per) in wanted.items():
        if measure not in existing:
            DutyRequirement.objects.create(duty_list=duty_list, measure=measure, target=target, per=per)
    return duty_list


@transaction.atomic
def copy_previous(user, congress, year):
    """Start `year`'s list as a copy of the year before's."""
    _require_staff(_actor(user), congress)
    previous = list_for(congress, year - 1)
    if previous is None or not previous.requirements.exists():
        raise DutyRefused(_("There is no list of %(year)s to copy.") % {"year": year - 1})
    if DutyRequirement.objects.filter(duty_list__congress=congress, duty_list__year=year).exists():
        raise DutyRefused(_("The list of %(year)s is already set; change it instead.") % {"year": year})
    return save_list(user, congress, year, [(r.measure, r.target, r.per) for r in previous.requirements.all()], note=previous.note)
