from datetime import date

import pytest

from minyi.workdays import calendar


def test_it_applies_each_kind_of_rule(national):
    start = date(2026, 9, 25)
    assert national.deadline(start, "workdays:15") == national.add_workdays(start, 15)
    assert national.deadline(start, "months:3") == national.add_months(start, 3)
    assert national.deadline(start, "days:10") == national.add_days(start, 10)


def test_it_parses_a_rule_into_unit_and_count():
    assert calendar.parse_rule("months:6") == ("months", 6)


@pytest.mark.django_db
def test_it_offers_a_one_off_deadline_function():
    result = calendar.deadline(date(2026, 2, 13), "workdays:2")
    assert result == calendar.Deadline(date(2026, 2, 24), "workdays:2", False)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("weeks:2", "unknown unit 'weeks'"),
        ("workdays", "malformed deadline rule"),
        ("workdays:", "malformed deadline rule"),
        ("workdays:-1", "malformed deadline rule"),
        ("workdays:1.5", "malformed deadline rule"),
        ("Workdays:3", "malformed deadline rule"),
        (" days:3", "malformed deadline rule"),
        ("", "malformed deadline rule"),
    ],
)
def test_it_rejects_a_bad_rule_with_a_clear_message(national, rule, message):
    with pytest.raises(ValueError, match=message):
        national.deadline(date(2026, 3, 2), rule)


@pytest.mark.parametrize("rule", [15, None])
def test_it_rejects_a_rule_that_is_not_a_string(national, rule):
    with pytest.raises(TypeError, match="must be a string"):
        national.deadline(date(2026, 3, 2), rule)


@pytest.mark.parametrize("n", [-1, 1.5, True])
def test_it_rejects_a_count_that_is_not_a_whole_number_of_at_least_zero(national, n):
    with pytest.raises(ValueError, match="whole number of at least 0"):
        national.add_workdays(date(2026, 3, 2), n)
