from datetime import UTC, date, datetime, timedelta, timezone

import pytest


def test_it_uses_the_beijing_date_of_an_aware_datetime(national):
    # 17:30 UTC on 2026-02-13 is already 01:30 on Saturday 2026-02-14 in Beijing.
    late_friday_utc = datetime(2026, 2, 13, 17, 30, tzinfo=UTC)
    assert national.day_kind(late_friday_utc) == ("adjusted_workday", "春节")
    assert national.add_workdays(late_friday_utc, 1).date == date(2026, 2, 24)


def test_it_converts_from_any_offset(national):
    new_york_evening = datetime(2026, 9, 30, 20, 0, tzinfo=timezone(timedelta(hours=-4)))
    assert national.add_days(new_york_evening, 0).date == date(2026, 10, 8)


def test_it_rejects_a_naive_datetime(national):
    with pytest.raises(ValueError, match="naive datetime"):
        national.add_workdays(datetime(2026, 3, 2, 9, 0), 1)


def test_it_rejects_something_that_is_not_a_date(national):
    with pytest.raises(TypeError, match="expected a date"):
        national.is_workday("2026-03-02")
