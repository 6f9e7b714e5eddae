"""The congress staff review each wish before it reaches the wall: publish (correcting the wording if
needed) or decline with a reason the citizen reads. Leaders read without buttons; staff enter a wish
for a citizen; the desk menu counts what waits."""

import pytest
from django.urls import reverse
from django.utils import translation

from minyi.accounts import access
from minyi.core import navigation
from minyi.wishes.models import Wish, WishEvent
from minyi.wishes.views.desk import waiting_for_review

from .conftest import posting

pytestmark = pytest.mark.django_db


def detail(wish):
    return reverse("wishes:desk_detail", args=[wish.pk])


def test_staff_publish_a_wish_with_corrected_wording(client, world, make_wish):
    wish = make_wish(published=False, text="给小林买个书包，她奶奶叫林秀英，住龙井社区3组。")
    client.force_login(world.dongbao_staff)
    page = client.get(reverse("wishes:desk_list"))
    assert page.status_code == 200 and wish.title in page.content.decode()
    response = client.post(detail(wish), {"action": "publish", "pub-title": wish.title, "pub-text": "给小林买个书包，开学用。",
                                          "pub-for_whom": wish.for_whom})
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.state == Wish.State.PUBLISHED and wish.text == "给小林买个书包，开学用。" and wish.reviewed_by == world.dongbao_staff
    assert wish.events.filter(action=WishEvent.Action.PUBLISHED).exists()


def test_declining_needs_a_reason_which_the_citizen_reads(client, world, places, make_wish):
    wish = make_wish(published=False)
    client.force_login(world.dongbao_staff)
    refused = client.post(detail(wish), {"action": "decline", "decline-reason": "不"})
    assert refused.status_code == 400 and "decline-reason" in refused.content.decode()
    wish.refresh_from_db()
    assert wish.state == Wish.State.REVIEWING
    client.post(detail(wish), {"action": "decline", "decline-reason": "这是经济救助申请，请到社区民政窗口办理。"})
    wish.refresh_from_db()
    assert wish.state == Wish.State.DECLINED and wish.decline_reason == "这是经济救助申请，请到社区民政窗口办理。"
    citizen = client.__class__()
    citizen.post(reverse("wishes:track"), {"code": wish.code, "phone_last4": "5678"})
    page = citizen.get(reverse("wishes:detail", args=[wish.code])).content.decode()
    assert "这是经济救助申请，请到社区民政窗口办理。" in page
    assert not client.get(reverse("wishes:public_detail", args=[wish.pk])).status_code == 200


def test_publishing_twice_is_refused_in_words(client, world, make_wish):
    wish = make_wish()
    client.force_login(world.dongbao_staff)
    with translation.override("en"):
        response = client.post(detail(wish), {"action": "publish", "pub-title": wish.title, "pub-text": wish.text, "pub-for_whom": wish.for_whom},
                               HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "already been published" in response.content.decode()


def test_a_leader_reads_the_wish_but_cannot_decide(client, world, make_wish):
    wish = make_wish(published=False)
    client.force_login(world.leader)
    page = client.get(detail(wish))
    assert page.status_code == 200 and 'data-testid="publish-form"' not in page.content.decode()
    assert client.post(detail(wish), {"action": "publish", "pub-title": "x", "pub-text": "y", "pub-for_whom": "z"}).status_code == 403
    assert client.get(reverse("wishes:desk_new")).status_code == 403
    wish.refresh_from_db()
    assert wish.state == Wish.State.REVIEWING


def test_staff_enter_a_wish_for_a_citizen_and_publish_it_at_once(client, world, places):
    client.force_login(world.dongbao_staff)
    data = {"title": "楼道扶手", "text": "独居老人上下楼不便，希望在楼道加装一段扶手。", "for_whom": "独居老人 王爷爷",
            "pick": ["420802000000", places.township.pk, places.village.pk], "citizen_name": "王爷爷", "phone": "13800001111",
            "consent": "on", "publish_now": "on"}
    response = client.post(reverse("wishes:desk_new"), data)
    wish = Wish.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(wish)
    assert wish.state == Wish.State.PUBLISHED and wish.channel == Wish.Channel.STAFF_ENTRY and wish.citizen is None
    assert [e.action for e in wish.events.all()] == [WishEvent.Action.POSTED, WishEvent.Action.PUBLISHED]


def test_staff_cannot_enter_a_wish_outside_their_congress(client, world, places):
    client.force_login(world.duodao_staff)
    data = {"title": "楼道扶手", "text": "独居老人上下楼不便，希望在楼道加装一段扶手。", "for_whom": "独居老人 王爷爷",
            "pick": ["420802000000", places.township.pk, places.village.pk], "citizen_name": "王爷爷", "phone": "13800001111",
            "consent": "on"}
    response = client.post(reverse("wishes:desk_new"), data)
    assert response.status_code == 400 and not Wish.objects.exists()
    assert "楼道扶手" in response.content.decode()


def test_the_desk_menu_counts_the_wishes_waiting_for_review(world, places):
    from minyi.wishes import services

    services.post(posting(places))
    services.post(posting(places, title="一副老花镜"))
    assert waiting_for_review(access.actor_for(world.dongbao_staff)) == 2
    assert waiting_for_review(access.actor_for(world.city_staff)) == 2
    assert waiting_for_review(access.actor_for(world.duodao_staff)) is None
    entries = navigation.entries_for(access.actor_for(world.dongbao_staff), "desk")
    assert any(e["url"] == reverse("wishes:desk_list") and e["badge"] == 2 for e in entries)
