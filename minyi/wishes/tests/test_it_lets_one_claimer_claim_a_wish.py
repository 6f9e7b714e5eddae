"""Claiming: a representative on the phone, a unit on the desk, a volunteer (a citizen account, with
the name shown on the wall) from the wish's page. One claimer per wish: a second claim is refused in
words; so is a representative whose mandate ended, and a citizen claiming their own wish."""

import pytest
from django.urls import reverse
from django.utils import translation

from minyi.wishes import services
from minyi.wishes.models import Wish, WishEvent

pytestmark = pytest.mark.django_db


def test_a_representative_claims_from_the_phone_list(client, world, reps, make_wish):
    wish = make_wish()
    client.force_login(reps["li"])
    page = client.get(reverse("wishes:rep_list"))
    assert page.status_code == 200 and wish.title in page.content.decode()
    response = client.post(reverse("wishes:rep_list"), {"wish": wish.pk})
    assert response.status_code == 302 and response["Location"] == reverse("wishes:claim_detail", args=[wish.pk])
    wish.refresh_from_db()
    assert wish.state == Wish.State.CLAIMED and wish.claimer_kind == Wish.ClaimerKind.REPRESENTATIVE
    assert wish.claimer_representative == world.representative and wish.claimer_label.endswith("李春梅")
    assert wish.events.filter(action=WishEvent.Action.CLAIMED, by=reps["li"]).exists()
    mine = client.get(reverse("wishes:rep_list"), {"tab": "mine"}).content.decode()
    assert wish.title in mine


def test_a_second_claim_is_refused_in_chinese(client, world, reps, make_wish):
    wish = make_wish()
    services.claim(reps["li"], wish, option_key=f"representative:{world.representative.pk}")
    client.force_login(world.unit_staff)
    response = client.post(reverse("wishes:unit_list") + "?tab=open", {"wish": wish.pk})
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.claimer_representative == world.representative and wish.claimer_unit is None
    with translation.override("en"), pytest.raises(services.WishRefused, match="already claimed this wish"):
        services.claim(reps["wang"], wish, option_key=f"representative:{reps['wang_rep'].pk}")
    with translation.override("en"), pytest.raises(services.WishRefused, match="You have already claimed"):
        services.claim(reps["li"], wish, option_key=f"representative:{world.representative.pk}")
    # The refusal reaches the page in the deployment's language.
    client.force_login(reps["wang"])
    page = client.post(reverse("wishes:rep_list"), {"wish": wish.pk}, follow=True)
    with translation.override("zh-hans"):
        expected = translation.gettext("Someone else has already claimed this wish. Choose another one on the wall.")
    assert expected in page.content.decode()


def test_a_unit_claims_for_itself(client, world, make_wish):
    wish = make_wish()
    client.force_login(world.unit_staff)
    assert wish.title in client.get(reverse("wishes:unit_list"), {"tab": "open"}).content.decode()
    response = client.post(reverse("wishes:unit_list") + "?tab=open", {"wish": wish.pk})
    assert response["Location"] == reverse("wishes:unit_detail", args=[wish.pk])
    wish.refresh_from_db()
    assert wish.claimer_unit == world.city_unit and wish.claimer_name == world.city_unit.name


def test_a_volunteer_claims_with_the_name_shown_and_keeps_what_was_typed_on_an_error(client, volunteer, make_wish):
    wish = make_wish()
    client.force_login(volunteer)
    url = reverse("wishes:public_detail", args=[wish.pk])
    page = client.get(url)
    assert 'data-testid="claim-form"' in page.content.decode() and page.context["form"]["name"].initial == "周志愿"
    refused = client.post(url, {"option": "volunteer", "name": "周"})
    assert refused.status_code == 400 and 'value="周"' in refused.content.decode() and "name" in refused.context["form"].errors
    response = client.post(url, {"option": "volunteer", "name": "周先生"})
    assert response["Location"] == reverse("wishes:claim_detail", args=[wish.pk])
    wish.refresh_from_db()
    assert wish.claimer_kind == Wish.ClaimerKind.VOLUNTEER and wish.claimer_user == volunteer and wish.claimer_name == "周先生"
    assert "周先生" in client.get(reverse("wishes:wall")).content.decode()


def test_someone_signed_out_is_asked_to_sign_in(client, make_wish):
    wish = make_wish()
    url = reverse("wishes:public_detail", args=[wish.pk])
    assert 'data-testid="sign-in-to-claim"' in client.get(url).content.decode()
    response = client.post(url, {"option": "volunteer", "name": "周先生"})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    wish.refresh_from_db()
    assert wish.state == Wish.State.PUBLISHED


def test_a_representative_whose_mandate_ended_cannot_claim(client, reps, make_wish):
    wish = make_wish()
    client.force_login(reps["zhao"])
    page = client.get(reverse("wishes:rep_list"))
    assert 'data-testid="cannot-claim"' in page.content.decode()
    client.post(reverse("wishes:rep_list"), {"wish": wish.pk})
    wish.refresh_from_db()
    assert wish.state == Wish.State.PUBLISHED
    with translation.override("en"), pytest.raises(services.WishRefused, match="mandate as a representative has ended"):
        services.claim(reps["zhao"], wish, option_key=f"representative:{reps['zhao_rep'].pk}")


def test_a_citizen_cannot_claim_their_own_wish(world, make_wish):
    wish = make_wish(user=world.citizen)
    with translation.override("en"), pytest.raises(services.WishRefused, match="your own wish"):
        services.claim(world.citizen, wish, option_key="volunteer", volunteer_name="张大民")


def test_a_wish_not_yet_reviewed_cannot_be_claimed(world, reps, make_wish):
    wish = make_wish(published=False)
    with translation.override("en"), pytest.raises(services.WishRefused, match="not on the wall"):
        services.claim(reps["li"], wish, option_key=f"representative:{world.representative.pk}")
