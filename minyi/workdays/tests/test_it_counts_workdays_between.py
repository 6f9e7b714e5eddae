from datetime import date


def test_it_counts_working_days_after_the_first_date_up_to_and_including_the_second(national):
    assert national.workdays_between(date(2026, 3, 2), date(2026, 3, 9)) == 5


def test_it_counts_adjusted_workdays_and_not_holidays(national):
    # 2-14 (Sat, adjusted) and 2-24 only; 2-15..2-23 are Spring Festival.
    assert national.workdays_between(date(2026, 2, 13), date(2026, 2, 24)) == 2


def test_it_counts_across_years(national):
    # 2025-12-31 is not counted; 2026-01-01..01-03 are New Year, 01-04 (Sun) is adjusted.
    assert national.workdays_between(date(2025, 12, 31), date(2026, 1, 5)) == 2


def test_it_gives_zero_when_the_second_date_is_not_after_the_first(national):
    assert national.workdays_between(date(2026, 3, 9), date(2026, 3, 9)) == 0
    assert national.workdays_between(date(2026, 3, 9), date(2026, 3, 2)) == 0


def test_it_agrees_with_add_workdays(national):
    start = date(2026, 9, 25)
    assert national.workdays_between(start, national.add_workdays(start, 15).date) == 15
