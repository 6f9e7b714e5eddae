"""A dataset written out as a file, piece by piece for a streaming response: CSV in UTF-8 with a
byte-order mark (Excel then opens Chinese text correctly) and JSON with the licence beside the rows."""

import csv
import io
import json

from django.utils import timezone, translation

from . import licence
from .datasets import plain

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


# A cell starting with one of these is a formula to a spreadsheet: a citizen's "=HYPERLINK(…)" must stay text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value):
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_chunks(dataset, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(dataset.names)
    yield "\ufeff" + _drain(buffer)
    for number, row in enumerate(rows, start=1):
        writer.writerow([_csv_value(v) for v in row])
        if number % 200 == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer):
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate(0)
    return text


def json_chunks(dataset, rows, *, region, year=None):
    head = {
        "dataset": dataset.key, "title": str(dataset.title), "publisher": licence.publisher(),
        "licence": licence.NAME, "licence_url": licence.URL, "attribution": str(licence.attribution()),
        "region_code": region.code, "region_name": region.name, "generated_at": timezone.now().isoformat(timespec="seconds"),
        "fields": [{"name": f.name, "type": f.type, "meaning": str(f.meaning)} for f in dataset.fields],
    }
    if year is not None:
        head["year"] = year
    opening = json.dumps(head, ensure_ascii=False)
    yield opening[:-1] + ', "records": ['
    separator = ""
    for row in rows:
        yield separator + json.dumps(dict(zip(dataset.names, (plain(v) for v in row), strict=True)), ensure_ascii=False)
        separator = ",\n"
    yield "]}\n"


def chunks(dataset, fmt, *, region, year=None):
    """The file's text pieces, written in the language active now even after the view has returned."""
    language = translation.get_language()
    rows = dataset.rows(region, year)
    pieces = csv_chunks(dataset, rows) if fmt == "csv" else json_chunks(dataset, rows, region=region, year=year)
    while True:
        with translation.override(language):
            piece = next(pieces, None)
        if piece is None:
            return
        yield piece.encode("utf-8")
