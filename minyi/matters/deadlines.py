"""Deadline colours and the sweep that records them.

`deadline_status` says normal / approaching / overdue for the deadline running on an assignment
(signing while unsigned, handling once signed). `sweep` stores the colour on each open assignment,
claiming each change with a conditional UPDATE so several workers never record it twice, and
appends one timeline event per change."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minyi.workdays.calendar import Calendar, local_date

from . import events
from .models import Assignment, DeadlineState, Matter, TimelineEvent
from .policies import registry

NORMAL, APPROACHING, OVERDUE = DeadlineState.NORMAL, DeadlineState.APPROACHING, DeadlineState.OVERDUE


def deadline_status(assignment, now=None, *, calendar=None):
    due, start = assignment.running_due()
    if due is None:
        return NORMAL
    today = local_date(now or timezone.now())
    if today > due:
        return OVERDUE
    calendar = calendar or Calendar(assignment.matter.owner_congress_id)
    period = calendar.workdays_between(start, due)
    window = registry.get(assignment.matter.kind).warning_window(period)
    return APPROACHING if calendar.workdays_between(today, due) <= window else NORMAL


def sweep(now=None):
    """Mark every open assignment's deadline colour; returns {"approaching": n, "overdue": n}."""
    now = now or timezone.now()
    counts = {APPROACHING.value: 0, OVERDUE.value: 0, NORMAL.value: 0}
    calendars = {}
    rows = (
        Assignment.objects.filter(state__in=Assignment.OPEN_STATES)
        .exclude(deadline_state=OVERDUE)
        .select_related("matter")
        .only("id", "state", "deadline_state", "sign_due", "handle_due", "assigned_at", "matter__kind", "matter__owner_congress_id", "matter_id", "unit_id")
    )
    for assignment in rows.iterator(chunk_size=2000):
        congress_id = assignment.matter.owner_congress_id
        calendar = calendars.get(congress_id) or calendars.setdefault(congress_id, Calendar(congress_id))
        new = deadline_status(assignment, now, calendar=calendar)
        if new == assignment.deadline_state:
            continue
        with transaction.atomic():
            claimed = Assignment.objects.filter(pk=assignment.pk, state=assignment.state, deadline_state=assignment.deadline_state).update(
                deadline_state=new
            )
            if not claimed:
                continue  # another worker recorded it, or the unit acted meanwhile
            due, _start = assignment.running_due()
            event = TimelineEvent.objects.create(
                matter_id=assignment.matter_id,
                action=f"deadline_{new}",
                actor_label=str(_("System")),
                visibility=TimelineEvent.Visibility.INTERNAL,
                data={"assignment": assignment.pk, "unit": assignment.unit_id, "due": str(due), "state": assignment.state},
            )
            Matter.objects.filter(pk=assignment.matter_id).update(version=F("version") + 1)
            events.emit({"event_id": event.pk, "matter_id": assignment.matter_id, "kind": assignment.matter.kind,
                         "action": event.action, "from_status": "", "to_status": "", "visibility": event.visibility})
        counts[new] += 1
    return counts

