"""Deadline colours and the sweep that records them.

`deadline_status` says normal / approaching / overdue for the deadline running on an assignment
(signing while unsigned, handling once signed). `sweep` stores the colour on each open assignment
and, for each change, appends a timeline event and a reminder (to the unit; an overdue one also to
the holding congress's staff, who supervise).

The sweep reads every open assignment once as plain tuples and computes colours with one calendar
per congress and a cache per (congress, kind, start, due), so 100,000 assignments take seconds.
Changes are written in batches: each batch claims its rows with an UPDATE filtered on the colour it
read (SQLite's IMMEDIATE transactions serialise the same way), so two workers sweeping at once never
record the same change twice; timeline events are inserted in bulk."""

import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minyi.workdays.calendar import Calendar, local_date

from . import events
from .models import Assignment, DeadlineState, TimelineEvent
from .policies import registry

NORMAL, APPROACHING, OVERDUE = DeadlineState.NORMAL, DeadlineState.APPROACHING, DeadlineState.OVERDUE
BATCH_SIZE = 2000


def _colour(today, due, start, kind, calendar):
    if today > due:
        return OVERDUE
    period = calendar.workdays_between(local_date(start), due)
    window = registry.get(kind).warning_window(period)
    return APPROACHING if calendar.workdays_between(today, due) <= window else NORMAL


def deadline_status(assignment, now=None, *, calendar=None):
    due, start = assignment.running_due()
    if due is None:
        return NORMAL
    today = local_date(now or timezone.now())
    if today > due:
        return OVERDUE
    calendar = calendar or Calendar(assignment.matter.owner_congress_id)
    return _colour(today, due, start, assignment.matter.kind, calendar)


@dataclass(frozen=True)
class Change:
    """One assignment whose colour differs from the stored one, as one sweep saw it."""

    assignment_id: int
    state: str
    old: str
    new: str
    due: object
    matter_id: int
    unit_id: int
    kind: str
    congress_id: int


def scan(now=None):
    """Every open assignment whose stored colour is out of date: a list of Change. Reads only."""
    today = local_date(now or timezone.now())
    calendars, cache, changes = {}, {}, []
    rows = (
        Assignment.objects.filter(state__in=Assignment.OPEN_STATES)
        .exclude(deadline_state=OVERDUE)
        .order_by()
        .values_list(
            "pk", "state", "deadline_state", "sign_due", "handle_due", "assigned_at", "matter_id", "unit_id", "matter__kind",
            "matter__owner_congress_id",
        )
    )
    for pk, state, old, sign_due, handle_due, assigned_at, matter_id, unit_id, kind, congress_id in rows.iterator(chunk_size=5000):
        due = sign_due if state == Assignment.State.ASSIGNED else handle_due
        if due is None:
            new = NORMAL
        elif today > due:
            new = OVERDUE
        else:
            start = local_date(assigned_at)
            key = (congress_id, kind, start, due)
            new = cache.get(key)
            if new is None:
                calendar = calendars.get(congress_id) or calendars.setdefault(congress_id, Calendar(congress_id))
                new = cache[key] = _colour(today, due, start, kind, calendar)
        if new != old:
            changes.append(Change(pk, state, old, new, due, matter_id, unit_id, kind, congress_id))
    return changes


def record(changes):
    """Store the changes the caller found, claiming each first: a change another worker already
    recorded (or that the unit overtook by signing) is skipped. Returns {colour: count}."""
    from . import reminders

    counts = {APPROACHING.value: 0, OVERDUE.value: 0, NORMAL.value: 0}
    system = str(_("System"))
    for start in range(0, len(changes), BATCH_SIZE):
        batch = changes[start:start + BATCH_SIZE]
        with transaction.atomic():
            claimed = _claim(batch)
            if not claimed:
                continue
            at = timezone.now()
            rows = [
                (change.matter_id, f"deadline_{change.new}",
                 {"assignment": change.assignment_id, "unit": change.unit_id, "due": str(change.due), "state": change.state})
                for change in claimed
            ]
            rows += [(change.matter_id, "reminder", data) for change, data in reminders.reminder_data(claimed)]
            # Matters' versions stay as they are: a colour is no change to what anyone may do next,
            # and a staff member's click should not be refused because the sweep passed meanwhile.
            created = _insert_events(at, system, rows)
            kinds = {change.matter_id: change.kind for change in claimed}
            payloads = [
                {"event_id": pk, "matter_id": matter_id, "kind": kinds[matter_id], "action": action, "from_status": "", "to_status": "",
                 "visibility": TimelineEvent.Visibility.INTERNAL.value}
                for pk, matter_id, action in created if action != "reminder"
            ]
            reminder_ids = sorted(pk for pk, _matter_id, action in created if action == "reminder")
            transaction.on_commit(lambda payloads=payloads: [events._dispatch(payload) for payload in payloads])
            if reminder_ids:
                transaction.on_commit(lambda ids=reminder_ids: reminders.enqueue(ids))
        for change in claimed:
            counts[change.new] += 1
    return counts


def _insert_events(at, actor_label, rows):
    """Append internal timeline events (matter_id, action, data) with one INSERT … RETURNING per
    batch (the ORM's bulk_create spends most of a large sweep preparing model instances).
    On PostgreSQL the rows travel as one JSON document: a statement with thousands of placeholders,
    or arrays of strings, cost psycopg more to prepare in Python than the database spends storing them.
    Returns [(id, matter_id, action)]."""
    meta = TimelineEvent._meta
    quote = connection.ops.quote_name
    names = ("matter", "at", "actor_label", "action", "from_status", "to_status", "note", "data", "visibility")
    columns = ", ".join(quote(meta.get_field(name).column) for name in names)
    stamp = connection.ops.adapt_datetimefield_value(at)
    internal = TimelineEvent.Visibility.INTERNAL.value
    returning = f"RETURNING {quote('id')}, {quote(meta.get_field('matter').column)}, {quote('action')}"
    if connection.vendor == "postgresql":
        sql = (f"INSERT INTO {quote(meta.db_table)} ({columns}) "
               f"SELECT row.matter, %s, %s, row.action, '', '', '', row.data, %s "
               f"FROM jsonb_to_recordset(%s::jsonb) AS row(matter bigint, action text, data jsonb) {returning}")
        document = json.dumps([{"matter": m, "action": a, "data": d} for m, a, d in rows], ensure_ascii=False)
        params = [stamp, actor_label, internal, document]
    else:
        one_row = "(" + ", ".join(["%s"] * 9) + ")"
        params = []
        for matter_id, action, data in rows:
            params += [matter_id, stamp, actor_label, action, "", "", "", json.dumps(data, ensure_ascii=False), internal]
        sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {', '.join([one_row] * len(rows))} {returning}"
    with _cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _array(ids):
    """A PostgreSQL array literal of integers: psycopg builds array parameters element by element in Python."""
    return "{" + ",".join(str(int(i)) for i in ids) + "}"


def _cursor():
    """On PostgreSQL a cursor that sends parameters apart from the statement (Django's cursors bind on
    the client, quoting every parameter into the SQL text)."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg

    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


def _claim(batch):
    """Update, in the caller's transaction, the rows of `batch` still in the state and colour the
    scan saw; returns the changes this worker now owns. On PostgreSQL one conditional UPDATE per
    group: a second worker's UPDATE waits for the first's row locks, then re-reads the colour and
    skips the row. SQLite's IMMEDIATE transactions let only one writer in at a time."""
    groups = {}
    for change in batch:
        groups.setdefault((change.state, change.old, change.new), []).append(change)
    claimed = []
    for (state, old, new), items in groups.items():
        wanted = sorted(c.assignment_id for c in items)
        if connection.vendor == "postgresql":
            quote = connection.ops.quote_name
            with _cursor() as cursor:
                cursor.execute(
                    f"UPDATE {quote(Assignment._meta.db_table)} SET {quote('deadline_state')} = %s "
                    f"WHERE {quote('id')} = ANY(%s::bigint[]) AND {quote('state')} = %s AND {quote('deadline_state')} = %s "
                    f"RETURNING {quote('id')}",
                    [new, _array(wanted), state, old],
                )
                ids = {row[0] for row in cursor.fetchall()}
        else:
            ids = set(
                Assignment.objects.select_for_update()
                .filter(pk__in=wanted, state=state, deadline_state=old)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if ids:
                Assignment.objects.filter(pk__in=ids).update(deadline_state=new)
        claimed.extend(c for c in items if c.assignment_id in ids)
    return claimed


def sweep(now=None):
    """Mark every open assignment's deadline colour and remind whoever must act; returns
    {"approaching": n, "overdue": n, "normal": n} for the changes this call recorded."""
    now = now or timezone.now()
    return record(scan(now))
