"""The evaluation of representatives' duty (履职积分): each congress sets points per measure the
archive counts (a negative value deducts, e.g. a session missed without approved leave), and a
representative's score for a year is the sum of points × counts plus the staff's adjustments, each
with its reason. Ranks: within the representatives' group of the mandate and overall; equal scores
share a rank and the next rank skips (1, 2, 2, 4)."""

import decimal
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.representatives.models import Mandate

from . import archive
from .models import Measure, PointsRule, ScoreAdjustment
from .services import DutyRefused, _actor, _require_staff, _user

ZERO = decimal.Decimal("0")
POINTS_LIMIT = decimal.Decimal("100")

# Offered when a congress sets its scheme for the first time; each congress changes them as it sees fit.
DEFAULT_POINTS = {
    Measure.SESSION: "2", Measure.INSPECTION: "3", Measure.RESEARCH: "3", Measure.LAW_ENFORCEMENT: "3", Measure.RECEPTION: "3",
    Measure.TRAINING: "1", Measure.CONTACT: "2", Measure.REPORT_BACK: "5", Measure.OTHER_ACTIVITY: "1", Measure.OPINION_RECEIVED: "1",
    Measure.OPINION_RESOLVED: "2", Measure.SUGGESTION_RAISED: "5", Measure.SUGGESTION_SATISFIED: "2", Measure.VOTE_TAKEN: "1",
    Measure.WISH_FULFILLED: "2", Measure.ABSENCE: "-2",
}
DEFAULT_POINTS = {measure.value: decimal.Decimal(points) for measure, points in DEFAULT_POINTS.items()}


def scheme(congress):
    """{measure: points} the congress has set; measures without a rule score nothing."""
    return {rule.measure: rule.points for rule in PointsRule.objects.filter(congress=congress)}


def _points(value):
    try:
        number = decimal.Decimal(str(value))
    except (decimal.InvalidOperation, ValueError):
        raise DutyRefused(_("Points are a number such as 2, 0.5 or -2.")) from None
    if not number.is_finite() or abs(number) > POINTS_LIMIT or number != number.quantize(decimal.Decimal("0.1")):
        raise DutyRefused(_("Points are between -100 and 100, with at most one decimal."))
    return number.quantize(decimal.Decimal("0.1"))


@transaction.atomic
def save_scheme(user, congress, points):
    """Set the congress's points to `points` ({measure: number or None}); None or a missing measure scores nothing."""
    _require_staff(_actor(user), congress)
    wanted = {}
    for measure, value in points.items():
        if measure not in Measure.values:
            raise DutyRefused(_("This is not something the archive counts."))
        if value is not None and value != "":
            wanted[measure] = _points(value)
    existing = {rule.measure: rule for rule in PointsRule.objects.select_for_update().filter(congress=congress)}
    for measure, rule in existing.items():
        if measure not in wanted:
            rule.delete()
        elif rule.points != wanted[measure]:
            rule.points = wanted[measure]
            rule.save(update_fields=["points"])
    for measure, value in wanted.items():
        if measure not in existing:
            PointsRule.objects.create(congress=congress, measure=measure, points=value)
    return scheme(congress)


def mandates_in(congress, year):
    """{representative_id: the mandate in the congress that holds last in `year`}, for the group."""
    found = {}
    mandates = (Mandate.objects.filter(congress=congress).overlapping(*archive.year_range(year))
                .select_related("representative", "group").order_by("representative_id", "start"))
    for mandate in mandates:
        found[mandate.representative_id] = mandate
    return found


def rank(values):
    """Competition ranks of `values` (highest first): equal values share a rank, the next one skips."""
    ordered = sorted(values, reverse=True)
    first = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return [first[value] for value in values]


@dataclass
class Score:
    representative: object
    group: object
    mandate: object
    counts: Counter
    from_counts: decimal.Decimal
    adjustment: decimal.Decimal
    rank: int = 0
    group_rank: int | None = None
    group_size: int = 0

    @property
    def total(self):
        return self.from_counts + self.adjustment


def points_from(counts, points):
    return sum((points.get(measure, ZERO) * number for measure, number in counts.items()), ZERO)


def scores(congress, year, *, year_counts=None):
    """Every representative serving in the congress in `year`, with the score and ranks, best first
    (equal scores by name). `year_counts` (archive.counts over the year) may be given."""
    mandates = mandates_in(congress, year)
    ids = list(mandates)
    if year_counts is None:
        year_counts = archive.counts(ids, *archive.year_range(year)) if ids else {}
    points = scheme(congress)
    adjustments = dict(ScoreAdjustment.objects.filter(congress=congress, year=year, representative_id__in=ids)
                       .values("representative_id").annotate(total=Sum("points")).values_list("representative_id", "total"))
    rows = []
    for representative_id, mandate in mandates.items():
        counts = Counter(year_counts.get(representative_id, {}))
        rows.append(Score(mandate.representative, mandate.group, mandate, counts, points_from(counts, points),
                          adjustments.get(representative_id) or ZERO))
    for row, place in zip(rows, rank([row.total for row in rows])):
        row.rank = place
    by_group = {}
    for row in rows:
        if row.group is not None:
            by_group.setdefault(row.group.pk, []).append(row)
    for members in by_group.values():
        for row, place in zip(members, rank([row.total for row in members])):
            row.group_rank, row.group_size = place, len(members)
    rows.sort(key=lambda row: (row.rank, row.representative.name, row.representative.pk))
    return rows


@dataclass
class Breakdown:
    score: Score
    rows: list = field(default_factory=list)  # [(measure, label, count, points each, subtotal)]
    adjustments: list = field(default_factory=list)


def breakdown(congress, representative, year):
    """One representative's score: each measure with its count, points and subtotal, and the adjustments."""
    found = next((row for row in scores(congress, year) if row.representative.pk == representative.pk), None)
    if found is None:
        return None
    points = scheme(congress)
    rows = []
    for measure in Measure:
        count, each = found.counts.get(measure.value, 0), points.get(measure.value)
        if count or each:
            rows.append((measure.value, measure.label, count, each, (each or ZERO) * count))
    adjustments = list(ScoreAdjustment.objects.filter(congress=congress, year=year, representative=representative).select_related("by"))
    return Breakdown(found, rows, adjustments)


@transaction.atomic
def adjust(user, congress, representative, year, *, points, reason):
    """A staff correction of a representative's score for `year`, with its reason."""
    actor = _actor(user)
    _require_staff(actor, congress)
    reason = (reason or "").strip()
    if not reason:
        raise DutyRefused(_("Give the reason for the adjustment."))
    number = _points(points)
    if number == 0:
        raise DutyRefused(_("An adjustment adds or deducts points: zero changes nothing."))
    if representative.pk not in mandates_in(congress, year):
        raise DutyRefused(_("%(name)s did not serve in this congress in %(year)s.") % {"name": representative.name, "year": year})
    return ScoreAdjustment.objects.create(congress=congress, representative=representative, year=year, points=number, reason=reason[:300],
                                          by=_user(actor), at=timezone.now())
