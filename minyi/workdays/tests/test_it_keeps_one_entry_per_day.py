from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from minyi.workdays.models import DayOverride, HolidayYear

pytestmark = pytest.mark.django_db

DAY = date(2027, 2, 8)


def test_it_refuses_a_second_national_entry_for_a_day():
    DayOverride.objects.create(date=DAY, kind=DayOverride.Kind.HOLIDAY, name="春节")
    with pytest.raises(IntegrityError):
        DayOverride.objects.create(date=DAY, kind=DayOverride.Kind.WORKDAY)


def test_it_refuses_a_second_local_entry_for_a_day(nanning_congress):
    DayOverride.objects.create(date=DAY, kind=DayOverride.Kind.HOLIDAY, congress=nanning_congress)
    with pytest.raises(IntegrityError):
        DayOverride.objects.create(date=DAY, kind=DayOverride.Kind.WORKDAY, congress=nanning_congress)


def test_it_allows_a_national_and_local_entries_for_the_same_day(nanning_congress, enshi_congress):
    for congress in (None, nanning_congress, enshi_congress):
        DayOverride.objects.create(date=DAY, kind=DayOverride.Kind.HOLIDAY, congress=congress)
    assert DayOverride.objects.filter(date=DAY).count() == 3


def test_it_explains_a_duplicate_national_entry_in_forms():
    DayOverride.objects.create(date=DAY, kind=DayOverride.Kind.HOLIDAY)
    with pytest.raises(ValidationError, match="该日期已有全国通用的记录"):
        DayOverride(date=DAY, kind=DayOverride.Kind.WORKDAY).full_clean()


def test_it_refuses_a_second_national_holiday_year():
    HolidayYear.objects.create(year=2027)
    with pytest.raises(IntegrityError):
        HolidayYear.objects.create(year=2027, complete=True)
