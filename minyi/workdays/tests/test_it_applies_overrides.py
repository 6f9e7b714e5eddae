from datetime import date

import pytest

from minyi.workdays.calendar import Calendar
from minyi.workdays.models import DayOverride

pytestmark = pytest.mark.django_db

HOLIDAY, WORKDAY = DayOverride.Kind.HOLIDAY, DayOverride.Kind.WORKDAY
SANYUESAN = date(2026, 4, 20)  # a Monday


def test_it_applies_a_national_entry_to_every_congress(nanning_congress):
    DayOverride.objects.create(date=SANYUESAN, kind=HOLIDAY, name="全国调整")
    assert Calendar().day_kind(SANYUESAN) == ("holiday", "全国调整")
    assert Calendar(nanning_congress).day_kind(SANYUESAN) == ("holiday", "全国调整")


def test_it_applies_a_local_entry_to_its_own_congress_only(nanning_congress, enshi_congress):
    DayOverride.objects.create(date=SANYUESAN, kind=HOLIDAY, name="壮族三月三", congress=nanning_congress)
    assert Calendar(nanning_congress).day_kind(SANYUESAN) == ("holiday", "壮族三月三")
    assert Calendar(enshi_congress).is_workday(SANYUESAN)
    assert Calendar().is_workday(SANYUESAN)


def test_it_lets_a_local_entry_win_over_a_national_one(nanning_congress, enshi_congress):
    DayOverride.objects.create(date=SANYUESAN, kind=HOLIDAY, name="全国调整")
    DayOverride.objects.create(date=SANYUESAN, kind=WORKDAY, name="照常上班", congress=nanning_congress)
    assert Calendar(nanning_congress).day_kind(SANYUESAN) == ("workday", "照常上班")
    assert not Calendar(enshi_congress).is_workday(SANYUESAN)


def test_it_lets_a_local_entry_win_over_the_package(nanning_congress):
    DayOverride.objects.create(date=date(2026, 10, 7), kind=WORKDAY, name="值守", congress=nanning_congress)
    DayOverride.objects.create(date=date(2026, 10, 10), kind=HOLIDAY, name="补休", congress=nanning_congress)
    local = Calendar(nanning_congress)
    assert local.day_kind(date(2026, 10, 7)) == ("workday", "值守")
    assert local.day_kind(date(2026, 10, 10)) == ("holiday", "补休")
    assert local.add_workdays(date(2026, 9, 30), 1).date == date(2026, 10, 7)
    assert Calendar().add_workdays(date(2026, 9, 30), 1).date == date(2026, 10, 8)


def test_it_lets_a_national_entry_win_over_the_package():
    DayOverride.objects.create(date=date(2026, 2, 28), kind=HOLIDAY, name="春节")
    assert Calendar().add_months(date(2026, 1, 31), 1).date == date(2026, 3, 2)


def test_it_calls_a_declared_working_weekend_an_adjusted_workday():
    DayOverride.objects.create(date=date(2027, 2, 20), kind=WORKDAY, name="春节")
    assert Calendar().day_kind(date(2027, 2, 20)) == ("adjusted_workday", "春节")


def test_it_reads_the_database_once_per_calendar(django_assert_num_queries):
    with django_assert_num_queries(2):
        calendar = Calendar()
    with django_assert_num_queries(0):
        for month in range(1, 13):
            calendar.add_workdays(date(2026, month, 1), 15)
