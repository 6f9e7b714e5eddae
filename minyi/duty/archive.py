"""The archive of each representative (一人一档), built from what the apps recorded, never typed twice.

Each app that records a deed registers a *source*: a function that, given representatives' ids and
a date range, returns `Record`s. The archive page, the duty list's progress, the points and the
statistics all count the same records, so they cannot disagree. Sources read in bulk (a few
queries for any number of representatives), so the congress-wide statistics cost what one
archive costs."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .models import Activity, Attendance, Invitation, LeaveRequest, Measure, SelfReport

# Measures shown under each heading of the archive, in order.
SECTIONS = (
    ("activities", (Measure.SESSION, Measure.INSPECTION, Measure.RESEARCH, Measure.LAW_ENFORCEMENT, Measure.RECEPTION,
                    Measure.CONTACT, Measure.REPORT_BACK, Measure.OTHER_ACTIVITY)),
    ("training", (Measure.TRAINING,)),
    ("opinions", (Measure.OPINION_RECEIVED, Measure.OPINION_RESOLVED)),
    ("suggestions", (Measure.SUGGESTION_RAISED, Measure.SUGGESTION_SATISFIED)),
    ("votes", (Measure.VOTE_TAKEN,)),
    ("wishes", (Measure.WISH_FULFILLED,)),
    ("absences", (Measure.ABSENCE,)),
)


@dataclass(frozen=True)
class Record:
    representative_id: int
    measure: str
    on: datetime.date
    title: str
    detail: str = ""
    # Where staff and the representative read more, as (url name, args): reversed only when a page
    # shows it (counting a congress's records must not pay for thousands of URLs). Public pages never link it.
    link: tuple = ()
    # Shown on the public duty record (代表法 第58条); an absence or a pending matter is not.
    public: bool = True
    # The deed's own key, so the same deed never counts twice for one person.
    key: str = ""

    @property
    def url(self):
        return reverse(self.link[0], args=self.link[1]) if self.link else ""


_SOURCES = []


def source(function=None, *, first=False):
    """Register a function (representative_ids, start_date, end_date) -> iterable of Record. With
    `first=True` its records win over another source's record of the same deed (same measure and
    key): a report back stands for the attendance at its own meeting, with its satisfaction rate."""
    def register(function):
        if first:
            _SOURCES.insert(0, function)
        else:
            _SOURCES.append(function)
        return function

    return register(function) if function is not None else register


def _day_bounds(start, end):
    zone = timezone.get_current_timezone()
    return (datetime.datetime.combine(start, datetime.time.min, zone),
            datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone))


def _local_date(moment, zone=None):
    return moment.astimezone(zone or timezone.get_current_timezone()).date()


def records(representative_ids, start, end):
    """Every record of these representatives from `start` to `end` (dates, both included), newest first."""
    ids = list(representative_ids)
    if not ids:
        return []
    found, seen = [], set()
    for function in _SOURCES:
        for record in function(ids, start, end):
            identity = (record.representative_id, record.measure, record.key or (record.on, record.title))
            if identity not in seen and start <= record.on <= end:
                seen.add(identity)
                found.append(record)
    found.sort(key=lambda r: (r.on, r.measure, r.title), reverse=True)
    return found


def counts(representative_ids, start, end):
    """{representative_id: Counter({measure: number})}."""
    result = defaultdict(Counter)
    for record in records(representative_ids, start, end):
        result[record.representative_id][record.measure] += 1
    return result


def counts_by_quarter(representative_ids, year):
    """(counts over the year, {quarter: counts}) from one reading of the year's records."""
    whole, quarters = defaultdict(Counter), {q: defaultdict(Counter) for q in range(1, 5)}
    for record in records(representative_ids, *year_range(year)):
        whole[record.representative_id][record.measure] += 1
        quarters[(record.on.month - 1) // 3 + 1][record.representative_id][record.measure] += 1
    return whole, quarters


def year_range(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


@dataclass
class Archive:
    representative: object
    start: datetime.date
    end: datetime.date
    records: list
    counts: Counter = field(default_factory=Counter)

    def sections(self):
        """[(section key, [(measure, label, count, [records])])] with only the measures that have records."""
        by_measure = defaultdict(list)
        for record in self.records:
            by_measure[record.measure].append(record)
        result = []
        for key, measures in SECTIONS:
            rows = [(m.value, m.label, len(by_measure[m.value]), by_measure[m.value]) for m in measures if by_measure[m.value]]
            if rows:
                result.append((key, rows))
        return result

    def summary(self):
        """{measure: count} in the measures' order, for a report back and the exports."""
        return {m.value: self.counts[m.value] for m in Measure if self.counts[m.value]}


def build(representative, start, end, *, public_only=False):
    found = [r for r in records([representative.pk], start, end) if r.public or not public_only]
    return Archive(representative, start, end, found, Counter(r.measure for r in found))


def years_of(representative):
    """The years from the representative's first mandate to this year, newest first."""
    first = representative.mandates.order_by("start").values_list("start", flat=True).first()
    this_year = timezone.localdate().year
    first_year = min(first.year if first else this_year, this_year)
    return list(range(this_year, first_year - 1, -1))


def terms_of(representative):
    """[(term, start, end)] of the representative's mandates, newest first."""
    result = []
    for mandate in representative.mandates.select_related("term__congress").order_by("-start"):
        if mandate.term_id and all(t.pk != mandate.term_id for t, _s, _e in result):
            result.append((mandate.term, mandate.term.start, mandate.term.end or timezone.localdate()))
    return result


# --- The sources of this app ---------------------------------------------------------------------


ACTIVITY_MEASURE = {kind: kind for kind in Activity.Kind.values}


@source
def attended_activities(representative_ids, start, end):
    since, until = _day_bounds(start, end)
    rows = (Attendance.objects.filter(representative_id__in=representative_ids, state=Attendance.State.CONFIRMED,
                                      activity__starts_at__gte=since, activity__starts_at__lt=until)
            .values_list("representative_id", "activity_id", "activity__kind", "activity__title", "activity__starts_at",
                         "activity__place", "activity__public"))
    zone = timezone.get_current_timezone()
    for representative_id, activity_id, kind, title, starts_at, place, public in rows:
        yield Record(representative_id, ACTIVITY_MEASURE[kind], _local_date(starts_at, zone), title, detail=place,
                     link=("duty:rep_activity", (activity_id,)), public=public, key=f"activity:{activity_id}")


@source
def confirmed_self_reports(representative_ids, start, end):
    for report in SelfReport.objects.filter(representative_id__in=representative_ids, state=SelfReport.State.CONFIRMED,
                                            happened_on__gte=start, happened_on__lte=end):
        yield Record(report.representative_id, ACTIVITY_MEASURE[report.kind], report.happened_on, report.title, detail=report.place,
                     key=f"self:{report.pk}")


@source
def missed_sessions(representative_ids, start, end):
    since, until = _day_bounds(start, end)
    until = min(until, timezone.now())
    invitations = Invitation.objects.filter(
        representative_id__in=representative_ids, activity__kind=Activity.Kind.SESSION, activity__ends_at__lt=until,
        activity__starts_at__gte=since).select_related("activity")
    present = set(Attendance.objects.filter(representative_id__in=representative_ids, state=Attendance.State.CONFIRMED,
                                            activity__kind=Activity.Kind.SESSION, activity__starts_at__gte=since)
                  .values_list("activity_id", "representative_id"))
    excused = set(LeaveRequest.objects.filter(representative_id__in=representative_ids, state=LeaveRequest.State.APPROVED,
                                              activity__starts_at__gte=since).values_list("activity_id", "representative_id"))
    for invitation in invitations:
        key = (invitation.activity_id, invitation.representative_id)
        if key not in present and key not in excused:
            yield Record(invitation.representative_id, Measure.ABSENCE, _local_date(invitation.activity.starts_at),
                         invitation.activity.title, public=False, key=f"absence:{invitation.activity_id}")


def _status_labels(kind):
    """{status: label} of a kind of matter, looked up once for a whole reading."""
    from minyi.matters.policies import registry

    return {key: str(state.label) for key, state in registry.get(kind).states.items()}


@source
def opinions_received(representative_ids, start, end):
    from minyi.matters.models import Matter, TimelineEvent

    since, until = _day_bounds(start, end)
    labels = _status_labels("opinion")
    matters = (Matter.objects.filter(kind="opinion", representative_id__in=representative_ids, created_at__gte=since, created_at__lt=until)
               .values_list("representative_id", "id", "title", "status", "created_at"))
    zone = timezone.get_current_timezone()
    for representative_id, matter_id, title, status, created_at in matters:
        yield Record(representative_id, Measure.OPINION_RECEIVED, _local_date(created_at, zone), title, detail=labels.get(status, status),
                     link=("opinions:rep_detail", (matter_id,)), key=f"matter:{matter_id}")
    resolved = (TimelineEvent.objects.filter(action="resolve_on_spot", matter__representative_id__in=representative_ids, at__gte=since, at__lt=until)
                .values_list("matter__representative_id", "matter_id", "matter__title", "at"))
    for representative_id, matter_id, title, at in resolved:
        yield Record(representative_id, Measure.OPINION_RESOLVED, _local_date(at, zone), title,
                     link=("opinions:rep_detail", (matter_id,)), key=f"matter:{matter_id}")


SUGGESTION_DRAFTS = ("collecting", "withdrawn", "returned")


@source
def suggestions_raised(representative_ids, start, end):
    from minyi.matters.documents import status_label as label_of_status
    from minyi.matters.models import Evaluation, Rating
    from minyi.suggestions.models import Signer

    since, until = _day_bounds(start, end)
    signers = (Signer.objects.filter(representative_id__in=representative_ids, suggestion__matter__created_at__gte=since,
                                     suggestion__matter__created_at__lt=until)
               .filter(Q(state=Signer.State.CONFIRMED) | Q(is_lead=True))
               .exclude(suggestion__matter__status__in=SUGGESTION_DRAFTS)
               .select_related("suggestion__matter"))
    signers = list(signers)
    satisfied = {}
    for evaluation in Evaluation.objects.filter(matter_id__in={s.suggestion_id for s in signers}).order_by("at"):
        satisfied[evaluation.matter_id] = (evaluation.rating in (Rating.SATISFIED, Rating.BASICALLY_SATISFIED), evaluation.at)
    for signer in signers:
        matter = signer.suggestion.matter
        title = f"{signer.suggestion.number_label} {matter.title}".strip()
        link = ("suggestions:rep_detail", (matter.pk,))
        yield Record(signer.representative_id, Measure.SUGGESTION_RAISED, _local_date(matter.created_at), title,
                     detail=label_of_status(matter), link=link, key=f"matter:{matter.pk}")
        happy, at = satisfied.get(matter.pk, (False, None))
        if happy and matter.representative_id == signer.representative_id:
            yield Record(signer.representative_id, Measure.SUGGESTION_SATISFIED, _local_date(at), title, link=link, key=f"matter:{matter.pk}")


@source
def votes_taken(representative_ids, start, end):
    """That the representative voted, never how: the elector row, not the ballot."""
    from minyi.voting.models import Elector

    since, until = _day_bounds(start, end)
    electors = (Elector.objects.filter(representative_id__in=representative_ids, vote__opened_at__gte=since, vote__opened_at__lt=until)
                .exclude(method="").select_related("vote").only("representative_id", "vote__title", "vote__opened_at", "vote_id"))
    for elector in electors:
        yield Record(elector.representative_id, Measure.VOTE_TAKEN, _local_date(elector.vote.opened_at), elector.vote.title,
                     key=f"vote:{elector.vote_id}")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str
    # The query that selects it again (for links: the PDF of the same period).
    query: str
    year: int | None = None


def choose_period(representative, params):
    """The period a page asks for with ?year=, ?term= or ?all=1; this year when it asks for none or
    for one the representative did not serve in."""
    from django.utils.translation import gettext

    years = years_of(representative)
    terms = terms_of(representative)
    if params.get("all") == "1":
        first = min(years)
        return Period(datetime.date(first, 1, 1), timezone.localdate(), gettext("All years"), "all=1")
    term_id = params.get("term", "")
    for term, start, end in terms:
        if term_id == str(term.pk):
            return Period(start, end, str(term), f"term={term.pk}")
    year = params.get("year", "")
    year = int(year) if year.isdigit() and int(year) in years else years[0]
    start, end = year_range(year)
    return Period(start, end, gettext("Year %(year)d") % {"year": year}, f"year={year}", year)
