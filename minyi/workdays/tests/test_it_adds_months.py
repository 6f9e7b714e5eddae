from datetime import date


def test_it_ends_on_the_same_numbered_day(national):
    result = national.add_months(date(2026, 3, 16), 3)
    assert result.date == date(2026, 6, 16)
    assert result.rule == "months:3"
    assert not result.provisional


def test_it_clamps_to_the_last_day_of_a_shorter_month(national):
    # 2025-02-28 is a Friday.
    assert national.add_months(date(2025, 1, 31), 1).date == date(2025, 2, 28)


def test_it_clamps_to_february_29_in_a_leap_year(national):
    assert national.add_months(date(2024, 1, 31), 1).date == date(2024, 2, 29)


def test_it_moves_a_clamped_end_on_a_sunday_to_monday(national):
    # 2021-02-28 is a Sunday.
    assert national.add_months(date(2021, 1, 31), 1).date == date(2021, 3, 1)


def test_it_keeps_a_clamped_end_on_an_adjusted_working_saturday(national):
    # 2026-02-28 is a Saturday, but a working one (Spring Festival 调休).
    assert national.add_months(date(2026, 1, 31), 1).date == date(2026, 2, 28)


def test_it_moves_an_end_on_a_holiday_to_the_first_working_day_after_it(national):
    assert national.add_months(date(2026, 9, 1), 1).date == date(2026, 10, 8)


def test_it_moves_an_end_on_spring_festival_past_the_whole_holiday(national):
    assert national.add_months(date(2025, 11, 16), 3).date == date(2026, 2, 24)


def test_it_crosses_years(national):
    # 2026-05-30 is a Saturday that is not an adjusted working day.
    assert national.add_months(date(2025, 11, 30), 6).date == date(2026, 6, 1)
