"""Reception days: a station's timetable and duty roster become sessions (once per start time, the
rostered invited, exceptions respected, stale invitations withdrawn), the daily task makes them for
every active station, unit heads are invited and their presence recorded, what a citizen raises is
entered as an opinion of the station that runs the closed loop and counts in the archive, only the
session's staff and representatives on duty may enter one, bad input keeps what was typed, and the
station's public page shows the coming sessions and recent activities without personal data."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from minyi.duty import archive, reception, services, tasks
from minyi.duty.models import Activity, ActivityMatter, Attendance, Invitation, Measure, UnitGuest
from minyi.duty.services import DutyRefused
from minyi.matters.models import Channel, Matter
from minyi.opinions import services as opinions
from minyi.organisations.models import DutyRoster, ReceptionException, ReceptionRule, Station, StationAssignment
from minyi.organisations.reception import reception_days
from minyi.regions.models import Level
from minyi.testing import region

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
CITIZEN_PHONE = "13912345678"


def _as(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def station(world, reps):
    """南门社区's liaison station, run by the Dongbao congress; 李春梅, 王建军 and 赵敏 are assigned to it."""
    township = region("420802001000", "泉口街道", Level.TOWNSHIP, world.dongbao)
    community = region("420802001001", "南门社区", Level.VILLAGE, township)
    station = Station.objects.create(
        name="南门社区人大代表联络站", kind=Station.Kind.LIAISON_STATION, region=community, congress=world.dongbao_congress,
        address="东宝区泉口街道南门社区党群服务中心二楼", latitude=Decimal("31.031800"), longitude=Decimal("112.198700"))
    for representative in (world.representative, reps["wang_rep"], reps["zhao_rep"]):
        StationAssignment.objects.create(station=station, representative=representative, start=datetime.date(2022, 1, 1))
    return station


def _weekly(station, day, start=datetime.time(9, 0), end=datetime.time(11, 30)):
    return ReceptionRule.objects.create(station=station, kind=ReceptionRule.Kind.WEEKLY, weekday=day.weekday(), start_time=start, end_time=end)


def _today_session(station, world, *on_duty):
    """A session today lasting the whole day, so that a scan now is within its time."""
    today = timezone.localdate()
    ReceptionRule.objects.create(station=station, kind=ReceptionRule.Kind.ONCE, date=today, start_time=datetime.time(0, 0),
                                 end_time=datetime.time(23, 59, 59))
    for representative in on_duty:
        DutyRoster.objects.create(station=station, date=today, representative=representative)
    reception.generate_sessions(station, today, today, user=world.dongbao_staff)
    return Activity.objects.get(station=station, kind=Activity.Kind.RECEPTION,
                                starts_at=timezone.make_aware(datetime.datetime.combine(today, datetime.time(0, 0))))


def _opinion_form(station, **changes):
    form = {"text": "南门菜市场门口的三盏路灯坏了三个月，晚上买菜的老人看不清路。", "region_code": station.region_id, "address": "南门菜市场东门",
            "citizen_name": "王大爷", "phone": CITIZEN_PHONE, "consent": "on", "idempotency_key": "reception-test-key-0001"}
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def test_the_timetable_and_roster_become_sessions_once(world, reps, station):
    first = timezone.localdate() + datetime.timedelta(days=3)
    _weekly(station, first)
    DutyRoster.objects.create(station=station, date=first, representative=world.representative)
    DutyRoster.objects.create(station=station, date=first, representative=reps["wang_rep"])

    made = reception.generate_ahead(station, user=world.dongbao_staff)
    expected = reception_days(station, timezone.localdate(), timezone.localdate() + datetime.timedelta(days=27))
    sessions = list(Activity.objects.filter(station=station).order_by("starts_at"))
    assert made.sessions == len(expected) == len(sessions) == 4
    session = sessions[0]
    assert timezone.localtime(session.starts_at).replace(tzinfo=None) == datetime.datetime.combine(first, datetime.time(9, 0))
    assert timezone.localtime(session.ends_at).time() == datetime.time(11, 30)
    assert (session.kind, session.congress, session.place, session.organiser) == (
        Activity.Kind.RECEPTION, world.dongbao_congress, station.address, station.name)
    assert (session.latitude, session.longitude, session.created_by) == (station.latitude, station.longitude, world.dongbao_staff)
    assert set(session.invitations.values_list("representative__name", flat=True)) == {"李春梅", "王建军"}
    assert not Invitation.objects.filter(activity__in=sessions[1:]).exists()

    again = reception.generate_ahead(station, user=world.dongbao_staff)
    assert (again.sessions, again.invited, again.withdrawn) == (0, 0, 0)
    assert Activity.objects.filter(station=station).count() == 4

    DutyRoster.objects.create(station=station, date=first, representative=reps["zhao_rep"])
    DutyRoster.objects.filter(station=station, date=first, representative=reps["wang_rep"]).delete()
    changed = reception.generate_ahead(station, user=world.dongbao_staff)
    assert (changed.sessions, changed.invited, changed.withdrawn) == (0, 1, 1)
    assert set(session.invitations.values_list("representative__name", flat=True)) == {"李春梅", "赵敏"}
    assert Invitation.objects.filter(activity=session).count() == 2


def test_cancelled_and_moved_days_are_respected(world, station):
    first = timezone.localdate() + datetime.timedelta(days=3)
    _weekly(station, first)
    ReceptionException.objects.create(station=station, date=first, reason="节假日取消")
    moved_from, moved_to = first + datetime.timedelta(days=7), first + datetime.timedelta(days=8)
    ReceptionException.objects.create(station=station, date=moved_from, moved_to=moved_to, reason="改至次日")

    reception.generate_ahead(station, user=world.dongbao_staff)
    days = sorted(timezone.localtime(a.starts_at).date() for a in Activity.objects.filter(station=station))
    assert first not in days and moved_from not in days
    assert moved_to in days and days == [moved_to, first + datetime.timedelta(days=14), first + datetime.timedelta(days=21)]


def test_a_session_cancelled_after_it_was_made_is_flagged_and_staff_remove_it(client, world, station):
    first = timezone.localdate() + datetime.timedelta(days=3)
    _weekly(station, first)
    reception.generate_ahead(station, user=world.dongbao_staff)
    kept = Activity.objects.get(station=station, starts_at__gte=timezone.make_aware(datetime.datetime.combine(first, datetime.time.min)),
                                starts_at__lt=timezone.make_aware(datetime.datetime.combine(first + datetime.timedelta(days=1), datetime.time.min)))
    with pytest.raises(DutyRefused):
        reception.remove_session(world.dongbao_staff, kept)  # still in the timetable

    ReceptionException.objects.create(station=station, date=first, reason="代表集中视察，本次取消")
    reception.generate_ahead(station, user=world.dongbao_staff)
    assert Activity.objects.filter(pk=kept.pk).exists()  # making sessions never deletes one
    _as(client, world.dongbao_staff)
    listing = client.get(reverse("duty:desk_receptions"), **ZH).content.decode()
    assert f'data-testid="session-{kept.pk}"' in listing and 'data-testid="not-in-timetable"' in listing
    page = client.get(reverse("duty:desk_reception", args=[kept.pk]), **ZH).content.decode()
    assert 'data-testid="remove-session"' in page
    removed = client.post(reverse("duty:desk_reception", args=[kept.pk]), {"action": "remove"}, **ZH)
    assert removed.status_code == 302 and not Activity.objects.filter(pk=kept.pk).exists()
    assert Activity.objects.filter(station=station).count() == 3


def test_the_daily_task_makes_sessions_for_every_active_station(world, station):
    _weekly(station, timezone.localdate() + datetime.timedelta(days=2))
    closed = Station.objects.create(name="已撤销联络站", kind=Station.Kind.LIAISON_STATION, region=station.region, congress=world.dongbao_congress,
                                    address="旧址", is_active=False)
    _weekly(closed, timezone.localdate() + datetime.timedelta(days=2))

    result = tasks.generate_reception_sessions.call_local()
    assert result["sessions"] == 4 and Activity.objects.filter(station=station).count() == 4
    assert not Activity.objects.filter(station=closed).exists()
    assert all(a.created_by is None for a in Activity.objects.filter(station=station))
    assert tasks.generate_reception_sessions.call_local()["sessions"] == 0


def test_staff_make_sessions_from_the_desk_and_other_congresses_cannot(client, world, station):
    _weekly(station, timezone.localdate() + datetime.timedelta(days=2))
    _as(client, world.duodao_staff)
    assert station.name not in client.get(reverse("duty:desk_receptions"), **ZH).content.decode()
    assert client.post(reverse("duty:desk_receptions"), {"station": station.pk}, **ZH).status_code == 404
    assert not Activity.objects.exists()

    _as(client, world.dongbao_staff)
    page = client.get(reverse("duty:desk_receptions"), **ZH).content.decode()
    assert station.name in page and f'data-testid="generate-{station.pk}"' in page and 'data-testid="missing"' in page
    made = client.post(reverse("duty:desk_receptions"), {"station": station.pk}, **ZH)
    assert made.status_code == 302 and Activity.objects.filter(station=station).count() == 4
    session = Activity.objects.filter(station=station).order_by("starts_at").first()
    assert f'href="{reverse("duty:desk_reception", args=[session.pk])}"' in client.get(reverse("duty:desk_receptions"), **ZH).content.decode()
    detail = client.get(reverse("duty:desk_detail", args=[session.pk]), **ZH).content.decode()
    assert reverse("duty:desk_reception", args=[session.pk]) in detail

    _as(client, world.leader)
    read_only = client.get(reverse("duty:desk_receptions"), **ZH).content.decode()
    assert station.name in read_only and 'data-testid="generate-' not in read_only
    assert client.post(reverse("duty:desk_receptions"), **ZH).status_code == 403


def test_a_citizen_opinion_at_the_session_goes_into_the_loop(client, world, reps, station):
    session = _today_session(station, world, world.representative)
    attendance, created = services.check_in(world.rep, session.code)
    assert created and attendance.state == Attendance.State.CONFIRMED

    _as(client, world.rep)
    activity_page = client.get(reverse("duty:rep_activity", args=[session.pk]), **ZH).content.decode()
    assert reverse("duty:rep_reception", args=[session.pk]) in activity_page
    page = client.get(reverse("duty:rep_reception", args=[session.pk]), **ZH)
    assert page.status_code == 200 and 'data-testid="opinion-form"' in page.content.decode()
    sent = client.post(reverse("duty:rep_reception", args=[session.pk]), _opinion_form(station), **ZH)
    assert sent.status_code == 302
    matter = Matter.objects.get()
    assert (matter.kind, matter.station, matter.representative, matter.channel, matter.owner_congress, matter.status) == (
        "opinion", station, world.representative, Channel.REPRESENTATIVE_ON_BEHALF, world.dongbao_congress, "with_representative")
    assert matter.raised_by is None and matter.opinion.citizen_name == "王大爷" and matter.opinion.phone_last4 == "5678"
    assert ActivityMatter.objects.get(matter=matter).activity == session
    again = client.post(reverse("duty:rep_reception", args=[session.pk]), _opinion_form(station), **ZH)  # a double tap
    assert again.status_code == 302 and Matter.objects.count() == 1 and ActivityMatter.objects.count() == 1
    listed = client.get(reverse("duty:rep_reception", args=[session.pk]), **ZH).content.decode()
    assert matter.tracking_code in listed and reverse("opinions:rep_detail", args=[matter.pk]) in listed

    _as(client, world.dongbao_staff)
    assert matter.tracking_code in client.get(reverse("opinions:inbox"), {"status": ""}, **ZH).content.decode()
    desk = client.get(reverse("duty:desk_reception", args=[session.pk]), **ZH).content.decode()
    assert reverse("opinions:desk_detail", args=[matter.pk]) in desk
    assert f'data-testid="row-{world.representative.pk}" data-state="code"' in desk

    opinions.forward(matter, actor=world.rep, note="需要区城管部门处理")
    matter.refresh_from_db()
    assert matter.status == "submitted"
    today = timezone.localdate()
    counted = archive.counts([world.representative.pk], today, today)[world.representative.pk]
    assert counted[Measure.RECEPTION] == 1 and counted[Measure.OPINION_RECEIVED] == 1


def test_staff_enter_an_opinion_naming_who_received_it(client, world, reps, station):
    session = _today_session(station, world, world.representative, reps["wang_rep"])
    _as(client, world.dongbao_staff)
    url = reverse("duty:desk_reception", args=[session.pk])
    nobody = client.post(url, {"action": "opinion", **_opinion_form(station)}, **ZH)
    assert nobody.status_code == 400 and not Matter.objects.exists()  # two on duty: staff say which one received it
    done = client.post(url, {"action": "opinion", "representative": reps["wang_rep"].pk, **_opinion_form(station)}, **ZH)
    assert done.status_code == 302
    matter = Matter.objects.get()
    assert (matter.channel, matter.representative, matter.station) == (Channel.STAFF_ENTRY, reps["wang_rep"], station)
    assert matter.activity_link.activity == session
    with pytest.raises(DutyRefused):
        reception.raise_opinion(world.dongbao_staff, session, opinions.Submission(text="另一条意见内容", region_code=station.region_id),
                                representative=reps["zhao_rep"])


def test_only_the_sessions_staff_and_representatives_on_duty_enter_opinions(client, world, reps, station):
    session = _today_session(station, world, world.representative)
    submission = opinions.Submission(text="小区门口的垃圾桶没人清运。", region_code=station.region_id)
    url = reverse("duty:desk_reception", args=[session.pk])
    assert _as(client, world.duodao_staff).get(url, **ZH).status_code == 404
    assert client.post(url, {"action": "opinion", **_opinion_form(station)}, **ZH).status_code == 404
    leader = _as(client, world.leader).get(url, **ZH)
    assert leader.status_code == 200 and 'data-testid="opinion-form"' not in leader.content.decode()
    assert client.post(url, {"action": "opinion", **_opinion_form(station)}, **ZH).status_code == 403
    assert _as(client, world.citizen).get(url, **ZH).status_code == 403
    rep_url = reverse("duty:rep_reception", args=[session.pk])
    assert _as(client, reps["zhao"]).get(rep_url, **ZH).status_code == 404
    assert client.post(rep_url, _opinion_form(station), **ZH).status_code == 404
    assert _as(client, world.citizen).get(rep_url, **ZH).status_code == 403
    with pytest.raises(DutyRefused):
        reception.raise_opinion(reps["zhao"], session, submission)
    with pytest.raises(DutyRefused):
        reception.raise_opinion(world.duodao_staff, session, submission)
    with pytest.raises(DutyRefused):
        reception.raise_opinion(world.citizen, session, submission)

    later = timezone.localdate() + datetime.timedelta(days=2)
    _weekly(station, later)
    DutyRoster.objects.create(station=station, date=later, representative=world.representative)
    reception.generate_sessions(station, later, later, user=world.dongbao_staff)
    coming = Activity.objects.get(station=station, starts_at__gt=timezone.now() + datetime.timedelta(days=1))
    page = _as(client, world.rep).get(reverse("duty:rep_reception", args=[coming.pk]), **ZH)
    assert page.status_code == 200 and 'data-testid="refusal"' in page.content.decode() and 'data-testid="opinion-form"' not in page.content.decode()
    assert client.post(reverse("duty:rep_reception", args=[coming.pk]), _opinion_form(station), **ZH).status_code == 400
    with pytest.raises(DutyRefused):
        reception.raise_opinion(world.dongbao_staff, coming, submission)
    assert not Matter.objects.exists()


def test_bad_input_keeps_what_was_typed_with_a_chinese_error(client, world, station):
    session = _today_session(station, world, world.representative)
    _as(client, world.rep)
    url = reverse("duty:rep_reception", args=[session.pk])
    short = client.post(url, _opinion_form(station, text="路灯", address="南门菜市场东门"), **ZH)
    html = short.content.decode()
    assert short.status_code == 400 and "请至少用 5 个字描述问题。" in html
    assert "王大爷" in html and "南门菜市场东门" in html and CITIZEN_PHONE in html
    unticked = client.post(url, _opinion_form(station, consent=None), **ZH)
    assert unticked.status_code == 400 and "请勾选同意须知，否则无法提交。" in unticked.content.decode()
    assert "南门菜市场门口的三盏路灯坏了三个月" in unticked.content.decode()
    bad_place = client.post(url, _opinion_form(station, region_code="420804000000"), **ZH)
    assert bad_place.status_code == 400
    assert not Matter.objects.exists() and not ActivityMatter.objects.exists()

    _as(client, world.dongbao_staff)
    desk = client.post(reverse("duty:desk_reception", args=[session.pk]), {"action": "opinion", **_opinion_form(station, text="太短")}, **ZH)
    assert desk.status_code == 400 and "请至少用 5 个字描述问题。" in desk.content.decode() and "王大爷" in desk.content.decode()
    assert not Matter.objects.exists()


def test_unit_heads_are_invited_and_their_presence_recorded(client, world, station):
    coming_day = timezone.localdate() + datetime.timedelta(days=2)
    _weekly(station, coming_day)
    reception.generate_sessions(station, coming_day, coming_day, user=world.dongbao_staff)
    coming = Activity.objects.get(station=station)
    url = reverse("duty:desk_reception", args=[coming.pk])
    _as(client, world.dongbao_staff)

    nameless = client.post(url, {"action": "invite_guest", "unit": world.dongbao_unit.pk, "name": "", "position": "局长"}, **ZH)
    assert nameless.status_code == 400 and 'value="局长"' in nameless.content.decode()
    elsewhere = client.post(url, {"action": "invite_guest", "unit": world.duodao_unit.pk, "name": "钱局长", "position": "局长"}, **ZH)
    assert elsewhere.status_code == 400 and not UnitGuest.objects.exists()
    invited = client.post(url, {"action": "invite_guest", "unit": world.dongbao_unit.pk, "name": "孙明", "position": "局长"}, **ZH)
    assert invited.status_code == 302
    guest = UnitGuest.objects.get()
    assert (guest.activity, guest.unit, guest.name, guest.position, guest.present) == (coming, world.dongbao_unit, "孙明", "局长", None)
    with pytest.raises(DutyRefused):
        reception.record_guest_presence(world.dongbao_staff, guest, present=True)  # not begun yet

    today_session = _today_session(station, world)
    reception_guest = reception.invite_unit_head(world.dongbao_staff, today_session, unit=world.dongbao_unit, name="周华", position="副局长")
    came = client.post(reverse("duty:desk_reception", args=[today_session.pk]), {"action": "guest_came", "guest": reception_guest.pk}, **ZH)
    assert came.status_code == 302 and UnitGuest.objects.get(pk=reception_guest.pk).present is True
    with pytest.raises(DutyRefused):
        reception.invite_unit_head(world.duodao_staff, today_session, unit=world.dongbao_unit, name="某某", position="局长")
    assert _as(client, world.duodao_staff).post(url, {"action": "guest_withdraw", "guest": guest.pk}, **ZH).status_code == 404
    assert UnitGuest.objects.filter(pk=guest.pk).exists()


def _public_page(client, station):
    return client.get(reverse("organisations:public_station", args=[station.public_code]), **ZH)


def test_the_public_page_shows_coming_sessions_and_recent_activities_without_personal_data(client, world, reps, station):
    world.representative.phone = "13800001111"
    world.representative.save()
    coming_day = timezone.localdate() + datetime.timedelta(days=2)
    _weekly(station, coming_day)
    DutyRoster.objects.create(station=station, date=coming_day, representative=world.representative)
    reception.generate_sessions(station, coming_day, coming_day, user=world.dongbao_staff)
    coming = Activity.objects.get(station=station)
    reception.invite_unit_head(world.dongbao_staff, coming, unit=world.dongbao_unit, name="孙明", position="局长")

    held = _today_session(station, world, reps["wang_rep"])
    services.check_in(reps["wang"], held.code)
    Activity.objects.filter(pk=held.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=3), ends_at=timezone.now() - datetime.timedelta(hours=1))
    reception.raise_opinion(world.dongbao_staff, held, opinions.Submission(
        text="南门社区老年食堂只供应午餐，希望增加晚餐。", region_code=station.region_id, citizen_name="李奶奶", phone=CITIZEN_PHONE),
        representative=reps["wang_rep"])
    Activity.objects.create(congress=world.dongbao_congress, kind=Activity.Kind.RESEARCH, title="内部座谈：不公开", place=station.address,
                            organiser="东宝区人大", station=station, public=False, starts_at=timezone.now() - datetime.timedelta(days=2),
                            ends_at=timezone.now() - datetime.timedelta(days=2, hours=-2))

    html = _public_page(client, station).content.decode()
    coming_days = html.split('data-testid="public-receptions"')[1].split('data-testid="public-representatives"')[0]
    assert 'href="/r/RTEST001/">李春梅</a>' in coming_days
    assert 'data-testid="public-guests"' in coming_days and "东宝区教育局 局长" in coming_days
    recent = html.split('data-testid="public-activities"')[1]
    assert held.title in recent and "内部座谈" not in html
    assert 'data-present="1" data-raised="1"' in recent
    for private in ("13800001111", CITIZEN_PHONE, "李奶奶", "孙明"):
        assert private not in html


def test_the_public_page_reads_the_same_number_of_queries_for_one_or_many_sessions(client, world, reps, station):
    start = timezone.localdate() + datetime.timedelta(days=1)
    _weekly(station, start)
    DutyRoster.objects.create(station=station, date=start, representative=world.representative)
    reception.generate_sessions(station, start, start, user=world.dongbao_staff)
    reception.invite_unit_head(world.dongbao_staff, Activity.objects.get(station=station), unit=world.dongbao_unit, name="孙明", position="局长")
    _public_page(client, station)  # warm caches (content types, sessions) before counting
    with CaptureQueriesContext(connection) as one:
        assert _public_page(client, station).status_code == 200

    for offset in (1, 2):
        day = start + datetime.timedelta(days=offset)
        _weekly(station, day, start=datetime.time(14, 0), end=datetime.time(16, 0))
        for representative in (world.representative, reps["wang_rep"], reps["zhao_rep"]):
            DutyRoster.objects.create(station=station, date=day, representative=representative)
    reception.generate_sessions(station, start, start + datetime.timedelta(days=30), user=world.dongbao_staff)
    for session in Activity.objects.filter(station=station):
        reception.invite_unit_head(world.dongbao_staff, session, unit=world.dongbao_unit, name="周华", position="副局长")
    assert Activity.objects.filter(station=station).count() > 5
    with CaptureQueriesContext(connection) as many:
        html = _public_page(client, station).content.decode()
    assert "赵敏" in html
    assert len(many.captured_queries) == len(one.captured_queries)
