"""The B-class follow-up page: the suggestions being followed up, by year; rolling them over into
the next year and renumbering open suggestions in a new term, each after a confirmation step,
each only for the staff's own congress."""

import datetime

import pytest
from django.urls import reverse

from minyi.organisations.models import Term
from minyi.suggestions import services

from .test_it_judges_replies_and_follows_up import replied

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed(world, city, assigned):
    suggestion = assigned()
    replied(world, city, suggestion, reply_class="B")
    services.evaluate(suggestion, actor=world.rep, rating="basically_satisfied")
    suggestion.matter.refresh_from_db()
    assert suggestion.matter.status == "following_up"
    suggestion.refresh_from_db()
    return suggestion


def test_roll_over_after_confirmation(client, world, city, followed):
    client.force_login(world.city_staff)
    page = client.get(reverse("suggestions:desk_followup")).content.decode()
    assert followed.matter.title in page
    year = followed.year + 1
    confirm = client.get(reverse("suggestions:desk_followup"), {"confirm": "roll", "to_year": year}).content.decode()
    assert 'data-testid="roll-confirm"' in confirm and str(year) in confirm
    followed.refresh_from_db()
    assert followed.year == year - 1  # asking is not doing
    response = client.post(reverse("suggestions:desk_roll_over"), {"to_year": year}, follow=True)
    assert response.status_code == 200
    followed.refresh_from_db()
    assert followed.year == year
    lead = followed.matter.assignments.get(role="lead", round=followed.matter.round)
    assert lead.handle_due == datetime.date(year, 12, 31)
    # Again: nothing more moves.
    client.post(reverse("suggestions:desk_roll_over"), {"to_year": year})
    assert followed.matter.timeline.filter(action="roll_over").count() == 1


def test_another_congress_rolls_over_only_its_own(client, world, city, followed):
    client.force_login(world.dongbao_staff)
    assert followed.matter.title not in client.get(reverse("suggestions:desk_followup")).content.decode()
    client.post(reverse("suggestions:desk_roll_over"), {"to_year": followed.year + 1})
    followed.refresh_from_db()
    assert followed.year == followed.matter.created_at.year


def test_leaders_cannot_roll_over(client, world, followed):
    client.force_login(world.leader)
    assert client.get(reverse("suggestions:desk_followup")).status_code == 200
    assert client.post(reverse("suggestions:desk_roll_over"), {"to_year": followed.year + 1}).status_code == 403


def test_renumber_in_the_new_term_keeps_the_old_number(client, world, city, followed):
    old = followed.number_label
    city.term.end = datetime.date(2026, 1, 31)
    city.term.save()
    today = followed.matter.created_at.date()
    Term.objects.create(congress=world.city_congress, number=10, start=datetime.date(2026, 2, 1), end=datetime.date(2031, 1, 31))
    assert world.city_congress.term_on(today).number == 10
    client.force_login(world.city_staff)
    page = client.get(reverse("suggestions:desk_followup"), {"confirm": "renumber", "congress": world.city_congress.pk}).content.decode()
    assert 'data-testid="renumber-do"' in page
    response = client.post(reverse("suggestions:desk_renumber"), {"congress": world.city_congress.pk}, follow=True)
    assert response.status_code == 200
    followed.refresh_from_db()
    assert followed.term.number == 10 and followed.earlier_numbers == [{"term": 9, "label": old}]
    detail = client.get(reverse("suggestions:desk_detail", args=[followed.pk])).content.decode()
    assert 'data-testid="earlier-number"' in detail and old in detail
