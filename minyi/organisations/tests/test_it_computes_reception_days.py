import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from minyi.organisations.models import ReceptionException, ReceptionRule, Weekday
from minyi.organisations.reception import Reception, compute_reception_days, reception_days

D = datetime.date
NINE, HALF_PAST_ELEVEN, TWO, FIVE = datetime.time(9), datetime.time(11, 30), datetime.time(14), datetime.time(17)


def monthly(day, **fields):
    return ReceptionRule(kind=ReceptionRule.Kind.MONTHLY, day_of_month=day, start_time=NINE, end_time=HALF_PAST_ELEVEN, **fields)


def weekly(weekday, **fields):
    return ReceptionRule(kind=ReceptionRule.Kind.WEEKLY, weekday=weekday, start_time=TWO, end_time=FIVE, **fields)


def test_it_lists_the_fifth_of_every_month():
    days = compute_reception_days([monthly(5)], [], D(2025, 1, 1), D(2025, 3, 31))
    assert days == [Reception(D(2025, 1, 5), NINE, HALF_PAST_ELEVEN), Reception(D(2025, 2, 5), NINE, HALF_PAST_ELEVEN), Reception(D(2025, 3, 5), NINE, HALF_PAST_ELEVEN)]


def test_it_lists_every_tuesday_afternoon():
    days = compute_reception_days([weekly(Weekday.TUESDAY)], [], D(2025, 6, 1), D(2025, 6, 30))
    assert [r.date for r in days] == [D(2025, 6, 3), D(2025, 6, 10), D(2025, 6, 17), D(2025, 6, 24)]
    assert all((r.start_time, r.end_time) == (TWO, FIVE) for r in days)


def test_it_includes_both_ends_of_the_range():
    assert [r.date for r in compute_reception_days([monthly(5)], [], D(2025, 1, 5), D(2025, 2, 5))] == [D(2025, 1, 5), D(2025, 2, 5)]


def test_it_skips_months_without_the_rules_day():
    days = compute_reception_days([monthly(31)], [], D(2025, 1, 1), D(2025, 6, 30))
    assert [r.date for r in days] == [D(2025, 1, 31), D(2025, 3, 31), D(2025, 5, 31)]


def test_it_adds_a_one_off_date_to_the_regular_ones():
    one_off = ReceptionRule(kind=ReceptionRule.Kind.ONCE, date=D(2025, 3, 15), start_time=TWO, end_time=FIVE)
    days = compute_reception_days([monthly(5), one_off], [], D(2025, 3, 1), D(2025, 3, 31))
    assert days == [Reception(D(2025, 3, 5), NINE, HALF_PAST_ELEVEN), Reception(D(2025, 3, 15), TWO, FIVE)]


def test_it_keeps_two_receptions_on_one_day_in_time_order():
    days = compute_reception_days([weekly(Weekday.MONDAY), monthly(2)], [], D(2025, 6, 2), D(2025, 6, 2))
    assert days == [Reception(D(2025, 6, 2), NINE, HALF_PAST_ELEVEN), Reception(D(2025, 6, 2), TWO, FIVE)]


def test_it_applies_rules_only_while_they_are_valid():
    rules = [monthly(5, valid_to=D(2025, 2, 28)), weekly(Weekday.WEDNESDAY, valid_from=D(2025, 3, 1))]
    days = compute_reception_days(rules, [], D(2025, 1, 1), D(2025, 3, 10))
    assert [r.date for r in days] == [D(2025, 1, 5), D(2025, 2, 5), D(2025, 3, 5)]
    assert days[-1].start_time == TWO


def test_it_drops_a_cancelled_day():
    cancelled = ReceptionException(date=D(2025, 2, 5), reason="春节假期")
    days = compute_reception_days([monthly(5)], [cancelled], D(2025, 1, 1), D(2025, 3, 31))
    assert [r.date for r in days] == [D(2025, 1, 5), D(2025, 3, 5)]


def test_it_moves_a_day_keeping_its_times():
    moved = ReceptionException(date=D(2025, 10, 5), moved_to=D(2025, 10, 9), reason="国庆假期")
    days = compute_reception_days([monthly(5)], [moved], D(2025, 10, 1), D(2025, 10, 31))
    assert days == [Reception(D(2025, 10, 9), NINE, HALF_PAST_ELEVEN)]


def test_it_includes_a_day_moved_into_the_range_and_not_one_moved_out():
    into = ReceptionException(date=D(2025, 9, 30), moved_to=D(2025, 10, 10), reason="")
    out = ReceptionException(date=D(2025, 10, 31), moved_to=D(2025, 11, 3), reason="")
    days = compute_reception_days([monthly(30), monthly(31)], [into, out], D(2025, 10, 1), D(2025, 10, 31))
    assert [r.date for r in days] == [D(2025, 10, 10), D(2025, 10, 30)]


def test_it_ignores_an_exception_on_a_day_without_reception():
    stray = ReceptionException(date=D(2025, 3, 6), moved_to=D(2025, 3, 7), reason="")
    assert [r.date for r in compute_reception_days([monthly(5)], [stray], D(2025, 3, 1), D(2025, 3, 31))] == [D(2025, 3, 5)]


@pytest.mark.django_db
def test_it_reads_a_stations_own_rules_and_exceptions(jingmen):
    station = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.town_congress)
    other = jingmen.station("掇刀区代表之家", jingmen.duodao, jingmen.duodao_congress, kind="home")
    rule = monthly(5)
    rule.station = station
    rule.save()
    ReceptionRule.objects.create(station=other, kind=ReceptionRule.Kind.MONTHLY, day_of_month=6, start_time=NINE, end_time=FIVE)
    ReceptionException.objects.create(station=station, date=D(2025, 2, 5), reason="春节假期")
    assert [r.date for r in reception_days(station, D(2025, 1, 1), D(2025, 3, 31))] == [D(2025, 1, 5), D(2025, 3, 5)]


@pytest.mark.django_db
def test_it_keeps_only_the_day_field_of_the_rules_kind(jingmen):
    station = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.town_congress)
    rule = ReceptionRule(station=station, kind=ReceptionRule.Kind.WEEKLY, weekday=1, day_of_month=5, start_time=NINE, end_time=FIVE)
    rule.full_clean()
    assert rule.day_of_month is None and rule.weekday == 1


@pytest.mark.django_db
def test_it_refuses_incomplete_or_backward_rules(jingmen):
    station = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.town_congress)
    with pytest.raises(ValidationError) as missing:
        ReceptionRule(station=station, kind=ReceptionRule.Kind.MONTHLY, start_time=NINE, end_time=FIVE).full_clean()
    assert "day_of_month" in missing.value.message_dict
    with pytest.raises(ValidationError) as backward:
        ReceptionRule(station=station, kind=ReceptionRule.Kind.WEEKLY, weekday=1, start_time=FIVE, end_time=NINE).full_clean()
    assert "end_time" in backward.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        ReceptionRule.objects.create(station=station, kind=ReceptionRule.Kind.MONTHLY, weekday=1, start_time=NINE, end_time=FIVE)


@pytest.mark.django_db
def test_it_refuses_moving_a_reception_to_its_own_day(jingmen):
    station = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.town_congress)
    with pytest.raises(ValidationError):
        ReceptionException(station=station, date=D(2025, 2, 5), moved_to=D(2025, 2, 5), reason="x").full_clean()


def test_it_describes_rules_for_people():
    with translation.override("en"):
        assert monthly(5).describe() == "Every month on day 5, 09:00–11:30"
        assert weekly(Weekday.TUESDAY).describe() == "Every Tuesday, 14:00–17:00"
