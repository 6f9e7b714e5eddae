"""The representative's phone pages: the QR code opens the activity and its big 签到 button; a forged
code gets a clear page, a second scan records nothing twice, an uninvited or placeless scan waits for
staff, nonsense positions are ignored, a citizen is refused; the duty list shows invitations and
attendance; leave from a session is asked once."""


import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from minyi.duty.models import Activity, Attendance, LeaveRequest

from .conftest import make_activity as _activity

pytestmark = pytest.mark.django_db
HALL = (30.985, 112.199)
NEAR = (30.9855, 112.1993)


def _client(user=None):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    if user is not None:
        client.force_login(user)
    return client


def _checkin(code):
    return reverse("duty:checkin", args=[code])


def test_the_code_opens_the_activity_after_signing_in(world, reps):
    activity = _activity(world, [world.representative])
    response = _client().get(_checkin(activity.code))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL)) and "next=" in response["Location"]
    page = _client(reps["li"]).get(_checkin(activity.code)).content.decode()
    assert "视察城区老旧小区改造" in page and "龙井社区" in page and "城建环资工委" in page and 'data-testid="check-in"' in page
    assert "duty-checkin.js" not in page  # no place to be near: the phone is not asked


def test_a_forged_code_gets_a_clear_page(world, reps):
    for method in ("get", "post"):
        response = getattr(_client(reps["li"]), method)(_checkin("NotARealCode123"))
        assert response.status_code == 404 and "不是任何活动的签到码" in response.content.decode()
    assert Attendance.objects.count() == 0


def test_checked_in_once_and_a_second_scan_records_nothing(world, reps):
    activity = _activity(world, [world.representative])
    phone = _client(reps["li"])
    response = phone.post(_checkin(activity.code))
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="checked-in"' in page and "已签到" in page
    again = phone.post(_checkin(activity.code)).content.decode()
    assert 'data-testid="already-recorded"' in again and 'data-testid="checked-in"' in again
    assert activity.attendances.count() == 1
    assert 'data-testid="already-recorded"' in phone.get(_checkin(activity.code)).content.decode()


def test_uninvited_waits_for_staff_with_the_reason(world, reps):
    activity = _activity(world, [world.representative])
    page = _client(reps["zhao"]).post(_checkin(activity.code)).content.decode()
    assert 'data-testid="checkin-pending"' in page and "受邀" in page
    assert activity.attendances.get().state == Attendance.State.PENDING


def test_a_position_near_the_place_confirms_and_nonsense_is_ignored(world, reps):
    activity = _activity(world, [world.representative, reps["zhao_rep"]], latitude=HALL[0], longitude=HALL[1], radius_m=300)
    page = _client(reps["li"]).get(_checkin(activity.code)).content.decode()
    assert "duty-checkin.js" in page and "data-needs-position" in page and "300" in page
    response = _client(reps["li"]).post(_checkin(activity.code), {"latitude": str(NEAR[0]), "longitude": str(NEAR[1])})
    assert response.status_code == 200 and 'data-testid="checked-in"' in response.content.decode()
    response = _client(reps["zhao"]).post(_checkin(activity.code), {"latitude": "NaN", "longitude": "1e999"})
    assert response.status_code == 200 and 'data-testid="checkin-pending"' in response.content.decode()
    assert activity.attendances.get(representative=reps["zhao_rep"]).unplanned_reason == "手机未提供位置"


@pytest.mark.parametrize("latitude, longitude", [("abc", "112.2"), ("95", "112.2"), ("30.98", "-181"), ("30.98", ""), ("Infinity", "112.2")])
def test_bad_positions_count_as_none(world, reps, latitude, longitude):
    from minyi.duty.views.representative import position_from

    assert position_from({"latitude": latitude, "longitude": longitude}) == (None, None)
    activity = _activity(world, [world.representative], latitude=HALL[0], longitude=HALL[1], radius_m=300)
    response = _client(reps["li"]).post(_checkin(activity.code), {"latitude": latitude, "longitude": longitude})
    assert response.status_code == 200 and activity.attendances.get().state == Attendance.State.PENDING


def test_a_citizen_is_refused(world, reps):
    activity = _activity(world, [world.representative])
    citizen = _client(world.citizen)
    assert "只有代表" in citizen.get(_checkin(activity.code)).content.decode()
    response = citizen.post(_checkin(activity.code))
    assert response.status_code == 400 and "只有代表" in response.content.decode()
    assert activity.attendances.count() == 0
    assert citizen.get(reverse("duty:rep_list")).status_code == 403


def test_leave_from_a_session_is_asked_once(world, reps):
    session = _activity(world, [world.representative], kind=Activity.Kind.SESSION, starts=24, title="市九届人大常委会第十五次会议")
    inspection = _activity(world, [world.representative])
    phone = _client(reps["li"])
    url = reverse("duty:rep_leave", args=[session.pk])
    assert "市九届人大常委会第十五次会议" in phone.get(url).content.decode()
    response = phone.post(url, {"reason": " "})
    assert response.status_code == 400 and LeaveRequest.objects.count() == 0
    response = phone.post(url, {"reason": "赴省参加培训"})
    assert response.status_code == 302 and response["Location"] == reverse("duty:rep_list")
    assert LeaveRequest.objects.get().reason == "赴省参加培训"
    response = phone.post(url, {"reason": "再请一次假"})
    page = response.content.decode()
    assert response.status_code == 400 and "已请过本次会议的假" in page and "再请一次假" in page
    assert LeaveRequest.objects.count() == 1
    response = phone.post(reverse("duty:rep_leave", args=[inspection.pk]), {"reason": "外出"})
    assert response.status_code == 400 and "外出" in response.content.decode()
    assert _client(reps["zhao"]).get(url).status_code == 404  # not invited to that session


def test_the_list_shows_invitations_and_attendance(world, reps):
    session = _activity(world, [world.representative], kind=Activity.Kind.SESSION, starts=48, title="市九届人大常委会第十六次会议")
    attended = _activity(world, [world.representative], title="调研农村饮水安全")
    uninvited = _activity(world, [], title="接待选民活动")
    phone = _client(reps["li"])
    phone.post(_checkin(attended.code))
    phone.post(_checkin(uninvited.code))
    page = phone.get(reverse("duty:rep_list")).content.decode()
    invitations, attendance = page.split('data-testid="attended"')
    assert "市九届人大常委会第十六次会议" in invitations and reverse("duty:rep_leave", args=[session.pk]) in invitations
    assert "调研农村饮水安全" in attendance and "接待选民活动" in attendance
    assert "已确认" in attendance
    assert "待工作人员确认" in attendance and "受邀" in attendance
