"""Deadline reminders (催办) and the escalation of overdue assignments (督办提醒).

The deadline sweep calls `reminder_data` inside the transaction that claims a colour change:
one internal "reminder" timeline event per change to approaching or overdue, whose data says to
whom (the unit's people; for overdue also the holding congress's staff, who supervise) and why.
After commit the worker turns those events into notifications (`send`); the event exists exactly
once per change because the change itself is claimed exactly once."""

import logging

from django.db import transaction

from .models import DeadlineState, TimelineEvent
from .notify import congress_staff_ids, describe, link_for, message, unit_people_ids

log = logging.getLogger(__name__)

APPROACHING, OVERDUE = DeadlineState.APPROACHING.value, DeadlineState.OVERDUE.value


def reminder_data(changes):
    """(change, data) for each change that needs someone to act (approaching, overdue): the data of
    its "reminder" timeline event, naming the people reminded and why."""
    wanted = [change for change in changes if change.new in (APPROACHING, OVERDUE)]
    if not wanted:
        return []
    unit_people = unit_people_ids({change.unit_id for change in wanted})
    staff = congress_staff_ids({change.congress_id for change in wanted if change.new == OVERDUE})
    result = []
    for change in wanted:
        overdue = change.new == OVERDUE
        result.append((change, {
            "why": change.new,  # "approaching" or "overdue"
            "deadline": "sign" if change.state == "assigned" else "handle",
            "due": str(change.due),
            "assignment": change.assignment_id,
            "unit": change.unit_id,
            "congress": change.congress_id if overdue else None,
            "to_unit": sorted(unit_people.get(change.unit_id, ())),
            "to_staff": sorted(staff.get(change.congress_id, ())) if overdue else [],
        }))
    return result


def enqueue(event_ids):
    """After commit: hand the reminders to the worker. If its queue cannot be reached the
    notification rows are written here instead; their email and SMS wait for the worker's sweep."""
    from . import tasks

    try:
        tasks.send_reminders(list(event_ids))
    except Exception:
        log.warning("matters: could not enqueue %d reminders; writing them without the worker", len(event_ids), exc_info=True)
        send(event_ids)


def send(event_ids):
    """Notify the people each reminder event names. Returns how many notifications were written."""
    from django.contrib.auth import get_user_model

    from minyi.notifications import services as notifications
    from minyi.organisations.models import Unit

    reminders = list(TimelineEvent.objects.filter(pk__in=event_ids, action="reminder").select_related("matter"))
    user_ids = {uid for event in reminders for uid in event.data.get("to_unit", []) + event.data.get("to_staff", [])}
    users = get_user_model().objects.in_bulk(user_ids)
    units = Unit.objects.in_bulk({event.data.get("unit") for event in reminders})
    written = 0
    with transaction.atomic():
        for event in reminders:
            data, matter = event.data, event.matter
            unit = units.get(data.get("unit"))
            words = describe(matter) | {"due": data.get("due", ""), "unit": unit.name if unit else ""}
            overdue = data.get("why") == OVERDUE
            to_unit = [users[uid] for uid in data.get("to_unit", []) if uid in users]
            to_staff = [users[uid] for uid in data.get("to_staff", []) if uid in users]
            unit_note = message("matter.overdue" if overdue else "matter.deadline_approaching", words, sign=data.get("deadline") == "sign")
            written += len(notifications.notify(to_unit, unit_note.kind, unit_note.title, unit_note.body, link_for(matter, "unit")))
            if to_staff:
                staff_note = message("matter.overdue_escalated", words)
                written += len(notifications.notify(to_staff, staff_note.kind, staff_note.title, staff_note.body, link_for(matter, "staff")))
    return written
