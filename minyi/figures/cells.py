"""A fact's place in the cells, and applying the difference two facts make."""

from django.db import connection

from minyi.regions.models import PREFIX_LENGTH

from .models import COUNTERS, FLAGS, FigureCell


def region_path(code, level):
    """The codes from the province down to `code` (a level that a code skips appears once)."""
    return list(dict.fromkeys(code[: PREFIX_LENGTH[upper]].ljust(12, "0") for upper in range(1, level + 1)))


def dimension_values(fact):
    values = [("all", "")]
    if fact.category:
        values.append(("category", fact.category))
    if fact.channel:
        values.append(("channel", fact.channel))
    for dimension in ("station", "unit", "group"):
        value = getattr(fact, f"{dimension}_id")
        if value is not None:
            values.append((dimension, str(value)))
    return values


def vector(fact):
    flags = [1] + [int(bool(getattr(fact, name))) for name in FLAGS[1:]]
    calendar, working = fact.days_calendar, fact.days_working
    return flags + [calendar or 0, int(calendar is not None), working or 0, int(working is not None)]


# A keyword cell counts matters only: hot topics ask how often, and a rebuild can count a million
# matters' words in Python where a full vector each would take minutes.
KEYWORD_VECTOR = [1] + [0] * (len(COUNTERS) - 1)


def contributions(fact):
    """{(region_code, dimension, value, month, kind): counter vector} the fact adds to the cells."""
    counts = vector(fact)
    path = region_path(fact.region_code, fact.level)
    words = fact.keywords.split()
    keys = {}
    for index, code in enumerate(path):
        for dimension, value in dimension_values(fact):
            keys[(code, dimension, value, fact.month, fact.kind)] = counts
        if index + 1 < len(path):
            keys[(code, "region", path[index + 1], fact.month, fact.kind)] = counts
        for word in words:
            keys[(code, "keyword", word, fact.month, fact.kind)] = KEYWORD_VECTOR
    return keys


def add(deltas, fact, sign):
    for key, counts in contributions(fact).items():
        total = deltas.setdefault(key, [0] * len(COUNTERS))
        for i, n in enumerate(counts):
            total[i] += sign * n


KEY_COLUMNS = ("region_code", "dimension", "value", "month", "kind")
UPSERT_ROWS = 500  # rows per statement: 19 parameters each stays under SQLite's 32,766


def apply(deltas):
    """Add each key's vector to its cell, making the cells that do not exist yet: one
    INSERT … ON CONFLICT DO UPDATE per 500 keys (PostgreSQL and SQLite ≥ 3.24 both speak it).
    Returns how many cells were touched."""
    rows = [(key, counts) for key, counts in deltas.items() if any(counts)]
    if not rows:
        return 0
    table = connection.ops.quote_name(FigureCell._meta.db_table)
    quote = connection.ops.quote_name
    columns = [*KEY_COLUMNS, *COUNTERS]
    updates = ", ".join(f"{quote(name)} = {table}.{quote(name)} + excluded.{quote(name)}" for name in COUNTERS)
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_ROWS):
            chunk = rows[start:start + UPSERT_ROWS]
            params = []
            for (code, dimension, value, month, kind), counts in chunk:
                params.extend([code, dimension, value, connection.ops.adapt_datefield_value(month), kind, *counts])
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) VALUES {', '.join([placeholder] * len(chunk))} "
                f"ON CONFLICT ({', '.join(quote(c) for c in ('region_code', 'dimension', 'month', 'kind', 'value'))}) DO UPDATE SET {updates}",
                params,
            )
    return len(rows)
