"""What each figure asks of one matter, read from the engine's tables in batches.

The definitions, once for every figure, cockpit list and export:

- collected: every matter; month = the month (local time) it was collected;
- resolved on the spot: a representative resolved it on the spot (a "resolve_on_spot" step);
- converted: it was taken up into a matter of another kind (an opinion into a suggestion);
- assigned: some unit was ever assigned to it;
- completed: a reply came (replied_at) or it was closed;
- evaluated / satisfied: the latest evaluation, satisfied meaning 满意 or 基本满意;
- due replied / on time: the current lead assignment had a handling deadline and replied, on or
  before that deadline (an approved extension moves the deadline itself);
- overdue now: an open assignment's deadline colour is overdue; open now: not in a final state;
- handling days: from collection to the first reply (or the closing), calendar and working days
  (the holding congress's calendar; unknown holiday years leave working days empty);
- unit: the current lead unit; group: the representative's group in the holding congress;
- keywords: up to three words of the text that say most (rarest in jieba's dictionary)."""

import datetime

from django.db.models import Q

from minyi.matters.models import Assignment, DeadlineState, Evaluation, Matter, Rating, TimelineEvent
from minyi.matters.policies import registry
from minyi.regions.codes import InvalidCode, parse_code
from minyi.representatives.models import Mandate
from minyi.workdays.calendar import Calendar, local_date

from . import keywords
from .models import FLAGS, MatterFact

SATISFIED = (Rating.SATISFIED, Rating.BASICALLY_SATISFIED)
FACT_FIELDS = [f.attname for f in MatterFact._meta.concrete_fields]
MATTER_FIELDS = (
    "pk", "kind", "region_code", "category", "channel", "station_id", "representative_id", "owner_congress_id", "status",
    "converted_to_id", "replied_at", "closed_at", "created_at", "search_text",
)


class _Calendars(dict):
    def __missing__(self, congress_id):
        self[congress_id] = Calendar(congress_id)
        return self[congress_id]


def month_of(moment):
    day = local_date(moment)
    return datetime.date(day.year, day.month, 1)


def _terminal(kind, status):
    policy = registry.get(kind) if kind in registry else None
    state = policy.states.get(status) if policy else None
    return bool(state and state.terminal)


def _lead(assignments):
    """The current lead assignment: the latest round's lead that was not withdrawn, else the latest lead."""
    leads = [a for a in assignments if a["role"] == Assignment.Role.LEAD]
    live = [a for a in leads if a["state"] != Assignment.State.WITHDRAWN] or leads
    return max(live, key=lambda a: (a["round"], a["pk"])) if live else None


def compute(matter_ids, *, calendars=None):
    """{matter_id: MatterFact (unsaved)} for the matters of `matter_ids` that exist."""
    calendars = calendars if calendars is not None else _Calendars()
    rows = list(Matter.objects.filter(pk__in=matter_ids).values(*MATTER_FIELDS))
    ids = [row["pk"] for row in rows]
    assignments = {}
    for a in Assignment.objects.filter(matter_id__in=ids).values(
        "pk", "matter_id", "unit_id", "role", "state", "round", "handle_due", "replied_at", "deadline_state"
    ):
        assignments.setdefault(a["matter_id"], []).append(a)
    latest_rating = {}
    for matter_id, rating in (
        Evaluation.objects.filter(matter_id__in=ids).order_by("matter_id", "round", "at", "pk").values_list("matter_id", "rating")
    ):
        latest_rating[matter_id] = rating
    on_spot = set(
        TimelineEvent.objects.filter(matter_id__in=ids, action="resolve_on_spot").values_list("matter_id", flat=True)
    )
    places = keywords.place_words()
    groups = _groups({(row["representative_id"], row["owner_congress_id"]) for row in rows if row["representative_id"]})

    facts = {}
    for row in rows:
        try:
            code, level = parse_code(row["region_code"])
        except InvalidCode:
            continue  # a matter without a valid region cannot be placed in any region's figures
        mine = assignments.get(row["pk"], [])
        lead = _lead(mine)
        rating = latest_rating.get(row["pk"])
        finished_at = row["replied_at"] or row["closed_at"]
        completed = row["replied_at"] is not None or row["status"] == "closed"
        due_replied = bool(lead and lead["handle_due"] and lead["replied_at"])
        fact = MatterFact(
            matter_id=row["pk"],
            kind=row["kind"],
            region_code=code,
            level=level,
            month=month_of(row["created_at"]),
            created_at=row["created_at"],
            category=row["category"] or "",
            channel=row["channel"] or "",
            station_id=row["station_id"],
            unit_id=lead["unit_id"] if lead else None,
            group_id=groups.get((row["representative_id"], row["owner_congress_id"])),
            keywords=" ".join(keywords.of(row["search_text"], places)),
            resolved_on_spot=row["pk"] in on_spot,
            converted=row["converted_to_id"] is not None,
            assigned=bool(mine),
            completed=completed,
            evaluated=rating is not None,
            satisfied=rating in SATISFIED,
            due_replied=due_replied,
            on_time=due_replied and local_date(lead["replied_at"]) <= lead["handle_due"],
            overdue_now=any(a["state"] in Assignment.OPEN_STATES and a["deadline_state"] == DeadlineState.OVERDUE for a in mine),
            open_now=not _terminal(row["kind"], row["status"]),
        )
        if completed and finished_at:
            fact.days_calendar = max(0, (local_date(finished_at) - local_date(row["created_at"])).days)
            try:
                fact.days_working = calendars[row["owner_congress_id"]].workdays_between(row["created_at"], finished_at)
            except (NotImplementedError, KeyError, ValueError):
                fact.days_working = None  # a year the holiday calendar does not know
        facts[row["pk"]] = fact
    return facts


def _groups(pairs):
    """{(representative_id, congress_id): group_id} from their mandates in that congress, the latest first."""
    if not pairs:
        return {}
    condition = Q()
    for representative_id, congress_id in pairs:
        condition |= Q(representative_id=representative_id, congress_id=congress_id)
    found = {}
    for representative_id, congress_id, group_id in (
        Mandate.objects.filter(condition, group__isnull=False).order_by("start").values_list("representative_id", "congress_id", "group_id")
    ):
        found[(representative_id, congress_id)] = group_id
    return found


def as_values(fact):
    """The fact's values as a tuple in FACT_FIELDS order, for comparing two facts."""
    return tuple(getattr(fact, name) for name in FACT_FIELDS)


def flags_of(fact):
    return {name: int(getattr(fact, name)) if name != "collected" else 1 for name in FLAGS}
