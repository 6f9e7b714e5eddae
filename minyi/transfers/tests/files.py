"""Workbooks for the tests, written the way a person fills in a template."""

import datetime
import io

from openpyxl import Workbook, load_workbook

from minyi.transfers import engine, registry
from minyi.transfers.workbooks import header_text


def xlsx(kind, rows, *, columns=None, title="Sheet1", headers=None):
    """An .xlsx (bytes) with the kind's headers (in the active language) and `rows` (dicts by column key)."""
    spec = registry.get(kind)
    keys = columns or [column.key for column in spec.columns]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers or [header_text(spec.column(key)) for key in keys])
    for row in rows:
        sheet.append([row.get(key) for key in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check(kind, content, user):
    if not isinstance(content, bytes):
        content = xlsx(kind, content)
    return engine.check(kind, io.BytesIO(content), user)


def commit(kind, content, user):
    if not isinstance(content, bytes):
        content = xlsx(kind, content)
    return engine.commit(kind, io.BytesIO(content), user)


def errors(outcome):
    """{(row, column header): message} of an outcome."""
    return {(error["row"], error["column"]): error["message"] for error in outcome.errors}


def rows_of(content):
    """The data rows of an exported workbook's first sheet, as dicts by header."""
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    header = [str(h).lstrip("*") for h in values[0]]
    return [dict(zip(header, row, strict=False)) for row in values[1:]]


def counts(outcome):
    return {"new": outcome.new, "update": outcome.update, "unchanged": outcome.unchanged, "errors": outcome.error_rows}


def day(text):
    return datetime.date.fromisoformat(text)
