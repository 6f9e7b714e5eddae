from datetime import date


def test_it_does_not_count_the_start_day(national):
    assert national.add_workdays(date(2026, 3, 2), 1).date == date(2026, 3, 3)


def test_it_returns_the_start_itself_for_zero(national):
    assert national.add_workdays(date(2026, 2, 15), 0).date == date(2026, 2, 15)


def test_it_skips_weekends(national):
    assert national.add_workdays(date(2026, 3, 6), 1).date == date(2026, 3, 9)


def test_it_counts_the_spring_festival_saturday_before_the_holiday(national):
    assert national.add_workdays(date(2026, 2, 13), 1).date == date(2026, 2, 14)


def test_it_skips_the_spring_festival_holiday(national):
    assert national.add_workdays(date(2026, 2, 13), 2).date == date(2026, 2, 24)


def test_it_counts_national_day_adjusted_workdays_and_skips_the_holiday(national):
    assert national.add_workdays(date(2026, 9, 19), 1).date == date(2026, 9, 20)
    assert national.add_workdays(date(2026, 9, 30), 1).date == date(2026, 10, 8)
    assert national.add_workdays(date(2026, 10, 9), 1).date == date(2026, 10, 10)


def test_it_computes_fifteen_workdays_across_national_day(national):
    # 9-28..9-30 (3), 10-8..10-10 (3), 10-12..10-16 (5), 10-19..10-22 (4)
    result = national.add_workdays(date(2026, 9, 25), 15)
    assert result.date == date(2026, 10, 22)
    assert result.rule == "workdays:15"
    assert not result.provisional


def test_it_starts_counting_after_a_start_on_a_holiday(national):
    assert national.add_workdays(date(2026, 10, 3), 1).date == date(2026, 10, 8)


def test_it_crosses_into_the_next_year_onto_an_adjusted_sunday(national):
    # 2026-01-01..01-03 are New Year's Day; Sunday 01-04 is worked in exchange.
    assert national.add_workdays(date(2025, 12, 31), 1).date == date(2026, 1, 4)
