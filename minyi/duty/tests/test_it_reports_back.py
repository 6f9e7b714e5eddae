"""A representative reports back to the voters (述职): the report with photos and the archive's summary
frozen in, written on the phone or on the desk; staff arrange the meeting and prepare the satisfaction
vote on the voting engine; the published rate shows on the report and joins the archive, once."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from minyi.accounts.models import Role
from minyi.duty import archive, report_back, services
from minyi.duty.models import Activity, Measure, ReportBack
from minyi.duty.services import DutyRefused
from minyi.matters import attachments
from minyi.representatives.models import RepresentativeGroup
from minyi.testing import person
from minyi.voting import services as voting
from minyi.voting.models import Body, Kind, Vote

from .conftest import make_activity

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year


def jpeg(name="meeting.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 40, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def new_report(world, user=None, **fields):
    values = {"representative": world.representative, "year": THIS_YEAR, "title": "2025年度履职情况报告",
              "text": "一年来，我参加视察两次，接待选民六次，提出建议三件。", "congress": world.city_congress}
    values.update(fields)
    return report_back.create_report(user or world.city_staff, **values)


@pytest.fixture
def group(world, reps):
    """The city group of 李春梅, 王建军 and 赵敏."""
    team = RepresentativeGroup.objects.create(congress=world.city_congress, name="东宝代表小组")
    for representative in (world.representative, reps["wang_rep"], reps["zhao_rep"]):
        representative.mandates.update(group=team)
    return team


def run_group_vote(world, reps, vote, choices):
    """Open the vote, let 李春梅, 王建军 and 赵敏 rate on their phones, count and publish."""
    voting.open_vote(world.city_staff, vote)
    for user, choice in zip((world.rep, reps["wang"], reps["zhao"]), choices):
        voting.check_in(user, vote)
        voting.cast(user, vote, {"1": choice})
    voting.count_vote(world.city_staff, voting.close_vote(world.city_staff, vote))
    return voting.publish(world.city_staff, Vote.objects.get(pk=vote.pk))


def report_back_records(world):
    return [r for r in archive.records([world.representative.pk], *archive.year_range(THIS_YEAR)) if r.measure == Measure.REPORT_BACK]


def test_the_representative_writes_the_report_on_the_phone_with_the_archive_summary(world, reps):
    inspection = make_activity(world, [world.representative])
    services.check_in(world.rep, inspection.code)
    phone = client_for(world.rep)
    assert phone.get(reverse("duty:rep_reports_back")).status_code == 200
    assert phone.get(reverse("duty:rep_report_back_new")).status_code == 200
    response = phone.post(reverse("duty:rep_report_back_new"), {
        "year": THIS_YEAR, "title": "年度履职报告", "text": "向选民报告一年来的履职情况。", "photos": [jpeg(), jpeg("second.jpg")]})
    report = ReportBack.objects.get()
    assert response.status_code == 302 and response.url == reverse("duty:rep_report_back", args=[report.pk])
    assert (report.representative, report.congress, report.year, report.created_by) == (world.representative, world.city_congress, THIS_YEAR, world.rep)
    assert report.summary == {"inspection": 1}
    assert report.photos.count() == 2
    page = phone.get(response.url)
    assert page.status_code == 200 and "向选民报告一年来的履职情况。" in page.content.decode()
    assert page.context["summary_rows"] == [(Measure.INSPECTION.label, 1)]
    # Frozen: a later deed does not change the report's summary.
    services.check_in(world.rep, make_activity(world, [world.representative], kind=Activity.Kind.TRAINING, title="新任代表履职培训").code)
    report.refresh_from_db()
    assert report.summary == {"inspection": 1}
    photo = report.photos.first()
    assert phone.get(reverse("duty:report_back_thumbnail", args=[photo.pk])).status_code == 200
    assert client_for(world.city_staff).get(reverse("duty:report_back_photo", args=[photo.pk])).status_code == 200
    # Not given yet: nobody else sees the photos or the public page.
    assert Client().get(reverse("duty:report_back_photo", args=[photo.pk])).status_code == 404
    assert client_for(reps["wang"]).get(reverse("duty:report_back_photo", args=[photo.pk])).status_code == 404
    assert Client().get(reverse("duty:public_report_back", args=[report.pk])).status_code == 404


def test_bad_input_gets_a_chinese_answer_and_keeps_what_was_typed(world, reps):
    phone = client_for(world.rep)
    url = reverse("duty:rep_report_back_new")
    empty = phone.post(url, {"year": THIS_YEAR, "title": "年度履职报告", "text": "   "})
    assert empty.status_code == 400 and "年度履职报告" in empty.content.decode() and "请填写此项。" in empty.content.decode()
    fake = SimpleUploadedFile("fake.jpg", b"this is no photo", content_type="image/jpeg")
    wrong = phone.post(url, {"year": THIS_YEAR, "title": "年度履职报告", "text": "我的履职情况。", "photos": [fake]})
    content = wrong.content.decode()
    assert wrong.status_code == 400 and "无法识别 fake.jpg 为照片" in content
    assert "年度履职报告" in content and "我的履职情况。" in content
    assert phone.post(url, {"year": "1999", "title": "年度履职报告", "text": "我的履职情况。"}).status_code == 400
    assert not ReportBack.objects.exists()
    desk = client_for(world.city_staff)
    response = desk.post(reverse("duty:desk_report_back_new"), {
        "congress": world.dongbao_congress.pk, "representative": world.representative.pk, "year": THIS_YEAR, "title": "报告", "text": "内容"})
    assert response.status_code == 400  # not one of this staff's congresses
    with translation.override("en"):
        with pytest.raises(DutyRefused, match="held no mandate"):
            new_report(world, year=2019)
        with pytest.raises(DutyRefused, match="Write the report"):
            new_report(world, text=" ")
    assert not ReportBack.objects.exists()


def test_others_find_nothing_and_leaders_only_read(world, reps):
    report = new_report(world)
    other_rep = client_for(reps["wang"])
    for name in ("duty:rep_report_back", "duty:rep_report_back_edit"):
        assert other_rep.get(reverse(name, args=[report.pk])).status_code == 404
    assert other_rep.post(reverse("duty:rep_report_back_edit", args=[report.pk]), {"title": "改", "text": "改"}).status_code == 404
    for staff in (world.dongbao_staff, world.duodao_staff):
        desk = client_for(staff)
        assert desk.get(reverse("duty:desk_report_back", args=[report.pk])).status_code == 404
        assert desk.get(reverse("duty:desk_report_back_edit", args=[report.pk])).status_code == 404
        assert report.pk not in [row["report"].pk for row in desk.get(reverse("duty:desk_reports_back")).context["rows"]]
    leader = client_for(world.leader)
    assert leader.get(reverse("duty:desk_report_back", args=[report.pk])).status_code == 200
    assert leader.post(reverse("duty:desk_report_back", args=[report.pk]), {"action": "new_meeting"}).status_code == 403
    assert client_for(world.citizen).get(reverse("duty:rep_reports_back")).status_code == 403
    with pytest.raises(DutyRefused):
        report_back.change_report(reps["wang"], report, title="改", text="改")
    with pytest.raises(DutyRefused):
        report_back.prepare_vote(world.dongbao_staff, report, electorate=report_back.Electorate.GROUP)
    own = client_for(world.rep)
    assert own.get(reverse("duty:rep_report_back", args=[report.pk])).status_code == 200
    response = own.post(reverse("duty:rep_report_back_edit", args=[report.pk]), {"title": "改过的标题", "text": "改过的报告"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.title, report.text) == ("改过的标题", "改过的报告")


def test_staff_arrange_the_meeting_and_the_group_vote_and_the_rate_joins_the_archive_once(world, reps, group):
    report = new_report(world, photos=[("photo.jpg", *attachments.clean_photo(jpeg()))])
    desk = client_for(world.city_staff)
    for query in ({"year": THIS_YEAR, "q": "李春梅"}, {"year": "99999999999999999999999"}):
        assert report.pk in [row["report"].pk for row in desk.get(reverse("duty:desk_reports_back"), query).context["rows"]]
    for query in ({"year": THIS_YEAR - 1}, {"q": "x" * 500}):
        assert desk.get(reverse("duty:desk_reports_back"), query).context["rows"] == []
    assert desk.get(reverse("duty:desk_report_back", args=[report.pk])).status_code == 200
    start = timezone.localtime() - datetime.timedelta(hours=1)
    response = desk.post(reverse("duty:desk_report_back", args=[report.pk]), {
        "action": "new_meeting", "starts_at": f"{start:%Y-%m-%dT%H:%M}", "ends_at": f"{start + datetime.timedelta(hours=2):%Y-%m-%dT%H:%M}",
        "place": "龙井社区代表联络站", "organiser": "东宝代表小组"})
    assert response.status_code == 302
    report.refresh_from_db()
    meeting = report.activity
    assert meeting.kind == Activity.Kind.REPORT_BACK and list(meeting.invitations.values_list("representative", flat=True)) == [world.representative.pk]
    services.check_in(world.rep, meeting.code)  # the representative checks in at their own meeting
    assert len(report_back_records(world)) == 1  # the meeting has begun: given, counted once

    response = desk.post(reverse("duty:desk_report_back", args=[report.pk]), {"action": "prepare_vote", "electorate": "group", "group": group.pk})
    report.refresh_from_db()
    vote = report.vote
    assert response.status_code == 302 and response.url == reverse("voting:desk_detail", args=[vote.pk])
    assert (vote.kind, vote.body, vote.group, vote.state) == (Kind.SATISFACTION, Body.GROUP, group, Vote.State.DRAFT)
    assert list(vote.options.values_list("label", flat=True)) == ["李春梅"]
    assert desk.get(response.url).status_code == 200  # the engine's own page runs it from here
    again = desk.post(reverse("duty:desk_report_back", args=[report.pk]), {"action": "prepare_vote", "electorate": "group", "group": group.pk})
    assert again.status_code == 400 and Vote.objects.count() == 1

    run_group_vote(world, reps, vote, ["satisfied", "basically_satisfied", "unsatisfied"])
    report = ReportBack.objects.get(pk=report.pk)
    assert report_back.rate_text(report_back.satisfaction(report)) == "66.67%"
    (record,) = report_back_records(world)
    assert record.key == f"activity:{meeting.pk}" and "66.67%" in record.detail and record.title == report.title
    assert archive.counts([world.representative.pk], *archive.year_range(THIS_YEAR))[world.representative.pk][Measure.REPORT_BACK] == 1
    assert "66.67%" in desk.get(reverse("duty:desk_report_back", args=[report.pk])).content.decode()
    assert "66.67%" in client_for(world.rep).get(reverse("duty:rep_report_back", args=[report.pk])).content.decode()
    public = Client().get(reverse("duty:public_report_back", args=[report.pk]))
    assert public.status_code == 200 and "66.67%" in public.content.decode()
    assert Client().get(reverse("duty:report_back_photo", args=[report.photos.get().pk])).status_code == 200

    # The voters rated the report as it stood: it no longer changes.
    with pytest.raises(DutyRefused):
        report_back.change_report(world.rep, report, title="改", text="改")
    assert client_for(world.rep).get(reverse("duty:rep_report_back_edit", args=[report.pk])).status_code == 302


def test_the_voters_present_vote_on_paper_with_two_tellers(world, reps):
    report = new_report(world)
    teller_a = person("teller_a", Role.CONGRESS_STAFF, congress=world.city_congress, full_name="计票人甲")
    teller_b = person("teller_b", Role.CONGRESS_STAFF, congress=world.city_congress, full_name="计票人乙")
    desk = client_for(world.city_staff)
    url = reverse("duty:desk_report_back", args=[report.pk])
    names = "张大爷\n王阿姨\n刘师傅"
    one_teller = desk.post(url, {"action": "prepare_vote", "electorate": "present", "voter_names": names, "tellers": [teller_a.pk]})
    assert one_teller.status_code == 400 and "刘师傅" in one_teller.content.decode() and not Vote.objects.exists()
    response = desk.post(url, {"action": "prepare_vote", "electorate": "present", "voter_names": names, "tellers": [teller_a.pk, teller_b.pk]})
    assert response.status_code == 302
    vote = ReportBack.objects.get(pk=report.pk).vote
    assert (vote.body, vote.electronic, vote.paper, vote.member_names) == (Body.COUNCIL, False, True, names)
    assert set(vote.tellers.values_list("user", flat=True)) == {teller_a.pk, teller_b.pk}
    voting.open_vote(world.city_staff, vote)
    assert list(vote.electors.values_list("name", flat=True)) == ["张大爷", "王阿姨", "刘师傅"]


def test_a_report_without_a_meeting_counts_when_its_vote_is_published(world, reps, group):
    report = new_report(world)
    assert report_back_records(world) == []
    vote = report_back.prepare_vote(world.city_staff, report, electorate=report_back.Electorate.GROUP, group=group)
    voting.open_vote(world.city_staff, vote)
    for user in (world.rep, reps["wang"], reps["zhao"]):
        voting.check_in(user, vote)
        voting.cast(user, vote, {"1": "satisfied"})
    voting.count_vote(world.city_staff, voting.close_vote(world.city_staff, vote))
    assert report_back_records(world) == []  # counted, not yet published
    assert Client().get(reverse("duty:public_report_back", args=[report.pk])).status_code == 404
    voting.publish(world.city_staff, Vote.objects.get(pk=vote.pk))
    (record,) = report_back_records(world)
    assert record.key == f"report:{report.pk}" and "100.00%" in record.detail


def test_staff_link_a_meeting_already_planned(world, reps):
    report = new_report(world)
    planned = make_activity(world, [world.representative], starts=48, kind=Activity.Kind.REPORT_BACK, title="李春梅代表向选民述职")
    make_activity(world, [], starts=24, title="视察")  # not a report-back activity: not offered
    desk = client_for(world.city_staff)
    page = desk.get(reverse("duty:desk_report_back", args=[report.pk]))
    assert list(page.context["link_form"].fields["activity"].queryset) == [planned]
    assert desk.post(reverse("duty:desk_report_back", args=[report.pk]), {"action": "link_meeting", "activity": planned.pk}).status_code == 302
    assert ReportBack.objects.get(pk=report.pk).activity == planned
    assert report_back_records(world) == []  # the meeting is ahead: not given yet
    other = new_report(world, title="另一份报告")
    with pytest.raises(DutyRefused):
        report_back.link_meeting(world.city_staff, other, planned)


def test_staff_prepare_a_report_on_the_desk_and_change_its_photos(world, reps):
    desk = client_for(world.city_staff)
    assert desk.get(reverse("duty:desk_report_back_new")).status_code == 200
    response = desk.post(reverse("duty:desk_report_back_new"), {
        "congress": world.city_congress.pk, "representative": reps["wang_rep"].pk, "year": THIS_YEAR - 1, "title": "王建军代表年度述职",
        "text": "代表本人口述，工作人员整理。", "photos": [jpeg(), jpeg("b.jpg")]})
    report = ReportBack.objects.get()
    assert response.status_code == 302 and response.url == reverse("duty:desk_report_back", args=[report.pk])
    assert (report.representative, report.year, report.created_by) == (reps["wang_rep"], THIS_YEAR - 1, world.city_staff)
    future = desk.post(reverse("duty:desk_report_back_new"), {
        "congress": world.city_congress.pk, "representative": reps["wang_rep"].pk, "year": THIS_YEAR + 1, "title": "明年", "text": "内容"})
    assert future.status_code == 400 and ReportBack.objects.count() == 1
    first, second = report.photos.order_by("pk")
    edit = reverse("duty:desk_report_back_edit", args=[report.pk])
    assert desk.get(edit).status_code == 200
    response = desk.post(edit, {"title": "王建军代表年度述职报告", "text": "修改后的报告。", "remove_photos": [first.pk], "photos": [jpeg("c.jpg")]})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.title == "王建军代表年度述职报告" and report.photos.count() == 2 and not report.photos.filter(pk=first.pk).exists()
    assert second in report.photos.all()
    # The representative sees it on the phone, another representative does not.
    assert client_for(reps["wang"]).get(reverse("duty:rep_report_back", args=[report.pk])).status_code == 200
    assert client_for(world.rep).get(reverse("duty:rep_report_back", args=[report.pk])).status_code == 404
