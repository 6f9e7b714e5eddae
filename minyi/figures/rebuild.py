"""The facts and cells made afresh from the matters: nightly, after an upgrade, for a bench.

Facts are computed in batches (facts.compute, the same function the worker uses); the cells are
summed by the database, one GROUP BY per region level and dimension, except the keyword cells,
which Python counts from the facts' keyword lists."""

import time
from collections import Counter

from django.db import transaction
from django.db.models import Count, IntegerField, Sum, Value
from django.db.models.functions import Cast, Coalesce, Substr

from minyi.matters.models import Matter
from minyi.regions.models import PREFIX_LENGTH

from . import facts
from .cells import KEYWORD_VECTOR, region_path
from .models import COUNTERS, FLAGS, FigureCell, MatterFact, PendingMatter
from .pending import hold_lock

FACT_BATCH = 5000
# Dimension → the fact's column; "all" groups by nothing beyond region, month and kind.
COLUMNS = {"all": None, "category": "category", "channel": "channel", "station": "station_id", "unit": "unit_id", "group": "group_id"}


def rebuild(*, progress=None):
    """Replace every fact and cell; returns {"matters": n, "cells": n, "seconds": s}."""
    started = time.monotonic()
    with transaction.atomic():
        hold_lock()
        PendingMatter.objects.all().delete()
        FigureCell.objects.all().delete()
        MatterFact.objects.all().delete()
        count = _facts(progress)
        cells = _cells()
    return {"matters": count, "cells": cells, "seconds": round(time.monotonic() - started, 1)}


def _facts(progress):
    calendars = facts._Calendars()
    ids = Matter.objects.order_by("pk").values_list("pk", flat=True)
    count, last = 0, 0
    while True:
        batch = list(ids.filter(pk__gt=last)[:FACT_BATCH])
        if not batch:
            return count
        MatterFact.objects.bulk_create(facts.compute(batch, calendars=calendars).values(), batch_size=1000)
        count, last = count + len(batch), batch[-1]
        if progress:
            progress(count)


def _sums():
    """Each counter's sum, named "n_<counter>" (an aggregate may not take a column's own name)."""
    sums = {f"n_{name}": Sum(Cast(name, IntegerField())) for name in FLAGS[1:]}
    sums["n_collected"] = Count("pk")
    sums["n_days_calendar"] = Coalesce(Sum("days_calendar"), Value(0))
    sums["n_timed"] = Count("days_calendar")
    sums["n_days_working"] = Coalesce(Sum("days_working"), Value(0))
    sums["n_timed_working"] = Count("days_working")
    return sums


def _cells():
    rows = []
    for level, length in PREFIX_LENGTH.items():
        previous = PREFIX_LENGTH.get(level - 1, 0)
        facts_here = MatterFact.objects.filter(level__gte=level)
        if previous:
            # A code whose digits of this level are zeros skips it (a city without counties): its
            # regions are counted at the level above only, as region_path does.
            facts_here = facts_here.annotate(_segment=Substr("region_code", previous + 1, length - previous)).exclude(
                _segment="0" * (length - previous)
            )
        facts_here = facts_here.annotate(_code=Substr("region_code", 1, length))
        for dimension, column in COLUMNS.items():
            grouped = facts_here
            fields = ["_code", "month", "kind"] + ([column] if column else [])
            if column in ("category", "channel"):
                grouped = grouped.exclude(**{column: ""})
            elif column:
                grouped = grouped.exclude(**{f"{column}__isnull": True})
            for row in grouped.order_by().values(*fields).annotate(**_sums()):
                value = "" if column is None else str(row[column])
                counts = {name: row[f"n_{name}"] for name in COUNTERS}
                rows.append(_cell(row["_code"].ljust(12, "0"), dimension, value, row["month"], row["kind"], counts))
    # The region dimension: a child's "all" cell is its parent's row for that child.
    for cell in [c for c in rows if c.dimension == "all"]:
        path = region_path(cell.region_code, _level(cell.region_code))
        if len(path) > 1:
            rows.append(_cell(path[-2], "region", cell.region_code, cell.month, cell.kind, cell))
    rows.extend(_keyword_cells())
    FigureCell.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _level(code):
    from minyi.regions.codes import level_of_code

    return level_of_code(code)


def _cell(code, dimension, value, month, kind, counts):
    get = counts.get if isinstance(counts, dict) else lambda name: getattr(counts, name)
    return FigureCell(region_code=code, dimension=dimension, value=value, month=month, kind=kind,
                      **{name: get(name) or 0 for name in COUNTERS})


def _keyword_cells():
    counter = Counter()
    paths = {}
    for code, level, month, kind, words in (
        MatterFact.objects.exclude(keywords="").values_list("region_code", "level", "month", "kind", "keywords").iterator(chunk_size=10000)
    ):
        path = paths.get(code)
        if path is None:
            path = paths[code] = region_path(code, level)
        for word in words.split():
            for upper in path:
                counter[(upper, word, month, kind)] += 1
    collected = dict(zip(COUNTERS, KEYWORD_VECTOR))
    return [
        FigureCell(region_code=code, dimension="keyword", value=word, month=month, kind=kind, **{**collected, "collected": n})
        for (code, word, month, kind), n in counter.items()
    ]
