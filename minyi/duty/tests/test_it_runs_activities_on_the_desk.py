"""The staff's desk for duty activities: a new activity keeps what was typed when refused, the
activity shows its check-in code and the invited, staff record by hand, confirm a waiting scan and
decide leave; the absences page lists who missed two sessions; staff of another congress do not
find the activity and a leader sees it without acting."""

import re

import pytest
from django.urls import reverse

from minyi.duty import services
from minyi.duty.models import Activity, Attendance, LeaveRequest

from .conftest import make_activity as _activity

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _as(client, user):
    client.force_login(user)
    return client


def test_a_new_activity_with_bad_dates_keeps_what_was_typed(client, world, reps):
    _as(client, world.city_staff)
    page = client.get(reverse("duty:desk_new"), **ZH)
    assert page.status_code == 200 and "王建军" in page.content.decode()
    form = {"congress": world.city_congress.pk, "kind": "inspection", "title": "调研农村饮水安全", "organiser": "农业农村工委", "place": "漳河镇",
            "starts_at": "2026-05-10T14:00", "ends_at": "2026-05-10T09:00", "invited": [reps["wang_rep"].pk, reps["zhao_rep"].pk]}
    refused = client.post(reverse("duty:desk_new"), form, **ZH)
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "结束" in html and "调研农村饮水安全" in html and "2026-05-10T14:00" in html
    ticked = re.findall(r'<input type="checkbox" name="invited" value="(\d+)"[^>]*checked', html)
    assert sorted(ticked) == sorted([str(reps["wang_rep"].pk), str(reps["zhao_rep"].pk)])
    assert not Activity.objects.exists()

    form["ends_at"] = "2026-05-10T17:30"
    created = client.post(reverse("duty:desk_new"), form, **ZH)
    activity = Activity.objects.get()
    assert created.status_code == 302 and created["Location"] == reverse("duty:desk_detail", kwargs={"pk": activity.pk})
    assert set(activity.invitations.values_list("representative__name", flat=True)) == {"王建军", "赵敏"}
    assert activity.created_by == world.city_staff

    listing = client.get(reverse("duty:desk_list"), {"kind": "inspection", "month": "2026-05"}, **ZH).content.decode()
    assert "调研农村饮水安全" in listing
    assert "调研农村饮水安全" not in client.get(reverse("duty:desk_list"), {"month": "2026-06"}, **ZH).content.decode()


def test_the_detail_shows_the_code_and_the_invited(client, world, reps):
    activity = _activity(world, [world.representative, reps["wang_rep"]])
    services.check_in(reps["li"], activity.code)
    html = _as(client, world.city_staff).get(reverse("duty:desk_detail", kwargs={"pk": activity.pk}), **ZH).content.decode()
    assert "<svg" in html and activity.code in html
    assert f'data-testid="row-{world.representative.pk}" data-state="code"' in html
    assert f'data-testid="row-{reps["wang_rep"].pk}" data-state="expected"' in html and "王建军" in html
    screen = client.get(reverse("duty:desk_screen", kwargs={"pk": activity.pk}), **ZH).content.decode()
    assert "<svg" in screen and "视察城区老旧小区改造" in screen and 'hx-trigger="every 10s"' in screen
    count = client.get(reverse("duty:desk_screen", kwargs={"pk": activity.pk}), HTTP_HX_REQUEST="true", **ZH).content.decode()
    assert "<svg" not in count and "1" in count


def test_staff_record_by_hand_confirm_a_scan_and_decide_leave(client, world, reps):
    activity = _activity(world, [world.representative, reps["wang_rep"]], kind=Activity.Kind.SESSION, starts=1)
    url = reverse("duty:desk_detail", kwargs={"pk": activity.pk})
    _as(client, world.city_staff)

    without_reason = client.post(url, {"action": "by_hand", "representative": reps["wang_rep"].pk, "reason": ""}, **ZH)
    assert without_reason.status_code == 400 and not activity.attendances.exists()
    done = client.post(url, {"action": "by_hand", "representative": reps["wang_rep"].pk, "reason": "没有智能手机"}, **ZH)
    assert done.status_code == 302
    attendance = Attendance.objects.get(activity=activity, representative=reps["wang_rep"])
    assert attendance.how == Attendance.How.HAND and attendance.note == "没有智能手机"

    waiting, _created = services.check_in(reps["zhao"], activity.code)  # not invited: waits
    html = client.get(url, **ZH).content.decode()
    assert f'data-testid="row-{reps["zhao_rep"].pk}" data-state="waiting"' in html and "赵敏" in html
    client.post(url, {"action": "confirm", "attendance": waiting.pk}, **ZH)
    assert Attendance.objects.get(pk=waiting.pk).state == Attendance.State.CONFIRMED
    again = client.post(url, {"action": "confirm", "attendance": waiting.pk}, follow=True, **ZH)
    assert "已处理" in again.content.decode()

    leave = services.request_leave(reps["li"], activity, reason="外出学习")
    client.post(url, {"action": "approve_leave", "leave": leave.pk}, **ZH)
    assert LeaveRequest.objects.get(pk=leave.pk).state == LeaveRequest.State.APPROVED


def test_the_absences_page_lists_who_missed_two_sessions(client, world, reps):
    everyone = [world.representative, reps["wang_rep"]]
    for days in (20, 10):
        session = _activity(world, everyone, kind=Activity.Kind.SESSION, starts=-24 * days)
        services.record_by_hand(world.city_staff, session, world.representative, reason="会场签到")
    html = _as(client, world.city_staff).get(reverse("duty:desk_absences"), **ZH).content.decode()
    assert f'data-testid="flagged-{reps["wang_rep"].pk}"' in html
    assert f'data-testid="flagged-{world.representative.pk}"' not in html
    assert 'data-testid="law-note"' in html


def test_other_congresses_staff_do_not_find_it_and_leaders_only_look(client, world, reps):
    activity = _activity(world, [reps["wang_rep"]])
    url = reverse("duty:desk_detail", kwargs={"pk": activity.pk})
    assert _as(client, world.dongbao_staff).get(url, **ZH).status_code == 404
    assert "视察城区老旧小区改造" not in client.get(reverse("duty:desk_list"), **ZH).content.decode()
    assert client.get(reverse("duty:desk_screen", kwargs={"pk": activity.pk}), **ZH).status_code == 404

    _as(client, world.leader)
    page = client.get(url, **ZH)
    assert page.status_code == 200 and "王建军" in page.content.decode() and "by-hand-form" not in page.content.decode()
    refused = client.post(url, {"action": "by_hand", "representative": reps["wang_rep"].pk, "reason": "代为登记"}, **ZH)
    assert refused.status_code == 403 and not activity.attendances.exists()
    assert client.get(reverse("duty:desk_new"), **ZH).status_code == 403
    assert _as(client, world.rep).get(reverse("duty:desk_list"), **ZH).status_code == 403


def test_staff_change_an_activity_and_withdraw_only_invitations_nobody_used(client, world, reps):
    activity = _activity(world, [world.representative, reps["wang_rep"], reps["zhao_rep"]])
    services.check_in(world.rep, activity.code)
    url = reverse("duty:desk_edit", args=[activity.pk])
    form = {"kind": "inspection", "title": "视察城区老旧小区改造（第二批）", "organiser": "城建环资工委", "place": "龙井社区",
            "starts_at": activity.starts_at.strftime("%Y-%m-%dT%H:%M"), "ends_at": activity.starts_at.strftime("%Y-%m-%dT%H:%M"),
            "invited": [reps["wang_rep"].pk], "public": "on"}
    _as(client, world.city_staff)
    refused = client.post(url, form, **ZH)
    assert refused.status_code == 400 and "视察城区老旧小区改造（第二批）" in refused.content.decode()
    form["ends_at"] = activity.ends_at.strftime("%Y-%m-%dT%H:%M")
    assert client.post(url, form, **ZH).status_code == 302
    activity.refresh_from_db()
    assert activity.title == "视察城区老旧小区改造（第二批）"
    # 李春梅 checked in: her invitation stays; 赵敏's, unused, is withdrawn.
    assert set(activity.invitations.values_list("representative_id", flat=True)) == {world.representative.pk, reps["wang_rep"].pk}

    _as(client, world.leader)
    assert client.post(url, form, **ZH).status_code == 403
    _as(client, world.duodao_staff)
    assert client.get(url, **ZH).status_code == 404
