from datetime import date


def test_it_counts_calendar_days_from_the_day_after_the_start(national):
    result = national.add_days(date(2026, 3, 2), 10)
    assert result.date == date(2026, 3, 12)
    assert result.rule == "days:10"
    assert not result.provisional


def test_it_moves_an_end_on_a_holiday_past_the_holiday(national):
    assert national.add_days(date(2026, 2, 5), 10).date == date(2026, 2, 24)


def test_it_moves_an_end_on_a_plain_weekend_to_monday(national):
    assert national.add_days(date(2026, 3, 4), 3).date == date(2026, 3, 9)


def test_it_keeps_an_end_on_an_adjusted_working_sunday(national):
    assert national.add_days(date(2026, 9, 10), 10).date == date(2026, 9, 20)
