from django.urls import reverse
from django.utils import timezone

from minyi.accounts.access import actor_for
from minyi.core import navigation
from minyi.notifications import services
from minyi.notifications.models import Notification


def make(user, title, **extra):
    return Notification.objects.create(recipient=user, kind="test", title=title, **extra)


def test_it_lists_unread_first_in_the_desk_layout_for_unit_staff(world, client):
    make(world.unit_staff, "已读的旧通知", read_at=timezone.now())
    make(world.unit_staff, "未读的通知")
    make(world.citizen, "别人的通知")
    client.force_login(world.unit_staff)
    response = client.get(reverse("notifications:centre"))
    assert response.status_code == 200
    assert "layouts/desk.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert html.index("未读的通知") < html.index("已读的旧通知")
    assert "别人的通知" not in html


def test_it_uses_the_mobile_layout_for_citizens_and_representatives(world, client):
    for user in (world.citizen, world.rep):
        client.force_login(user)
        response = client.get(reverse("notifications:centre"))
        assert "layouts/mobile.html" in [t.name for t in response.templates]


def test_it_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("notifications:centre"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_marks_one_read_only_for_its_recipient(world, client):
    mine = make(world.citizen, "我的")
    client.force_login(world.unit_staff)
    assert client.post(reverse("notifications:mark_read", args=[mine.pk])).status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None
    client.force_login(world.citizen)
    assert client.get(reverse("notifications:mark_read", args=[mine.pk])).status_code == 405
    response = client.post(reverse("notifications:mark_read", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_it_opens_the_link_after_marking_read(world, client):
    n = make(world.citizen, "答复", link="/track/ABC/")
    client.force_login(world.citizen)
    response = client.post(reverse("notifications:mark_read", args=[n.pk]), {"open": "1"})
    assert response["Location"] == "/track/ABC/"


def test_it_marks_all_read_without_touching_other_people(world, client):
    make(world.citizen, "一")
    make(world.citizen, "二")
    theirs = make(world.rep, "代表的")
    client.force_login(world.citizen)
    client.post(reverse("notifications:mark_all_read"))
    assert services.unread_count(world.citizen) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_it_counts_unread_in_the_menu_badge(world):
    make(world.citizen, "一")
    make(world.citizen, "二", read_at=timezone.now())
    make(world.unit_staff, "三")
    mobile = {e["url"]: e for e in navigation.entries_for(actor_for(world.citizen), "mobile")}
    assert mobile[reverse("notifications:centre")]["badge"] == 1
    desk = {e["url"]: e for e in navigation.entries_for(actor_for(world.unit_staff), "desk")}
    assert desk[reverse("notifications:centre")]["badge"] == 1
    assert {e["url"]: e for e in navigation.entries_for(actor_for(world.city_staff), "desk")}[reverse("notifications:centre")]["badge"] is None
