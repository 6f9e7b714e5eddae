"""The demo's micro-wishes: every state in the demo city, rep_li's confirmed wish in their archive, the
pages of each demo login showing them; a reload adds nothing."""

from collections import Counter
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minyi.accounts.models import Role, RoleGrant, User
from minyi.demo import loader
from minyi.demo import wishes as demo_wishes
from minyi.duty import archive
from minyi.duty.models import Measure
from minyi.wishes.models import Wish, WishEvent

pytestmark = pytest.mark.django_db


def writer():
    return SimpleNamespace(created=Counter(), out=lambda message: None)


def signed_in(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_demo_has_wishes_in_every_state_and_rep_lis_confirmed_one_counts():
    loader.load(size="small")
    demo_wishes.load(writer())
    wishes = Wish.objects.all()
    assert wishes.count() == len(demo_wishes.SCENARIOS)
    assert set(wishes.values_list("state", flat=True)) == set(Wish.State.values)
    assert wishes.filter(state=Wish.State.REVIEWING).exists()
    rep_li = RoleGrant.objects.get(user__username="rep_li", role=Role.REPRESENTATIVE).representative
    confirmed = wishes.get(claimer_representative=rep_li, state=Wish.State.CONFIRMED)
    assert confirmed.confirmed_by is None and confirmed.photos.exists()
    assert confirmed.events.filter(action=WishEvent.Action.CONFIRMED, by__isnull=True).exists()
    assert wishes.filter(events__action=WishEvent.Action.GIVEN_BACK, state=Wish.State.PUBLISHED).exists()
    assert wishes.filter(claimer_kind=Wish.ClaimerKind.VOLUNTEER, claimer_user__username="citizen").exists()
    assert wishes.filter(citizen__username="citizen").exists()
    # Histories read in order, nothing in the future.
    assert not WishEvent.objects.filter(at__gt=timezone.now()).exists()
    day = timezone.localdate(confirmed.confirmed_at)
    assert archive.counts([rep_li.pk], day, day)[rep_li.pk][Measure.WISH_FULFILLED] == 1

    assert confirmed.title in Client().get(reverse("wishes:wall")).content.decode()
    assert signed_in("db_staff").get(reverse("wishes:desk_list")).context["states"]
    assert signed_in("rep_li").get(reverse("wishes:rep_list"), {"tab": "mine"}).status_code == 200
    assert signed_in("rep_li").get(reverse("wishes:claim_detail", args=[confirmed.pk])).status_code == 200
    assert signed_in("unit_staff").get(reverse("wishes:unit_list")).context["items"]
    assert signed_in("citizen").get(reverse("wishes:my_claims")).context["items"]
    assert "张先生" in Client().get(reverse("wishes:wall")).content.decode()

    before = (Wish.objects.count(), WishEvent.objects.count())
    demo_wishes.load(writer())
    assert (Wish.objects.count(), WishEvent.objects.count()) == before
