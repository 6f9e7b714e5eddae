"""Citizens read a representative's duty record on the public page behind the 代表码 (代表法 第58条):
per year the counts and the public records, the reports back given with their satisfaction rate,
and the QR code; never an absence, a link into the internal pages or a phone number. The page costs
the same queries however much was recorded; the public list finds a representative by name, station
or place."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from minyi.duty import report_back, services
from minyi.duty.models import Activity, Attendance
from minyi.organisations.models import ReceptionRule, Station, StationAssignment
from minyi.regions.models import Level, Region
from minyi.representatives.posters import public_url
from minyi.voting import services as voting
from minyi.voting.models import Vote

from .conftest import make_activity

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year
PHONE = "13907241234"


def profile_url(world, **query):
    url = reverse("representatives:public_profile", args=[world.representative.public_code])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def attend(world, title, *, kind=Activity.Kind.INSPECTION, starts=-1, by_hand=False):
    activity = make_activity(world, [world.representative], kind=kind, title=title, starts=starts)
    if by_hand:
        services.record_by_hand(world.city_staff, activity, world.representative, reason="没有智能手机")
    else:
        services.check_in(world.rep, activity.code)
    return activity


def given_report(world, reps):
    """A report back of 李春梅 rated 100% by the three of the city's group, published."""
    from minyi.representatives.models import RepresentativeGroup

    team = RepresentativeGroup.objects.create(congress=world.city_congress, name="东宝代表小组")
    for representative in (world.representative, reps["wang_rep"], reps["zhao_rep"]):
        representative.mandates.update(group=team)
    report = report_back.create_report(world.city_staff, representative=world.representative, year=THIS_YEAR, title="年度履职情况报告",
                                       text="向选民报告。", congress=world.city_congress)
    vote = report_back.prepare_vote(world.city_staff, report, electorate=report_back.Electorate.GROUP, group=team)
    voting.open_vote(world.city_staff, vote)
    for user in (world.rep, reps["wang"], reps["zhao"]):
        voting.check_in(user, vote)
        voting.cast(user, vote, {"1": "satisfied"})
    voting.count_vote(world.city_staff, voting.close_vote(world.city_staff, vote))
    voting.publish(world.city_staff, Vote.objects.get(pk=vote.pk))
    return report


def test_the_public_page_shows_the_years_record_reports_back_and_the_code_but_no_absence(world, reps):
    world.representative.phone = PHONE
    world.representative.save()
    inspection = attend(world, "视察城区老旧小区改造")
    attend(world, "新任代表履职培训", kind=Activity.Kind.TRAINING, by_hand=True)
    missed = make_activity(world, [world.representative], kind=Activity.Kind.SESSION, title="市人大常委会第十次会议", starts=-30, hours=2)
    hidden = make_activity(world, [world.representative], title="内部座谈会", public=False)
    services.check_in(world.rep, hidden.code)
    report = given_report(world, reps)
    response = Client().get(profile_url(world))
    assert response.status_code == 200
    content = response.content.decode()
    duty = response.context["duty"]
    assert duty.year == THIS_YEAR
    counted = {measure: number for measure, _label, number in duty.counts}
    # The closed-door meeting is not public; the vote she took part in (on her own report) counts.
    assert counted == {"inspection": 1, "training": 1, "report_back": 1, "vote_taken": 1}
    assert "视察城区老旧小区改造" in content and "新任代表履职培训" in content
    assert missed.title not in content and hidden.title not in content  # the absence and the non-public activity
    assert all(record.measure != "absence" for record in duty.records)
    assert [(r.title, r.rate) for r in duty.reports] == [(report.title, "100.00%")]
    assert reverse("duty:public_report_back", args=[report.pk]) in content and "100.00%" in content
    # No link into the internal pages, and nothing personal.
    assert reverse("duty:rep_activity", args=[inspection.pk]) not in content and "/rep/" not in content
    assert PHONE not in content and PHONE[:3] + "****" not in content
    # The 代表码: the same address the poster's QR code encodes.
    assert 'data-testid="qr"' in content and response.context["qr_svg"].startswith("<svg")
    assert public_url(world.representative).endswith(reverse("representatives:public_profile", args=[world.representative.public_code]))


def test_the_counts_follow_the_chosen_year(world, reps):
    last_year = make_activity(world, [world.representative], title="去年的调研", kind=Activity.Kind.RESEARCH)
    Activity.objects.filter(pk=last_year.pk).update(starts_at=timezone.now().replace(year=THIS_YEAR - 1), ends_at=timezone.now().replace(year=THIS_YEAR - 1) + datetime.timedelta(hours=2))
    Attendance.objects.create(activity=last_year, representative=world.representative, how=Attendance.How.HAND, at=timezone.now())
    attend(world, "今年的视察")
    this_year = Client().get(profile_url(world)).context["duty"]
    assert [r.title for r in this_year.records] == ["今年的视察"]
    before = Client().get(profile_url(world, year=THIS_YEAR - 1)).context["duty"]
    assert before.year == THIS_YEAR - 1 and [r.title for r in before.records] == ["去年的调研"]
    for bad in ("1900", "abc", "9999999999999999999999"):
        assert Client().get(profile_url(world, year=bad)).context["duty"].year == THIS_YEAR


def test_the_public_page_costs_the_same_queries_however_much_was_recorded(world, reps, django_assert_max_num_queries):
    attend(world, "第一次视察")
    client = Client()
    client.get(profile_url(world))  # warm the caches every first request fills (sessions, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(profile_url(world)).status_code == 200
    for number in range(6):
        attend(world, f"第{number + 2}次视察")
    given_report(world, reps)
    # One query per source of the archive, whatever each finds (16 when this was written).
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(profile_url(world))
    assert len(response.context["duty"].records) >= 8 and response.context["duty"].reports
    assert len(few.captured_queries) <= 30


def test_a_citizen_finds_a_representative_by_name_station_or_place(client, world, reps):
    town = Region.objects.create(code="420802002000", name="龙泉街道", level=Level.TOWNSHIP, parent=world.dongbao)
    station = Station.objects.create(name="龙井社区代表联络站", kind=Station.Kind.LIAISON_STATION, region=town, congress=world.dongbao_congress)
    ReceptionRule.objects.create(station=station, kind=ReceptionRule.Kind.MONTHLY, day_of_month=5, start_time=datetime.time(9),
                                 end_time=datetime.time(11))
    StationAssignment.objects.create(station=station, representative=world.representative, start=datetime.date(2022, 1, 1))
    url = reverse("representatives:public_list")

    def names(q):
        return {person.name for person in client.get(url, {"q": q}).context["page"]}

    assert names("春梅") == {"李春梅"}
    assert names("龙井社区") == {"李春梅"}  # the station
    assert names("龙泉") == {"李春梅"}  # the station's township
    assert names("荆门市") == {"李春梅", "王建军", "赵敏"}  # their congress's place
    assert names("不存在的地方") == set()
