"""Keeping the facts and cells current: every committed matter event notes the matter as
pending, and the worker refreshes what is pending in batches, one refresher at a time."""

import logging

from django.db import connection, transaction

from minyi.matters import events

from . import cells, facts
from .models import FACT_FIELDS_UPDATED, MatterFact, PendingMatter

log = logging.getLogger(__name__)
BATCH = 2000
# pg_advisory_xact_lock's key: any number no other part of the system takes ("民意").
LOCK_KEY = 0x6D696E7969


@events.on_event
def _note_event(event):
    note([event["matter_id"]])


def note(matter_ids):
    """Mark matters as needing a refresh and wake the worker."""
    PendingMatter.objects.bulk_create([PendingMatter(matter_id=pk) for pk in set(matter_ids)], ignore_conflicts=True)
    from .tasks import refresh_pending

    refresh_pending()


def hold_lock():
    """Make the caller's transaction the only one changing facts and cells until it ends. It ends
    with the transaction, also when a process dies: a lock kept in the queue's storage would
    outlive a killed worker and stop every refresh after it. SQLite needs nothing: its
    transactions here are IMMEDIATE, one writer at a time."""
    if not connection.in_atomic_block:
        raise RuntimeError("the figures lock is held by a transaction: call hold_lock() inside transaction.atomic()")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def process():
    """Refresh every pending matter, a batch per transaction; returns how many. A second
    refresher waits for the batch in hand, then takes what is still pending."""
    done = 0
    while True:
        with transaction.atomic():
            hold_lock()
            ids = list(PendingMatter.objects.order_by("noted_at", "matter_id").values_list("matter_id", flat=True)[:BATCH])
            if not ids:
                return done
            # Claimed before reading: an event committed after this point notes the matter again.
            PendingMatter.objects.filter(matter_id__in=ids).delete()
            refresh(ids)
        done += len(ids)


def refresh(matter_ids):
    """Bring the facts and cells of `matter_ids` in line with the matters, in the caller's transaction."""
    old = {fact.matter_id: fact for fact in MatterFact.objects.filter(matter_id__in=matter_ids)}
    new = facts.compute(matter_ids)
    deltas, to_create, to_update, to_delete = {}, [], [], []
    for matter_id in matter_ids:
        before, after = old.get(matter_id), new.get(matter_id)
        if before is not None and after is not None and facts.as_values(before) == facts.as_values(after):
            continue
        if before is not None:
            cells.add(deltas, before, -1)
        if after is not None:
            cells.add(deltas, after, +1)
            (to_update if before is not None else to_create).append(after)
        elif before is not None:
            to_delete.append(matter_id)
    cells.apply(deltas)
    if to_delete:
        MatterFact.objects.filter(matter_id__in=to_delete).delete()
    if to_update:
        MatterFact.objects.bulk_update(to_update, FACT_FIELDS_UPDATED, batch_size=500)
    if to_create:
        MatterFact.objects.bulk_create(to_create, batch_size=1000)
    return len(to_create) + len(to_update) + len(to_delete)
