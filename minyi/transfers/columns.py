"""Columns of a sheet: the header people see, how a cell is read, written and offered in Excel.

A column reads one raw cell value (what openpyxl gives: str, int, float, datetime, None…) into a
Python value or raises CellError with a reason in the active language. Headers and choice labels
are matched in every language Minyi speaks, so a file downloaded in Chinese still imports after
the uploader switches to English, and the stored codes (e.g. "M", "01") are accepted as well.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .xlsx import ErrorValue

EMPTY = None


class CellError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


def normalise(text):
    """The form headers and choices are compared in: no spaces, no required-marks, lower case."""
    return re.sub(r"[\s*＊]+", "", str(text)).lower()


def in_every_language(lazy_text):
    """The text of a lazy string in each configured language, then its English source."""
    forms = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            forms.append(str(lazy_text))
    with translation.override(None):
        forms.append(str(lazy_text))
    return forms


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value):
    if isinstance(value, bool):
        raise CellError(_("Enter text here, not TRUE or FALSE."))
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        raise CellError(_("Enter text here, not a date or a time."))
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value).strip()


class Column:
    """One column. Subclasses read (`parse`) and write (`to_cell`) its values."""

    # Excel number format applied to the whole column: "@" keeps digits as text.
    number_format = "@"

    def __init__(self, key, label, *, required=False, width=14, help_text="", required_note=None):
        self.key = key
        self.label = label
        self.required = required
        self.width = width
        self.help_text = help_text
        # Shown in the instructions when a column is required only sometimes.
        self.required_note = required_note

    # --- headers ---------------------------------------------------------------------------------

    def header(self):
        return capfirst(str(self.label))

    def header_forms(self):
        return {normalise(capfirst(form)) for form in in_every_language(self.label)}

    # --- reading ---------------------------------------------------------------------------------

    def read(self, value):
        """The parsed value, or None for an empty cell. Raises CellError."""
        if is_blank(value):
            return EMPTY
        if isinstance(value, ErrorValue):
            raise CellError(_("The cell shows the Excel error %(error)s; enter a value.") % {"error": value})
        return self.parse(value)

    def reader(self):
        """A function reading one cell, prepared for one file (a date's range is worked out once)."""
        return self.read

    def parse(self, value):
        return _as_text(value)

    # --- writing ---------------------------------------------------------------------------------

    def to_cell(self, value):
        return "" if value is None else value

    def writer(self):
        """A function writing one value, prepared for one file (labels are looked up once)."""
        return self.to_cell

    def allowed(self):
        """A sentence on what the column takes, for the instructions sheet and the input prompt."""
        return self.help_text and str(self.help_text)

    def dropdown(self):
        """Values offered in an Excel list for this column, or None."""
        return None

    def strict_dropdown(self):
        return True


class TextColumn(Column):
    def __init__(self, key, label, *, max_length=100, **kwargs):
        super().__init__(key, label, **kwargs)
        self.max_length = max_length

    def parse(self, value):
        text = _as_text(value)
        if len(text) > self.max_length:
            raise CellError(_("At most %(max)d characters; this cell has %(count)d.") % {"max": self.max_length, "count": len(text)})
        return text

    def allowed(self):
        return self.help_text and str(self.help_text) or _("Text, at most %(max)d characters.") % {"max": self.max_length}


class MultilineTextColumn(TextColumn):
    number_format = "General"


class ChoiceColumn(Column):
    """A value from a fixed list, written as its label; the label in any language or the stored
    code is accepted."""

    number_format = "General"

    def __init__(self, key, label, choices, **kwargs):
        super().__init__(key, label, **kwargs)
        self._choices = choices  # a TextChoices / IntegerChoices class, or a callable giving (value, label) pairs

    def choices(self):
        if callable(self._choices) and not hasattr(self._choices, "choices"):
            return list(self._choices())
        return list(self._choices.choices)

    def _lookup(self):
        table = self.__dict__.get("_table")
        if table is None:
            exact, table = {}, {}
            for value, label in self.choices():
                exact.setdefault(str(value), value)
                table.setdefault(normalise(value), value)
                for form in in_every_language(label):
                    exact.setdefault(form, value)
                    table.setdefault(normalise(form), value)
            self._exact, self._table = exact, table
        return self._exact, table

    def parse(self, value):
        text = _as_text(value)
        exact, lookup = self._lookup()
        found = exact.get(text)
        if found is not None:
            return found
        key = normalise(text)
        found = lookup.get(key)
        if found is None and key:
            # "县" for "县级": a beginning that fits one choice only is that choice.
            starting = {value for form, value in lookup.items() if form.startswith(key)}
            found = starting.pop() if len(starting) == 1 else None
        if found is None:
            labels = [str(label) for _value, label in self.choices()]
            if len(labels) <= 15:
                raise CellError(_("“%(value)s” is not one of the choices: %(choices)s.") % {"value": text, "choices": " / ".join(labels)})
            raise CellError(_("“%(value)s” is not one of the choices; pick one from the drop-down list.") % {"value": text})
        return found

    def to_cell(self, value):
        return self.writer()(value)

    def writer(self):
        labels = {choice: str(label) for choice, label in self.choices()}

        def write(value):
            if value in (None, ""):
                return ""
            return labels.get(value, str(value))

        return write

    def dropdown(self):
        return [str(label) for _value, label in self.choices()]

    def allowed(self):
        return self.help_text and str(self.help_text) or _("One of the drop-down list.")


class DateColumn(Column):
    number_format = "yyyy-mm-dd"
    PATTERNS = [
        re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
        re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
        # 2024年3月5日 (year, month, day in Chinese, as people type them)
        re.compile("^(\\d{4})\\s*\u5e74\\s*(\\d{1,2})\\s*\u6708\\s*(\\d{1,2})\\s*[\u65e5\u53f7]?$"),
    ]

    def __init__(self, key, label, *, earliest=None, latest=None, **kwargs):
        super().__init__(key, label, **kwargs)
        self.earliest = earliest  # callables giving the allowed range (they depend on today)
        self.latest = latest

    def reader(self):
        low = self.earliest() if self.earliest else None
        high = self.latest() if self.latest else None
        read = super().read

        def read_date(value):
            day = read(value)
            if day is not None and ((low and day < low) or (high and day > high)):
                raise CellError(
                    _("%(date)s is out of range: the date must lie between %(earliest)s and %(latest)s.")
                    % {"date": day.isoformat(), "earliest": low.isoformat() if low else "…", "latest": high.isoformat() if high else "…"}
                )
            return day

        return read_date

    def read(self, value):
        return self.reader()(value)

    def parse(self, value):
        if isinstance(value, datetime.datetime):
            if value.time() != datetime.time(0):
                raise CellError(_("Enter a date without a time, such as 2024-03-05."))
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, (bool, float, datetime.time)):
            raise CellError(_("Enter a date such as 2024-03-05."))
        return self._from_text(str(value).strip())

    def _from_text(self, text):
        for pattern in self.PATTERNS:
            match = pattern.match(text)
            if match:
                try:
                    return datetime.date(*(int(part) for part in match.groups()))
                except ValueError:
                    raise CellError(_("%(value)s is not a date of the calendar.") % {"value": text}) from None
        raise CellError(_("“%(value)s” is not a date; write it as 2024-03-05.") % {"value": text})

    def to_cell(self, value):
        return value if value else ""

    def allowed(self):
        low = self.earliest() if self.earliest else None
        high = self.latest() if self.latest else None
        text = _("A date such as 2024-03-05.")
        if low or high:
            text += " " + _("From %(earliest)s to %(latest)s.") % {
                "earliest": low.isoformat() if low else "…",
                "latest": high.isoformat() if high else "…",
            }
        return text


class IntegerColumn(Column):
    number_format = "0"

    def __init__(self, key, label, *, minimum=None, maximum=None, **kwargs):
        super().__init__(key, label, **kwargs)
        self.minimum, self.maximum = minimum, maximum

    def parse(self, value):
        if isinstance(value, bool) or isinstance(value, (datetime.date, datetime.time)):
            raise CellError(_("Enter a whole number."))
        if isinstance(value, float):
            if not value.is_integer():
                raise CellError(_("Enter a whole number."))
            number = int(value)
        elif isinstance(value, int):
            number = value
        else:
            text = str(value).strip()
            if not re.fullmatch(r"[+-]?\d+", text):
                raise CellError(_("“%(value)s” is not a whole number.") % {"value": text})
            number = int(text)
        if (self.minimum is not None and number < self.minimum) or (self.maximum is not None and number > self.maximum):
            raise CellError(_("Enter a whole number from %(min)d to %(max)d.") % {"min": self.minimum, "max": self.maximum})
        return number

    def allowed(self):
        return self.help_text and str(self.help_text) or _("A whole number from %(min)d to %(max)d.") % {"min": self.minimum, "max": self.maximum}


class DecimalColumn(Column):
    number_format = "0.000000"

    def __init__(self, key, label, *, minimum, maximum, places=6, **kwargs):
        super().__init__(key, label, **kwargs)
        self.minimum, self.maximum, self.places = Decimal(minimum), Decimal(maximum), places

    def parse(self, value):
        if isinstance(value, bool) or isinstance(value, (datetime.date, datetime.time)):
            raise CellError(_("Enter a number."))
        try:
            number = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
        except InvalidOperation:
            raise CellError(_("“%(value)s” is not a number.") % {"value": value}) from None
        if not number.is_finite() or not (self.minimum <= number <= self.maximum):
            raise CellError(_("Enter a number from %(min)s to %(max)s.") % {"min": self.minimum, "max": self.maximum})
        return number.quantize(Decimal(1).scaleb(-self.places))

    def to_cell(self, value):
        return float(value) if value is not None else ""

    def allowed(self):
        return self.help_text and str(self.help_text) or _("A number from %(min)s to %(max)s.") % {"min": self.minimum, "max": self.maximum}


class RegionCodeColumn(Column):
    """A 12-digit statistical division code; "420802000000 东宝区" (as the drop-down offers it) works too."""

    CODE = re.compile(r"^(\d{12})(?:\s+\S.*)?$")

    def __init__(self, key, label, *, options=None, **kwargs):
        super().__init__(key, label, **kwargs)
        self.options = options  # callable(actor) -> [(code, name)] offered in the drop-down

    def parse(self, value):
        if isinstance(value, bool) or isinstance(value, (datetime.date, datetime.time)):
            raise CellError(_("Enter the 12-digit division code."))
        text = _as_text(value)
        match = self.CODE.match(text)
        if not match:
            raise CellError(_("“%(value)s” is not a 12-digit division code.") % {"value": text})
        return match.group(1)

    def allowed(self):
        return self.help_text and str(self.help_text) or _("The 12-digit statistical division code, e.g. 420802000000.")

    def strict_dropdown(self):
        return False


def local_today():
    return timezone.localdate()


def years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def years_after(day, years):
    return years_before(day, -years)
