from datetime import date

import pytest

from minyi.workdays.calendar import Calendar
from minyi.workdays.models import DayOverride, HolidayYear


def test_it_computes_2027_on_weekends_only_and_flags_it(national):
    # Spring Festival 2027 falls around 02-06, but with no data only weekends are skipped.
    result = national.add_workdays(date(2027, 2, 5), 5)
    assert result.date == date(2027, 2, 12)
    assert result.provisional


def test_it_moves_a_2027_month_end_off_a_sunday_and_flags_it(national):
    # 2027-02-28 is a Sunday.
    result = national.add_months(date(2027, 1, 31), 1)
    assert result.date == date(2027, 3, 1)
    assert result.provisional


def test_it_flags_a_period_that_runs_into_2027(national):
    assert national.add_workdays(date(2026, 12, 30), 5).provisional
    assert national.add_months(date(2026, 12, 15), 3).provisional


def test_it_does_not_flag_a_period_that_stays_in_2026(national):
    assert not national.add_workdays(date(2026, 12, 1), 5).provisional
    assert not national.add_days(date(2026, 12, 1), 20).provisional


def test_it_does_not_flag_an_unknown_start_year_whose_days_are_not_counted(national):
    assert not national.add_days(date(2003, 12, 25), 10).provisional


def test_it_stops_flagging_a_year_the_administrators_marked_complete():
    calendar = Calendar.from_entries({date(2027, 2, 8): (DayOverride.Kind.HOLIDAY, "春节")}, complete_years=[2027])
    result = calendar.add_workdays(date(2027, 2, 5), 1)
    assert calendar.is_known_year(2027)
    assert result.date == date(2027, 2, 9)
    assert not result.provisional


@pytest.mark.django_db
def test_it_reads_complete_years_from_the_database():
    HolidayYear.objects.create(year=2027, complete=True)
    HolidayYear.objects.create(year=2028, complete=False)
    calendar = Calendar()
    assert calendar.is_known_year(2027)
    assert not calendar.is_known_year(2028)


@pytest.mark.django_db
def test_it_counts_a_congress_own_complete_year_for_that_congress_only(nanning_congress, enshi_congress):
    HolidayYear.objects.create(year=2027, congress=nanning_congress, complete=True)
    assert Calendar(nanning_congress).is_known_year(2027)
    assert not Calendar(enshi_congress).is_known_year(2027)
    assert not Calendar().is_known_year(2027)
