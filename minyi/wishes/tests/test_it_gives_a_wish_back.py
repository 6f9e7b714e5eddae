"""A claimer who cannot fulfil a wish gives it back with a reason before fulfilling it: the wish is
on the wall again for someone else, and its history says who gave it back and why."""

import pytest
from django.urls import reverse
from django.utils import translation

from minyi.wishes import services
from minyi.wishes.models import Wish, WishEvent

from .conftest import cleaned_photo

pytestmark = pytest.mark.django_db


def test_the_claimer_gives_it_back_with_a_reason(client, world, make_wish):
    wish = make_wish()
    services.claim(world.unit_staff, wish, option_key=f"unit:{world.city_unit.pk}")
    client.force_login(world.unit_admin)
    url = reverse("wishes:unit_detail", args=[wish.pk])
    refused = client.post(url, {"action": "give_back", "back-reason": ""})
    assert refused.status_code == 400
    wish.refresh_from_db()
    assert wish.state == Wish.State.CLAIMED
    response = client.post(url, {"action": "give_back", "back-reason": "单位本月没有经费，无法完成。"})
    assert response["Location"] == reverse("wishes:unit_list")
    wish.refresh_from_db()
    assert wish.state == Wish.State.PUBLISHED and wish.claimer_kind == "" and wish.claimer_unit is None and wish.claimer_name == ""
    event = wish.events.get(action=WishEvent.Action.GIVEN_BACK)
    assert event.note == "单位本月没有经费，无法完成。" and world.city_unit.name in event.by_label
    assert client.get(url).status_code == 404
    # Someone else can claim it now.
    volunteer = services.claim(world.citizen, wish, option_key="volunteer", volunteer_name="张先生")
    assert volunteer.state == Wish.State.CLAIMED and volunteer.claimer_user == world.citizen


def test_only_the_claimer_gives_back_and_only_before_fulfilling(world, reps, make_wish):
    wish = make_wish()
    services.claim(reps["li"], wish, option_key=f"representative:{world.representative.pk}")
    with translation.override("en"), pytest.raises(services.WishRefused, match="Only the one who claimed"):
        services.give_back(reps["wang"], wish, reason="我来不及了，请别人认领。")
    services.fulfil(reps["li"], wish, text="书包已送到。", photos=cleaned_photo())
    with translation.override("en"), pytest.raises(services.WishRefused, match="not yet fulfilled"):
        services.give_back(reps["li"], wish, reason="我来不及了，请别人认领。")
    wish.refresh_from_db()
    assert wish.state == Wish.State.FULFILLED
