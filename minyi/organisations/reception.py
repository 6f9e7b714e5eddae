"""When a station receives citizens, and who is on duty then.

`compute_reception_days` is a pure function of rules and exceptions (saved or not), so the
timetable can be previewed while it is being edited; `reception_days` reads a station's own."""

import datetime
from typing import NamedTuple

from django.db.models import Count, Max

ONE_DAY = datetime.timedelta(days=1)


class Reception(NamedTuple):
    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time


def _receptions_by_rule(rules, day):
    return {Reception(day, rule.start_time, rule.end_time) for rule in rules if rule.applies_on(day)}


def compute_reception_days(rules, exceptions, start, end):
    """Receptions from `start` to `end` (both included), in date and time order.

    The rules give the usual days. An exception on one of those days cancels its receptions or
    moves them, at the same times, to its `moved_to` date; a reception moved into the range
    from a day outside it is included, one moved out of the range is not."""
    rules = list(rules)
    exceptions = {exception.date: exception for exception in exceptions}
    found = set()
    day = start
    while day <= end:
        if day not in exceptions:
            found |= _receptions_by_rule(rules, day)
        day += ONE_DAY
    for exception in exceptions.values():
        if exception.moved_to is not None and start <= exception.moved_to <= end:
            found |= {reception._replace(date=exception.moved_to) for reception in _receptions_by_rule(rules, exception.date)}
    return sorted(found)


def reception_days(station, start, end):
    return compute_reception_days(station.reception_rules.all(), station.reception_exceptions.all(), start, end)


def propose_duty_rotation(station, start, end, *, per_day=1):
    """[(date, [representatives])] for each reception day from `start` to `end`.

    Days that already have a roster keep it. On the others, the representatives assigned to the
    station that day take turns: whoever has gone longest without duty at this station goes
    next; among those last on duty the same day, whoever has served fewer days; then the
    longest-registered. Never-rostered newcomers come first. So the rotation stays fair when
    people join or leave and carries on from one month's roster to the next."""
    from .models import DutyRoster

    days = sorted({reception.date for reception in reception_days(station, start, end)})
    if not days:
        return []
    assignments = list(station.assignments.overlapping(days[0], days[-1]).select_related("representative"))
    rostered = {}
    for entry in DutyRoster.objects.filter(station=station, date__in=days).select_related("representative"):
        rostered.setdefault(entry.date, []).append(entry.representative)
    last_duty, days_served = {}, {}
    earlier = DutyRoster.objects.filter(station=station, date__lt=days[0]).values("representative")
    for person_id, last, served in earlier.annotate(last=Max("date"), served=Count("id")).values_list("representative", "last", "served"):
        last_duty[person_id], days_served[person_id] = last, served
    proposal = []
    for day in days:
        if day in rostered:
            on_duty = rostered[day]
        else:
            assigned = {a.representative.pk: a.representative for a in assignments if a.covers(day)}
            in_turn = sorted(
                assigned.values(),
                key=lambda person: (last_duty.get(person.pk, datetime.date.min), days_served.get(person.pk, 0), person.pk),
            )
            on_duty = in_turn[:per_day]
        for person in on_duty:
            last_duty[person.pk] = day
            days_served[person.pk] = days_served.get(person.pk, 0) + 1
        proposal.append((day, on_duty))
    return proposal
