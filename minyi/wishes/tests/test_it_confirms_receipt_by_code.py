"""The citizen follows the wish with its tracking code and the last four digits of the phone (a wrong
pair is refused with the same words as an unknown code), and confirms that it arrived, or says what
is missing; staff confirm for a citizen who cannot, with a reason."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from minyi.wishes import services
from minyi.wishes.models import Wish, WishEvent
from minyi.wishes.views.citizen import SESSION_KEY

from .conftest import cleaned_photo

pytestmark = pytest.mark.django_db
TRACK = reverse("wishes:track")


@pytest.fixture
def fulfilled(world, reps, make_wish):
    wish = make_wish()
    services.claim(reps["li"], wish, option_key=f"representative:{world.representative.pk}")
    return services.fulfil(reps["li"], wish, text="书包已经送到小林家。", photos=cleaned_photo())


def test_a_wrong_last4_is_refused_and_opens_nothing(fulfilled):
    citizen = Client()
    response = citizen.post(TRACK, {"code": fulfilled.code, "phone_last4": "0000"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and 'data-testid="track-refused"' in response.content.decode()
    assert fulfilled.pk not in citizen.session.get(SESSION_KEY, [])
    page = citizen.get(reverse("wishes:detail", args=[fulfilled.code]))
    assert page.status_code == 302 and page["Location"].startswith(TRACK)
    assert citizen.post(reverse("wishes:detail", args=[fulfilled.code]), {"action": "confirm"}).status_code == 302
    fulfilled.refresh_from_db()
    assert fulfilled.state == Wish.State.FULFILLED


def test_the_same_words_answer_an_unknown_code_and_a_wrong_phone(fulfilled):
    citizen = Client()
    wrong_phone = citizen.post(TRACK, {"code": fulfilled.code, "phone_last4": "0000"}).context["form"].non_field_errors()
    unknown = citizen.post(TRACK, {"code": "WNOSUCH99", "phone_last4": "5678"}).context["form"].non_field_errors()
    assert list(wrong_phone) == list(unknown) and len(unknown) == 1


def test_the_citizen_confirms_with_the_code(fulfilled):
    citizen = Client()
    response = citizen.post(TRACK, {"code": fulfilled.code.lower(), "phone_last4": "5678"})
    assert response["Location"] == reverse("wishes:detail", args=[fulfilled.code])
    page = citizen.get(response["Location"]).content.decode()
    assert "书包已经送到小林家。" in page and 'data-testid="confirm-received"' in page
    citizen.post(response["Location"], {"action": "confirm"})
    fulfilled.refresh_from_db()
    assert fulfilled.state == Wish.State.CONFIRMED and fulfilled.confirmed_at and fulfilled.confirmed_by is None
    assert fulfilled.events.filter(action=WishEvent.Action.CONFIRMED).count() == 1
    again = citizen.post(response["Location"], {"action": "confirm"})
    assert again.status_code == 400
    assert fulfilled.events.filter(action=WishEvent.Action.CONFIRMED).count() == 1


def test_the_citizen_says_it_has_not_arrived_and_it_goes_back_to_the_claimer(fulfilled):
    citizen = Client()
    citizen.post(TRACK, {"code": fulfilled.code, "phone_last4": "5678"})
    url = reverse("wishes:detail", args=[fulfilled.code])
    short = citizen.post(url, {"action": "not_received", "missing-note": "没"})
    assert short.status_code == 400 and 'value="not_received"' in short.content.decode()
    citizen.post(url, {"action": "not_received", "missing-note": "只收到了书包，文具还没有收到。"})
    fulfilled.refresh_from_db()
    assert fulfilled.state == Wish.State.CLAIMED and fulfilled.claimer_representative_id
    assert fulfilled.events.filter(action=WishEvent.Action.NOT_RECEIVED, note="只收到了书包，文具还没有收到。").exists()


def test_staff_confirm_for_the_citizen_with_a_reason(client, world, fulfilled):
    client.force_login(world.dongbao_staff)
    url = reverse("wishes:desk_detail", args=[fulfilled.pk])
    refused = client.post(url, {"action": "confirm", "confirm-reason": ""})
    assert refused.status_code == 400
    fulfilled.refresh_from_db()
    assert fulfilled.state == Wish.State.FULFILLED
    client.post(url, {"action": "confirm", "confirm-reason": "社区网格员上门核实，老人已收到。"})
    fulfilled.refresh_from_db()
    assert fulfilled.state == Wish.State.CONFIRMED and fulfilled.confirmed_by == world.dongbao_staff
    assert fulfilled.confirmation_note == "社区网格员上门核实，老人已收到。"


def test_nobody_confirms_a_wish_that_is_not_fulfilled(world, reps, make_wish):
    wish = make_wish()
    with translation.override("en"), pytest.raises(services.WishRefused, match="not been fulfilled"):
        services.confirm_received(wish)
    with translation.override("en"), pytest.raises(services.WishRefused, match="not been fulfilled"):
        services.confirm_for_citizen(world.dongbao_staff, wish, reason="电话确认已收到。")
