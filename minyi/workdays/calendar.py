"""Working days and deadlines the way Chinese law counts periods (民法典 第201–203条).

The starting day is never counted. A period in months ends on the same-numbered day of the final
month, or on that month's last day when it has no such day; a period in days or months that ends on a
day off (a statutory holiday, or a weekend day that is not an adjusted working day) ends on the next
working day instead. A period in working days skips weekends and holidays but counts adjusted working
days (调休上班日).

Holidays come from the chinesecalendar package for the years it knows, with administrator entries
(DayOverride) winning over it. A year that neither the package nor a completed HolidayYear covers is
computed on weekends only and every deadline touching it is marked provisional.

Build one Calendar and reuse it for many computations: it reads the database once, when created.
"""

import calendar as gregorian
import datetime
import enum
import functools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import chinese_calendar
from django.db.models import Q
from django.utils.translation import gettext

from .models import DayOverride, HolidayYear

# Holidays are declared in Beijing time whatever the server's own time zone is.
CHINA = ZoneInfo("Asia/Shanghai")

_PACKAGE_FIRST_YEAR = min(chinese_calendar.holidays).year
_PACKAGE_LAST_YEAR = max(chinese_calendar.holidays).year
_CHINESE_HOLIDAY_NAMES = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}

_RULE_PATTERN = re.compile(r"(?P<unit>[a-z]+):(?P<count>[0-9]+)")


class DayKind(enum.StrEnum):
    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    ADJUSTED_WORKDAY = "adjusted_workday"


_WORKING_KINDS = frozenset({DayKind.WORKDAY, DayKind.ADJUSTED_WORKDAY})


@dataclass(frozen=True, slots=True)
class Deadline:
    date: datetime.date
    rule: str
    provisional: bool


@dataclass(frozen=True, slots=True)
class _Year:
    # Only the days that differ from the plain Monday–Friday rule, or that carry a holiday's name.
    special_days: dict[datetime.date, tuple[DayKind, str]]
    workday_ordinals: list[int]


def package_covers(year):
    return _PACKAGE_FIRST_YEAR <= year <= _PACKAGE_LAST_YEAR


def _plain_kind(day):
    return DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKDAY


def _kind_of_declared_working_day(day):
    return DayKind.ADJUSTED_WORKDAY if day.weekday() >= 5 else DayKind.WORKDAY


@functools.cache
def _package_special_days(year):
    if not package_covers(year):
        return {}
    special_days = {}
    for day, english_name in chinese_calendar.holidays.items():
        if day.year == year:
            special_days[day] = (DayKind.HOLIDAY, _CHINESE_HOLIDAY_NAMES.get(english_name, english_name))
    for day, english_name in chinese_calendar.workdays.items():
        if day.year == year:
            special_days[day] = (_kind_of_declared_working_day(day), _CHINESE_HOLIDAY_NAMES.get(english_name, english_name))
    return special_days


def local_date(value):
    """The Beijing-time calendar date of a date or an aware datetime."""
    if isinstance(value, datetime.datetime):
        if value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()}: pass an aware datetime or a date")
        return value.astimezone(CHINA).date()
    if isinstance(value, datetime.date):
        return value
    raise TypeError(f"expected a date or an aware datetime, got {type(value).__name__}")


def _non_negative(n, unit):
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"the number of {unit} must be a whole number of at least 0, got {n!r}")
    return n


class Calendar:
    """Working days for the whole country (congress=None) or for one congress.

    A congress sees the national entries plus its own, its own winning on the same day.
    """

    def __init__(self, congress=None):
        congress_id = getattr(congress, "pk", congress)
        entries = DayOverride.objects.filter(Q(congress__isnull=True) | Q(congress_id=congress_id))
        national, local = {}, {}
        for day, kind, name, entry_congress_id in entries.values_list("date", "kind", "name", "congress_id"):
            (national if entry_congress_id is None else local)[day] = (kind, name)
        complete_years = HolidayYear.objects.filter(
            Q(congress__isnull=True) | Q(congress_id=congress_id), complete=True
        ).values_list("year", flat=True)
        self._set_entries({**national, **local}, complete_years)

    @classmethod
    def from_entries(cls, overrides=None, complete_years=()):
        """A calendar built from given entries rather than the database, for scripts that run without one.

        `overrides` maps a date to (DayOverride.Kind, name).
        """
        instance = cls.__new__(cls)
        instance._set_entries(dict(overrides or {}), complete_years)
        return instance

    def _set_entries(self, overrides, complete_years):
        self._overrides_by_year = {}
        for day, (kind, name) in overrides.items():
            self._overrides_by_year.setdefault(day.year, {})[day] = (kind, name)
        self._complete_years = frozenset(complete_years)
        self._years = {}

    def _year(self, year):
        cached = self._years.get(year)
        if cached is not None:
            return cached
        special_days = dict(_package_special_days(year))
        for day, (kind, name) in self._overrides_by_year.get(year, {}).items():
            special_days[day] = (
                DayKind.HOLIDAY if kind == DayOverride.Kind.HOLIDAY else _kind_of_declared_working_day(day),
                name,
            )
        first, after_last = datetime.date(year, 1, 1).toordinal(), datetime.date(year + 1, 1, 1).toordinal()
        workday_ordinals = []
        for ordinal in range(first, after_last):
            day = datetime.date.fromordinal(ordinal)
            kind = special_days[day][0] if day in special_days else _plain_kind(day)
            if kind in _WORKING_KINDS:
                workday_ordinals.append(ordinal)
        built = _Year(special_days, workday_ordinals)
        self._years[year] = built
        return built

    def is_known_year(self, year):
        return package_covers(year) or year in self._complete_years

    def special_days(self, year):
        """Every day of `year` that is not a plain weekday/weekend, as sorted (date, kind, name)."""
        return sorted((day, kind, name) for day, (kind, name) in self._year(year).special_days.items())

    def _any_unknown_year(self, first_day, last_day):
        return not all(self.is_known_year(year) for year in range(first_day.year, last_day.year + 1))

    def day_kind(self, day):
        """(kind, name) of a day; name is the holiday's name, or "" for an ordinary day."""
        day = local_date(day)
        special = self._year(day.year).special_days.get(day)
        return special if special is not None else (_plain_kind(day), "")

    def is_workday(self, day):
        return self.day_kind(day)[0] in _WORKING_KINDS

    def _first_workday_on_or_after(self, day):
        ordinal, year = day.toordinal(), day.year
        while True:
            workday_ordinals = self._year(year).workday_ordinals
            index = bisect_left(workday_ordinals, ordinal)
            if index < len(workday_ordinals):
                return datetime.date.fromordinal(workday_ordinals[index])
            year += 1

    def _ending_on_a_working_day(self, nominal_end, rule):
        end = self._first_workday_on_or_after(nominal_end)
        return Deadline(end, rule, self._any_unknown_year(nominal_end, end))

    def add_workdays(self, start, n):
        """The n-th working day after start (start itself not counted); n=0 gives start."""
        start, n = local_date(start), _non_negative(n, "working days")
        rule = f"workdays:{n}"
        if n == 0:
            return Deadline(start, rule, False)
        ordinal, year, remaining = start.toordinal(), start.year, n
        while True:
            workday_ordinals = self._year(year).workday_ordinals
            index = bisect_right(workday_ordinals, ordinal)
            available = len(workday_ordinals) - index
            if remaining <= available:
                end = datetime.date.fromordinal(workday_ordinals[index + remaining - 1])
                return Deadline(end, rule, self._any_unknown_year(start + datetime.timedelta(days=1), end))
            remaining -= available
            year += 1

    def add_months(self, start, n):
        start, n = local_date(start), _non_negative(n, "months")
        year, month_index = divmod(start.year * 12 + start.month - 1 + n, 12)
        month = month_index + 1
        nominal_end = datetime.date(year, month, min(start.day, gregorian.monthrange(year, month)[1]))
        return self._ending_on_a_working_day(nominal_end, f"months:{n}")

    def add_days(self, start, n):
        start, n = local_date(start), _non_negative(n, "days")
        return self._ending_on_a_working_day(start + datetime.timedelta(days=n), f"days:{n}")

    def workdays_between(self, a, b):
        """How many working days lie in (a, b]; 0 when b is not after a."""
        a, b = local_date(a), local_date(b)
        after, until = a.toordinal(), b.toordinal()
        if until <= after:
            return 0
        count = 0
        for year in range(a.year, b.year + 1):
            workday_ordinals = self._year(year).workday_ordinals
            count += bisect_right(workday_ordinals, until) - bisect_right(workday_ordinals, after)
        return count

    def deadline(self, start, rule):
        """Apply a rule string such as "workdays:15", "months:3" or "days:10"."""
        unit, n = parse_rule(rule)
        return _ADDERS[unit](self, start, n)


_ADDERS = {"workdays": Calendar.add_workdays, "months": Calendar.add_months, "days": Calendar.add_days}


def parse_rule(rule):
    """(unit, count) of a rule string; raises ValueError saying what is wrong with a bad one."""
    if not isinstance(rule, str):
        raise TypeError(f"a deadline rule must be a string like 'workdays:15', got {type(rule).__name__}")
    return _parse_rule_string(rule)


@functools.lru_cache(maxsize=256)
def _parse_rule_string(rule):
    match = _RULE_PATTERN.fullmatch(rule)
    if match is None:
        raise ValueError(f"malformed deadline rule {rule!r}: expected '<unit>:<whole number>', e.g. 'workdays:15'")
    unit = match["unit"]
    if unit not in _ADDERS:
        raise ValueError(f"unknown unit {unit!r} in deadline rule {rule!r}: use one of {', '.join(_ADDERS)}")
    return unit, int(match["count"])


def deadline(start, rule, congress=None):
    """One deadline; for many, build a Calendar once and call its deadline() method."""
    return Calendar(congress).deadline(start, rule)


def missing_next_year_warning(today=None):
    """From November 1, a reminder to enter next year's national holidays while they are missing.

    The reminder does not stop on January 1: a year still missing once it has begun is the most urgent.
    """
    today = local_date(today if today is not None else datetime.datetime.now(CHINA))
    years_needed = [today.year, today.year + 1] if today.month >= 11 else [today.year]
    complete_years = set(
        HolidayYear.objects.filter(year__in=years_needed, congress__isnull=True, complete=True).values_list("year", flat=True)
    )
    missing = [year for year in years_needed if not package_covers(year) and year not in complete_years]
    if not missing:
        return None
    return gettext(
        "The national holidays for %(year)s have not been entered yet. Enter the State Council's notice "
        "in the working-day calendar and mark the year complete; until then, deadlines in %(year)s count "
        "weekends only and are shown as provisional."
    ) % {"year": missing[0]}
