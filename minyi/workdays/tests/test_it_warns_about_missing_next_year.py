from datetime import date

import pytest

from minyi.workdays.calendar import missing_next_year_warning
from minyi.workdays.models import HolidayYear

pytestmark = pytest.mark.django_db


def test_it_warns_from_november_when_next_year_is_missing():
    message = missing_next_year_warning(date(2026, 11, 1))
    assert message is not None
    assert "2027" in message


def test_it_stays_quiet_before_november():
    assert missing_next_year_warning(date(2026, 10, 31)) is None


def test_it_stays_quiet_when_the_package_knows_next_year():
    assert missing_next_year_warning(date(2025, 12, 15)) is None


def test_it_stays_quiet_once_next_year_is_marked_complete():
    HolidayYear.objects.create(year=2027, complete=True)
    assert missing_next_year_warning(date(2026, 11, 20)) is None


def test_it_still_warns_while_next_year_is_incomplete(nanning_congress):
    HolidayYear.objects.create(year=2027, complete=False)
    HolidayYear.objects.create(year=2027, congress=nanning_congress, complete=True)
    assert missing_next_year_warning(date(2026, 12, 31)) is not None


def test_it_keeps_warning_after_new_year_while_the_year_is_still_missing():
    message = missing_next_year_warning(date(2027, 1, 4))
    assert message is not None
    assert "2027" in message


def test_it_stays_quiet_in_a_new_year_once_it_is_complete():
    HolidayYear.objects.create(year=2027, complete=True)
    assert missing_next_year_warning(date(2027, 6, 1)) is None
