"""Checking and importing one file of one kind: read the sheet, parse every cell, let the kind's
spec plan what each row would do, and (when committing) apply the plan in one transaction.

`check()` never writes. `commit()` checks again inside the transaction (the data may have
changed since the dry run) and writes only when not a single row has an error."""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from minyi.accounts import access

from . import registry
from .columns import CellError
from .reading import FileProblem, open_workbook, read_sheet

log = logging.getLogger(__name__)

MAX_STORED_ERRORS = 1000
NEW, UPDATE, UNCHANGED = "new", "update", "unchanged"


class _Invalid:
    """The value of a cell that could not be read; its error is already reported."""

    def __repr__(self):
        return "INVALID"

    def __bool__(self):
        return False


INVALID = _Invalid()


class ParsedRow:
    __slots__ = ("number", "values")

    def __init__(self, number, values):
        self.number = number
        self.values = values  # {column key: value}; a column missing from the file is missing here

    def has(self, key):
        return key in self.values

    def get(self, key, default=None):
        value = self.values.get(key, default)
        return None if value is INVALID else value

    def broken(self, *keys):
        return any(self.values.get(key) is INVALID for key in keys)

    def __repr__(self):
        return f"<row {self.number}>"


class Report:
    """Errors found so far, each with its row number, column and reason."""

    def __init__(self, spec):
        self.spec = spec
        self.errors = []
        self.rows = set()
        self.letters = {}  # column key -> its letter in the uploaded sheet

    def error(self, row, column, message):
        number = row.number if isinstance(row, ParsedRow) else row
        if isinstance(column, str) and column in self.spec.keys:
            column = self.spec.column(column)
        label = column.header() if hasattr(column, "header") else str(column or "")
        letter = self.letters.get(column.key, "") if hasattr(column, "key") else ""
        self.errors.append({"row": number, "column": label, "letter": letter, "message": str(message)})
        if number is not None:
            self.rows.add(number)

    def has_error(self, row):
        return row.number in self.rows

    def __bool__(self):
        return bool(self.errors)


@dataclass
class Outcome:
    total: int = 0
    new: int = 0
    update: int = 0
    unchanged: int = 0
    error_rows: int = 0
    errors: list = field(default_factory=list)
    written: bool = False

    @property
    def error_total(self):
        return len(self.errors)

    def stored_errors(self):
        return self.errors[:MAX_STORED_ERRORS]


class NoProgress:
    def reading(self, rows):
        pass

    def start(self, total, phase=""):
        pass

    def advance(self, count=1):
        pass

    def finish(self):
        pass


def _parse(spec, sheet, report, progress):
    rows = []
    formulas = {(number, column.key) for number, column in sheet.formulas}
    for number, column in sheet.formulas:
        report.error(number, column, _("This cell holds a formula. Copy the column and paste it back as values only."))
    for first_row, column, text in sheet.merged:
        report.error(first_row, column or "", _("Merged cells (%(range)s) cannot be imported. Unmerge them and fill in every cell.") % {"range": text})
    readers = [(column, column.reader()) for _position, column in sheet.columns]
    for number, raw in sheet.rows:
        values = {}
        for (column, read), value in zip(readers, raw, strict=True):
            if formulas and (number, column.key) in formulas:
                values[column.key] = INVALID
                continue
            try:
                parsed = read(value)
            except CellError as error:
                report.error(number, column, error.message)
                values[column.key] = INVALID
                continue
            if parsed is None and column.required:
                report.error(number, column, _("Fill in this cell."))
                values[column.key] = INVALID
                continue
            values[column.key] = parsed
        rows.append(ParsedRow(number, values))
        progress.advance()
    return rows


def _read(kind, handle, progress):
    spec = registry.get(kind)
    report = Report(spec)
    workbook = open_workbook(handle)
    try:
        sheet = read_sheet(workbook, spec, progress=progress)
    finally:
        workbook.close()
    report.letters = {column.key: get_column_letter(position + 1) for position, column in sheet.columns}
    return spec, report, sheet


def _outcome(report, plan, total):
    outcome = Outcome(total=total, errors=sorted(report.errors, key=lambda e: (e["row"] or 0, e["letter"])))
    outcome.error_rows = len(report.rows)
    for number, result in plan.outcomes.items():
        if number in report.rows:
            continue
        setattr(outcome, result, getattr(outcome, result) + 1)
    return outcome


def _file_problem(problem):
    return Outcome(errors=[{"row": row, "column": str(column), "letter": "", "message": str(message)} for row, column, message in problem.errors])


def check(kind, handle, user, *, progress=None):
    """Dry run: what importing the file would do, and every error. Nothing is written."""
    progress = progress or NoProgress()
    try:
        spec, report, sheet = _read(kind, handle, progress)
    except FileProblem as problem:
        return _file_problem(problem)
    progress.start(len(sheet.rows), "checking")
    rows = _parse(spec, sheet, report, progress)
    plan = spec.plan(rows, access.actor_for(user), report)
    progress.finish()
    return _outcome(report, plan, len(rows))


class _RollBack(Exception):
    pass


def commit(kind, handle, user, *, progress=None, finish=None):
    """Check the file again and, when no row has an error, apply it in one transaction.
    `finish(outcome)` runs inside that transaction, so a job's "done" is saved with the data."""
    progress = progress or NoProgress()
    try:
        spec, report, sheet = _read(kind, handle, progress)
    except FileProblem as problem:
        return _file_problem(problem)
    total = len(sheet.rows)
    progress.start(total * 2, "importing")
    rows = _parse(spec, sheet, report, progress)
    actor = access.actor_for(user)
    outcome = None
    try:
        with transaction.atomic():
            plan = spec.plan(rows, actor, report)
            outcome = _outcome(report, plan, total)
            if report:
                raise _RollBack
            spec.apply(plan, actor, progress)
            outcome.written = True
            if finish is not None:
                finish(outcome)
    except _RollBack:
        pass
    except ValidationError as error:
        # A model refused a row the check let through (a rule only the model knows): nothing was written.
        log.warning("import of %s refused by a model: %s", kind, error)
        outcome = Outcome(total=total, errors=[{"row": None, "column": "", "letter": "", "message": message} for message in error.messages])
    except IntegrityError:
        log.warning("import of %s conflicted with a concurrent change", kind, exc_info=True)
        outcome = Outcome(
            total=total,
            errors=[{"row": None, "column": "", "letter": "", "message": _("Someone changed the same records while the file was imported. Nothing was imported; please try again.")}],
        )
    progress.finish()
    return outcome

