"""Keeping the facts and cells current: every committed matter event notes the matter as
pending, and the worker refreshes what is pending in batches, one refresher at a time."""

import logging

from django.db import transaction
from huey.exceptions import TaskLockedException

from minyi.matters import events

from . import cells, facts
from .models import FACT_FIELDS_UPDATED, MatterFact, PendingMatter

log = logging.getLogger(__name__)
BATCH = 2000
LOCK = "figures-cells"


@events.on_event
def _note_event(event):
    note([event["matter_id"]])


def note(matter_ids):
    """Mark matters as needing a refresh and wake the worker."""
    PendingMatter.objects.bulk_create([PendingMatter(matter_id=pk) for pk in set(matter_ids)], ignore_conflicts=True)
    from .tasks import refresh_pending

    refresh_pending()


def lock():
    from huey.contrib.djhuey import HUEY

    return HUEY.lock_task(LOCK)


def process():
    """Refresh every pending matter; returns how many. Another refresher running already: 0, it
    will take what is pending when it reaches it."""
    done = 0
    try:
        with lock():
            while True:
                with transaction.atomic():
                    ids = list(PendingMatter.objects.order_by("noted_at", "matter_id").values_list("matter_id", flat=True)[:BATCH])
                    if not ids:
                        break
                    # Claimed before reading: an event committed after this point notes the matter again.
                    PendingMatter.objects.filter(matter_id__in=ids).delete()
                    refresh(ids)
                done += len(ids)
    except TaskLockedException:
        return 0
    return done


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
