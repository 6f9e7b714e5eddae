"""Month calendars of a station's reception days, for its timetable page."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.utils.translation import pgettext_lazy

from .models import Weekday
from .reception import reception_days

MONTHS_SHOWN = 3


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool = False
    receptions: list = field(default_factory=list)
    on_duty: list = field(default_factory=list)
    exception: object = None


@dataclass
class Month:
    first: datetime.date
    weeks: list
    reception_count: int = 0


def first_of_next_month(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def months_ahead(station, today, count=MONTHS_SHOWN):
    """This month and the next ones: weeks of days, each with its receptions, who is on duty
    and any exception (a cancelled day, or one moved away)."""
    first = today.replace(day=1)
    firsts = [first]
    for _ in range(count - 1):
        firsts.append(first_of_next_month(firsts[-1]))
    end = first_of_next_month(firsts[-1]) - datetime.timedelta(days=1)
    receptions, on_duty, exceptions = {}, {}, {}
    for reception in reception_days(station, first, end):
        receptions.setdefault(reception.date, []).append(reception)
    for entry in station.duty_roster.filter(date__range=(first, end)).select_related("representative"):
        on_duty.setdefault(entry.date, []).append(entry.representative)
    for exception in station.reception_exceptions.filter(date__range=(first, end)):
        exceptions[exception.date] = exception
    months = []
    for month_first in firsts:
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month_first.year, month_first.month):
            weeks.append(
                [
                    Day(
                        date=day,
                        in_month=day.month == month_first.month,
                        is_today=day == today,
                        receptions=receptions.get(day, []) if day.month == month_first.month else [],
                        on_duty=on_duty.get(day, []) if day.month == month_first.month else [],
                        exception=exceptions.get(day) if day.month == month_first.month else None,
                    )
                    for day in week
                ]
            )
        count_in_month = sum(1 for day in receptions if day.year == month_first.year and day.month == month_first.month)
        months.append(Month(month_first, weeks, count_in_month))
    return months


# Column heads of a calendar on a phone, where a full weekday name does not fit.
SHORT_WEEKDAYS = [
    pgettext_lazy("calendar column", "Mo"),
    pgettext_lazy("calendar column", "Tu"),
    pgettext_lazy("calendar column", "We"),
    pgettext_lazy("calendar column", "Th"),
    pgettext_lazy("calendar column", "Fr"),
    pgettext_lazy("calendar column", "Sa"),
    pgettext_lazy("calendar column", "Su"),
]


def weekday_names():
    """(full name, short name) for each column, Monday first."""
    return [(label, short) for (_, label), short in zip(Weekday.choices, SHORT_WEEKDAYS, strict=True)]
