"""Day kinds for 2026, checked against the installed chinesecalendar 1.11.0 data."""

from datetime import date, timedelta

import pytest


def _days(first, last):
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


@pytest.mark.parametrize("day", _days(date(2026, 2, 15), date(2026, 2, 23)))
def test_it_treats_spring_festival_2026_as_holiday(national, day):
    assert national.day_kind(day) == ("holiday", "春节")
    assert not national.is_workday(day)


@pytest.mark.parametrize("day", [date(2026, 2, 14), date(2026, 2, 28)])
def test_it_treats_spring_festival_2026_saturdays_as_adjusted_workdays(national, day):
    assert day.weekday() == 5
    assert national.day_kind(day) == ("adjusted_workday", "春节")
    assert national.is_workday(day)


@pytest.mark.parametrize("day", _days(date(2026, 10, 1), date(2026, 10, 7)))
def test_it_treats_national_day_2026_as_holiday(national, day):
    assert national.day_kind(day) == ("holiday", "国庆节")


def test_it_treats_national_day_2026_weekend_shifts_as_adjusted_workdays(national):
    assert date(2026, 9, 20).weekday() == 6
    assert date(2026, 10, 10).weekday() == 5
    assert national.day_kind(date(2026, 9, 20)) == ("adjusted_workday", "国庆节")
    assert national.day_kind(date(2026, 10, 10)) == ("adjusted_workday", "国庆节")


def test_it_sees_the_days_around_a_holiday_as_ordinary(national):
    assert national.day_kind(date(2026, 2, 13)) == ("workday", "")
    assert national.day_kind(date(2026, 2, 24)) == ("workday", "")
    assert national.day_kind(date(2026, 3, 1)) == ("weekend", "")
    assert national.day_kind(date(2026, 10, 8)) == ("workday", "")
    assert national.day_kind(date(2026, 10, 11)) == ("weekend", "")


def test_it_knows_the_package_years_only(national):
    assert national.is_known_year(2004)
    assert national.is_known_year(2026)
    assert not national.is_known_year(2003)
    assert not national.is_known_year(2027)
