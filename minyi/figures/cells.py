"""A fact's place in the cells, and applying the difference two facts make."""

from django.db.models import Q

from minyi.regions.models import PREFIX_LENGTH

from .models import COUNTERS, FLAGS, FigureCell

CHUNK = 150  # keys per lookup: SQLite limits how deep one WHERE may nest


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


def apply(deltas):
    """Add each key's vector to its cell, making the cells that do not exist yet. The caller holds
    the figures lock: no other writer changes the cells meanwhile."""
    deltas = {key: counts for key, counts in deltas.items() if any(counts)}
    keys = list(deltas)
    changed, new = [], []
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start:start + CHUNK]
        condition = Q()
        for code, dimension, value, month, kind in chunk:
            condition |= Q(region_code=code, dimension=dimension, value=value, month=month, kind=kind)
        existing = {(c.region_code, c.dimension, c.value, c.month, c.kind): c for c in FigureCell.objects.filter(condition)}
        for key in chunk:
            cell = existing.get(key)
            if cell is None:
                code, dimension, value, month, kind = key
                cell = FigureCell(region_code=code, dimension=dimension, value=value, month=month, kind=kind)
                new.append(cell)
            else:
                changed.append(cell)
            for name, n in zip(COUNTERS, deltas[key]):
                setattr(cell, name, getattr(cell, name) + n)
    if changed:
        FigureCell.objects.bulk_update(changed, COUNTERS, batch_size=500)
    if new:
        FigureCell.objects.bulk_create(new, batch_size=1000)
    return len(changed) + len(new)
