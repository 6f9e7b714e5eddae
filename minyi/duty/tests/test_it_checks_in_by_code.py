"""The 履职码: a representative scans an activity's code and is recorded once; outside the window, away
from the place or uninvited, the attendance waits for staff; a forged or expired code, a
non-representative or an ended mandate gets a clear refusal. Staff record by hand with a reason; leave
from sessions; two unapproved absences from sessions are flagged."""

import datetime

import pytest
from django.utils import timezone

from minyi.duty import services
from minyi.duty.models import Activity, Attendance
from minyi.duty.services import DutyRefused

from .conftest import make_activity as _activity

pytestmark = pytest.mark.django_db
HALL = (30.985, 112.199)  # 荆门市人大常委会 roughly
NEAR = (30.9855, 112.1993)
FAR = (31.03, 112.25)


def test_an_invited_representative_is_recorded_once(world, reps):
    activity = _activity(world, [world.representative, reps["wang_rep"]])
    attendance, created = services.check_in(reps["li"], activity.code)
    assert created and attendance.state == Attendance.State.CONFIRMED and attendance.how == Attendance.How.CODE
    again, created = services.check_in(reps["li"], activity.code)
    assert again.pk == attendance.pk and not created
    assert activity.attendances.count() == 1


def test_uninvited_or_outside_the_window_waits_for_staff(world, reps):
    activity = _activity(world, [world.representative])
    attendance, _created = services.check_in(reps["zhao"], activity.code)
    assert attendance.state == Attendance.State.PENDING and "受邀" in attendance.unplanned_reason
    later = _activity(world, [reps["wang_rep"]], starts=5)
    attendance, _created = services.check_in(reps["wang"], later.code)
    assert attendance.state == Attendance.State.PENDING and "时间" in attendance.unplanned_reason
    services.decide_attendance(world.city_staff, attendance, accept=True)
    assert Attendance.objects.get(pk=attendance.pk).state == Attendance.State.CONFIRMED
    with pytest.raises(DutyRefused, match="已处理"):
        services.decide_attendance(world.city_staff, attendance, accept=False)


def test_forged_and_expired_codes_and_people_who_are_not_serving(world, reps):
    with pytest.raises(DutyRefused, match="不是任何活动的签到码"):
        services.check_in(reps["li"], "forged-code!")
    old = _activity(world, [world.representative], starts=-60, hours=2)
    with pytest.raises(DutyRefused, match="已过期"):
        services.check_in(reps["li"], old.code)
    activity = _activity(world, [world.representative])
    with pytest.raises(DutyRefused, match="只有代表"):
        services.check_in(world.city_staff, activity.code)
    reps["zhao_rep"].mandates.update(end=timezone.localdate() - datetime.timedelta(days=1), end_reason="resignation")
    with pytest.raises(DutyRefused, match="代表职务已终止"):
        services.check_in(reps["zhao"], activity.code)
    assert activity.attendances.count() == 0


def test_near_the_place_only(world, reps):
    activity = _activity(world, [world.representative, reps["wang_rep"], reps["zhao_rep"]], latitude=HALL[0], longitude=HALL[1], radius_m=300)
    near, _c = services.check_in(reps["li"], activity.code, latitude=NEAR[0], longitude=NEAR[1])
    far, _c = services.check_in(reps["wang"], activity.code, latitude=FAR[0], longitude=FAR[1])
    blind, _c = services.check_in(reps["zhao"], activity.code)
    assert near.state == Attendance.State.CONFIRMED
    assert far.state == blind.state == Attendance.State.PENDING
    assert 6000 < services.distance_m(*HALL, *FAR) < 9000


def test_by_hand_with_a_reason(world, reps):
    activity = _activity(world, [reps["zhao_rep"]])
    with pytest.raises(DutyRefused, match="原因"):
        services.record_by_hand(world.city_staff, activity, reps["zhao_rep"], reason=" ")
    attendance = services.record_by_hand(world.city_staff, activity, reps["zhao_rep"], reason="没有智能手机")
    assert attendance.how == Attendance.How.HAND and attendance.state == Attendance.State.CONFIRMED
    with pytest.raises(DutyRefused, match="已登记"):
        services.record_by_hand(world.city_staff, activity, reps["zhao_rep"], reason="再登记一次")
    with pytest.raises(DutyRefused):
        services.record_by_hand(world.dongbao_staff, activity, reps["wang_rep"], reason="别处的工作人员")


def test_two_unapproved_absences_from_sessions_are_flagged(world, reps):
    everyone = [world.representative, reps["wang_rep"], reps["zhao_rep"]]
    first = _activity(world, everyone, kind=Activity.Kind.SESSION, starts=2)
    second = _activity(world, everyone, kind=Activity.Kind.SESSION, starts=8)
    leave = services.request_leave(reps["zhao"], first, reason="住院治疗")
    services.decide_leave(world.city_staff, leave, approve=True)
    with pytest.raises(DutyRefused, match="已请过本次会议的假"):
        services.request_leave(reps["zhao"], first, reason="再请一次")
    services.record_by_hand(world.city_staff, first, world.representative, reason="会场签到")
    services.record_by_hand(world.city_staff, second, world.representative, reason="会场签到")
    later = timezone.now() + datetime.timedelta(days=2)
    flagged = services.flagged_for_absence(world.city_congress, now=later)
    # 王建军 missed both without leave; 赵敏 had leave for one; 李春梅 attended both.
    assert {rep.name: len(sessions) for rep, sessions in flagged.items()} == {"王建军": 2}
    assert {rep.name: len(s) for rep, s in services.unapproved_absences(world.city_congress, now=later).items()} == {"王建军": 2, "赵敏": 1}


def test_each_sees_their_own_records(world, reps):
    from minyi.accounts import access

    activity = _activity(world, [world.representative, reps["wang_rep"]])
    services.check_in(reps["li"], activity.code)
    services.check_in(reps["wang"], activity.code)
    assert access.visible(reps["li"], Attendance.objects.all()).count() == 1
    assert access.visible(world.city_staff, Attendance.objects.all()).count() == 2
    assert access.visible(world.dongbao_staff, Attendance.objects.all()).count() == 0
    assert access.visible(reps["zhao"], Activity.objects.all()).count() == 0
    assert access.visible(reps["li"], Activity.objects.all()).count() == 1
