"""Opinion deadlines: the kind's defaults (DOMAIN.md), snapshot rules, green channel, and each
congress's own settings per category, all across the 2026 National Day holiday (1–7 October;
Saturday 10 October is a working day)."""

import datetime

import pytest

from minyi.matters import services as engine
from minyi.opinions import services
from minyi.opinions.models import Category, CategorySetting, Form
from minyi.workdays.calendar import CHINA

pytestmark = pytest.mark.django_db

BEFORE_THE_HOLIDAY = datetime.datetime(2026, 9, 30, 10, 0, tzinfo=CHINA)


@pytest.fixture
def on_the_eve(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: BEFORE_THE_HOLIDAY)


def _assigned(world, submission, **kwargs):
    green = kwargs.pop("green_channel", False)
    matter, _created = services.submit(submission(**kwargs))
    services.accept(matter, actor=world.dongbao_staff, category=matter.category, green_channel=green)
    (lead,) = engine.assign(matter, lead=world.dongbao_unit, actor=world.dongbao_staff)
    return lead


def test_an_opinion_is_signed_on_the_first_and_answered_on_the_fifteenth_working_day(world, submission, on_the_eve):
    lead = _assigned(world, submission)
    assert (lead.sign_due, lead.sign_rule) == (datetime.date(2026, 10, 8), "workdays:1")
    assert (lead.handle_due, lead.handle_rule) == (datetime.date(2026, 10, 27), "workdays:15")


def test_a_snapshot_is_taken_up_within_a_day_and_finished_in_three_working_days(world, submission, on_the_eve):
    lead = _assigned(world, submission, form=Form.SNAPSHOT)
    # 24 hours end on 1 October, a holiday: like every period counted in days, it ends on the next working day.
    assert (lead.sign_due, lead.sign_rule) == (datetime.date(2026, 10, 8), "days:1")
    assert (lead.handle_due, lead.handle_rule) == (datetime.date(2026, 10, 10), "workdays:3")


def test_the_green_channel_halves_the_period(world, submission, on_the_eve):
    lead = _assigned(world, submission, green_channel=True)
    assert (lead.handle_due, lead.handle_rule) == (datetime.date(2026, 10, 16), "workdays:8")


def test_a_congress_sets_its_own_deadline_for_a_category_and_the_one_below_inherits_it(world, submission, on_the_eve):
    city = Category.objects.get(code="city")
    CategorySetting.objects.create(congress=world.city_congress, handle_rule="workdays:10")
    CategorySetting.objects.create(congress=world.dongbao_congress, category=city, handle_rule="workdays:5")
    lead = _assigned(world, submission)
    assert (lead.handle_due, lead.handle_rule) == (datetime.date(2026, 10, 13), "workdays:5")
    other = _assigned(world, submission, category="traffic")
    # Dongbao has no rule for traffic: the city's general rule applies, the kind's sign rule stays.
    assert (other.handle_due, other.handle_rule, other.sign_rule) == (datetime.date(2026, 10, 20), "workdays:10", "workdays:1")
