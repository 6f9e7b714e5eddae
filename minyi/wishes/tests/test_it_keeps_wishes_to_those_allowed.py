"""Who sees which wish: staff of another congress do not find it (404); a unit sees only its own
claims; a representative only their own; a volunteer only theirs; the citizen's phone is read only
by those who may call them, and each reading is audited."""

import pytest
from django.test import Client
from django.urls import reverse

from minyi.audit.models import AuditEntry
from minyi.wishes import services
from minyi.wishes.models import Wish

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_staff_of_another_congress_do_not_find_the_wish(world, make_wish):
    wish = make_wish()
    url = reverse("wishes:desk_detail", args=[wish.pk])
    assert signed_in(world.duodao_staff).get(url).status_code == 404
    assert signed_in(world.duodao_staff).post(url, {"action": "decline", "decline-reason": "不符合心愿墙的要求。"}).status_code == 404
    assert wish.title not in signed_in(world.duodao_staff).get(reverse("wishes:desk_list")).content.decode()
    assert signed_in(world.city_staff).get(url).status_code == 200
    assert signed_in(world.dongbao_staff).get(url).status_code == 200


def test_citizens_and_units_do_not_open_the_desk(world, make_wish):
    wish = make_wish()
    for user in (world.citizen, world.unit_staff, world.rep):
        assert signed_in(user).get(reverse("wishes:desk_detail", args=[wish.pk])).status_code == 403


def test_a_unit_sees_only_its_own_claims(world, make_wish):
    ours = make_wish()
    theirs = make_wish(title="一副老花镜")
    services.claim(world.unit_staff, ours, option_key=f"unit:{world.city_unit.pk}")
    services.claim(world.other_unit_staff, theirs, option_key=f"unit:{world.dongbao_unit.pk}")
    unit = signed_in(world.unit_staff)
    listing = unit.get(reverse("wishes:unit_list")).content.decode()
    assert ours.title in listing and theirs.title not in listing
    assert unit.get(reverse("wishes:unit_detail", args=[ours.pk])).status_code == 200
    assert unit.get(reverse("wishes:unit_detail", args=[theirs.pk])).status_code == 404
    assert unit.post(reverse("wishes:unit_detail", args=[theirs.pk]), {"action": "give_back", "back-reason": "我们不做了，还给心愿墙。"}).status_code == 404
    # A unit cannot claim in another unit's name.
    fresh = make_wish(title="一盏台灯")
    with pytest.raises(services.WishRefused):
        services.claim(world.unit_staff, fresh, option_key=f"unit:{world.dongbao_unit.pk}")
    fresh.refresh_from_db()
    assert fresh.state == Wish.State.PUBLISHED


def test_representatives_and_volunteers_open_only_their_own_claims(world, reps, volunteer, make_wish):
    li_wish, volunteer_wish = make_wish(), make_wish(title="一副老花镜")
    services.claim(reps["li"], li_wish, option_key=f"representative:{world.representative.pk}")
    services.claim(volunteer, volunteer_wish, option_key="volunteer", volunteer_name="周先生")
    assert signed_in(reps["li"]).get(reverse("wishes:claim_detail", args=[li_wish.pk])).status_code == 200
    assert signed_in(reps["wang"]).get(reverse("wishes:claim_detail", args=[li_wish.pk])).status_code == 404
    assert signed_in(volunteer).get(reverse("wishes:claim_detail", args=[volunteer_wish.pk])).status_code == 200
    assert signed_in(volunteer).get(reverse("wishes:claim_detail", args=[li_wish.pk])).status_code == 404
    assert signed_in(world.citizen).get(reverse("wishes:claim_detail", args=[volunteer_wish.pk])).status_code == 404
    assert volunteer_wish.title in signed_in(volunteer).get(reverse("wishes:my_claims")).content.decode()


def test_the_citizens_phone_is_read_only_by_those_who_call_and_each_reading_is_audited(world, reps, volunteer, make_wish):
    wish = make_wish()
    services.claim(reps["li"], wish, option_key=f"representative:{world.representative.pk}")
    representative = signed_in(reps["li"])
    url = reverse("wishes:claim_detail", args=[wish.pk])
    assert "13912345678" not in representative.get(url).content.decode()
    shown = representative.post(url, {"action": "reveal"})
    assert shown.status_code == 200 and "13912345678" in shown.content.decode() and shown["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ACTION, note="view_phone", object_id=str(wish.pk), actor=reps["li"]).exists()
    staff = signed_in(world.dongbao_staff).post(reverse("wishes:desk_detail", args=[wish.pk]), {"action": "reveal"})
    assert "13912345678" in staff.content.decode()
    leader = signed_in(world.leader).post(reverse("wishes:desk_detail", args=[wish.pk]), {"action": "reveal"})
    assert leader.status_code == 403
    other = make_wish(title="一副老花镜")
    services.claim(volunteer, other, option_key="volunteer", volunteer_name="周先生")
    page = signed_in(volunteer).post(reverse("wishes:claim_detail", args=[other.pk]), {"action": "reveal"}).content.decode()
    assert "13912345678" not in page and "138****" not in page and world.dongbao_congress.name in page
