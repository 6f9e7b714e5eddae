"""The responsible unit's project desk, through the views: a unit sees its own chosen projects only
(another unit's is a 404 and absent from its list; the engine's generic page leads here), the
plan with its milestones (a bad line refused with the text kept), a monthly report with two real
photos stored and shown, a second report for the same month refused with the text kept, the
mid-year report, an inspection finding answered, the completion refused while a milestone is
open and accepted once it is reached, the rectification report after an unsatisfactory year-end
vote, and the unit's lines on the workbench."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import Image

from minyi.accounts import access
from minyi.matters.models import Assignment, Attachment
from minyi.organisations.models import Unit
from minyi.projects import services
from minyi.projects import workbench as project_workbench
from minyi.projects.models import Finding, Milestone, ProgressReport, Project
from minyi.projects.views.unit import status_label
from minyi.testing import person
from minyi.voting import services as voting
from minyi.voting.tests.conftest import make_chamber

pytestmark = pytest.mark.django_db


@pytest.fixture
def chamber(world):
    return make_chamber(world, 9)


@pytest.fixture
def water_unit(world):
    return Unit.objects.create(region=world.city, name="荆门市水务局")


@pytest.fixture
def water_staff(water_unit):
    return person("water_staff", "unit_staff", unit=water_unit, full_name="吴水")


@pytest.fixture
def chosen(chamber, world, water_unit):
    """Last year's projects, to be completed by the end of this year: every month up to this one
    and the mid-year month lie within the project, whatever today is. Projects 1 (the city's
    housing bureau) and 2 (the water bureau) are chosen, 3 is not."""
    staff = world.city_staff
    today = timezone.localdate()
    year = services.create_year(staff, congress=world.city_congress, year=today.year - 1, title=f"{today.year - 1}年荆门市民生实事项目",
                                places=2, collection_from=today - datetime.timedelta(days=30), collection_until=today + datetime.timedelta(days=30))
    services.close_collection(staff, year)
    completion = datetime.date(today.year, 12, 31)
    for number, unit in enumerate((world.city_unit, water_unit, world.city_unit), start=1):
        services.add_candidate(staff, year, name=f"民生项目{number}", content=f"项目{number}的建设内容：改造老旧管网。", investment=Decimal("1200.50"),
                               unit=unit, completion_date=completion)
    services.publish_candidates(staff, year)
    vote = services.prepare_selection_vote(staff, year, session=chamber.session)
    _vote(chamber, vote, [[1, 2]] * 9)
    services.apply_selection(staff, year)
    year.refresh_from_db()
    return year, Project.objects.get(year=year, number=1), Project.objects.get(year=year, number=2)


def _vote(chamber, vote, ballots):
    staff = chamber.world.city_staff
    voting.open_vote(staff, vote)
    for user, marks in zip(chamber.users, ballots):
        voting.check_in(user, vote)
        voting.cast(user, vote, marks)
    return voting.count_vote(staff, voting.close_vote(staff, vote))


def url(project):
    return reverse("projects:unit_detail", args=[project.pk])


def post(client, project, action, **fields):
    data = {"action": action}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    return client.post(url(project), data)


def photo(name, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(buffer, "JPEG", quality=90)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def this_month():
    return timezone.localdate().replace(day=1)


def test_a_unit_sees_its_own_projects_only(client, world, chosen, water_staff):
    year, first, second = chosen
    client.force_login(world.unit_staff)
    listing = client.get(reverse("projects:unit_list"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "民生项目1" in html and "民生项目2" not in html and "民生项目3" not in html  # 3 was not chosen
    assert year.title in html
    assert client.get(url(first)).status_code == 200
    assert client.get(url(second)).status_code == 404
    client.force_login(water_staff)
    html = client.get(reverse("projects:unit_list")).content.decode()
    assert "民生项目2" in html and "民生项目1" not in html
    assert client.get(url(first)).status_code == 404
    client.force_login(world.other_unit_staff)
    html = client.get(reverse("projects:unit_list")).content.decode()
    assert "民生项目" not in html
    assert client.get(url(first)).status_code == 404 and client.get(url(second)).status_code == 404
    assert client.get(reverse("projects:unit_list") + f"?year={year.pk + 1000}").status_code == 404
    # Not a unit's page.
    client.force_login(world.citizen)
    assert client.get(reverse("projects:unit_list")).status_code == 403
    # The engine's generic assignment page of the project leads to the project's page.
    lead = services.lead_assignment(first)
    client.force_login(world.unit_staff)
    response = client.get(reverse("projects:unit_assignment", args=[lead.pk]))
    assert response.status_code == 302 and response["Location"] == url(first)
    client.force_login(water_staff)
    assert client.get(reverse("projects:unit_assignment", args=[lead.pk])).status_code == 404


def test_the_unit_writes_the_plan_with_milestones_and_reaches_one(client, world, chosen):
    _year, project, _second = chosen
    today = timezone.localdate()
    client.force_login(world.unit_staff)
    page = client.get(url(project)).content.decode()
    assert "民生项目1" in page and "1200.50" in page and str(services.lead_assignment(project).handle_due.isoformat()) in page
    refused = post(client, project, "plan", plan="分三批实施。", budget="1100", milestones="完成设计 | 明天\n开工")
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "分三批实施。" in html and "完成设计 | 明天" in html  # what was typed is kept
    assert escape(gettext("Line %(line)s: write the milestone, a bar and a date such as 2027-03-31.") % {"line": 1}) in html
    assert not Milestone.objects.filter(project=project).exists()

    past, later = today - datetime.timedelta(days=3), datetime.date(today.year, 12, 20)
    response = post(client, project, "plan", plan="分三批实施，先城区后乡镇。", budget="1100.00",
                    milestones=f"完成设计 | {past.isoformat()}\n\n开工建设｜{later.isoformat()}\n")
    assert response.status_code == 302 and response["Location"] == url(project)
    project.refresh_from_db()
    assert project.plan == "分三批实施，先城区后乡镇。" and project.budget == Decimal("1100.00")
    assert list(project.milestones.values_list("title", "due")) == [("完成设计", past), ("开工建设", later)]
    assert services.lead_assignment(project).state == Assignment.State.SIGNED
    # The list flags the overdue milestone; the page offers to mark it reached.
    html = client.get(reverse("projects:unit_list")).content.decode()
    assert "完成设计" in html and "bg-red" in html
    design = project.milestones.get(title="完成设计")
    refused = post(client, project, "milestone", target=design.pk, on=(today + datetime.timedelta(days=1)).isoformat())
    assert refused.status_code == 400
    assert escape(gettext("A milestone cannot be reached in the future.")) in refused.content.decode()
    response = post(client, project, "milestone", target=design.pk, on=today.isoformat())
    assert response.status_code == 302
    assert Milestone.objects.get(pk=design.pk).done_on == today
    # A second plan keeps the reached milestone and replaces the open ones.
    post(client, project, "plan", plan="调整后的方案。", budget="", milestones=f"竣工验收 | {later.isoformat()}")
    assert sorted(project.milestones.values_list("title", flat=True)) == ["完成设计", "竣工验收"]


def test_a_monthly_report_with_photos_and_a_second_one_for_the_month_refused(client, world, chosen):
    _year, project, _second = chosen
    client.force_login(world.unit_staff)
    html = client.get(reverse("projects:unit_list")).content.decode()
    assert gettext("This month's report missing") in html
    month = this_month().isoformat()
    response = client.post(url(project), {
        "action": "progress", "progress-month": month, "progress-percent": "30", "progress-text": "完成招标，开始铺设管网。",
        "progress-spent": "320.5", "progress-photos": [photo("site-1.jpg", "red"), photo("site-2.jpg", "blue")],
    })
    assert response.status_code == 302
    report = ProgressReport.objects.get(project=project)
    assert report.kind == ProgressReport.Kind.MONTHLY and report.month == this_month() and report.percent == 30
    assert report.spent == Decimal("320.50") and report.by == world.unit_staff
    photos = list(report.event.attachments.all())
    assert len(photos) == 2 and {a.kind for a in photos} == {Attachment.Kind.IMAGE}
    assert all(a.file and a.thumbnail for a in photos)
    with photos[0].thumbnail.open("rb") as stored:
        assert Image.open(stored).format == "JPEG"
    project.refresh_from_db()
    assert project.progress == 30
    page = client.get(url(project)).content.decode()
    for attachment in photos:
        assert reverse("matters:attachment_thumbnail", args=[attachment.pk]) in page
    assert "完成招标，开始铺设管网。" in page and "30%" in page
    assert client.get(reverse("matters:attachment_thumbnail", args=[photos[0].pk])).status_code == 200
    assert gettext("This month's report missing") not in client.get(reverse("projects:unit_list")).content.decode()

    again = client.post(url(project), {"action": "progress", "progress-month": month, "progress-percent": "35", "progress-text": "又完成了一段管网。"})
    assert again.status_code == 400
    html = again.content.decode()
    assert escape(gettext("This month's report has already been sent; add what is new to next month's.")) in html
    assert "又完成了一段管网。" in html
    assert ProgressReport.objects.filter(project=project).count() == 1
    # Progress does not go back.
    earlier = (this_month() - datetime.timedelta(days=1)).replace(day=1).isoformat()
    back = client.post(url(project), {"action": "progress", "progress-month": earlier, "progress-percent": "10", "progress-text": "补报上月。"})
    assert back.status_code == 400
    assert escape(gettext("Progress cannot go back: the last report said %(percent)s%%.") % {"percent": 30}) in back.content.decode()
    # A month out of the list is the form's refusal.
    wrong = client.post(url(project), {"action": "progress", "progress-month": "1999-01-01", "progress-percent": "40", "progress-text": "错误月份。"})
    assert wrong.status_code == 400 and ProgressReport.objects.filter(project=project).count() == 1

    # The mid-year report (its month is June of the project's year).
    response = client.post(url(project), {"action": "mid_year", "mid_year-percent": "40", "mid_year-text": "上半年完成管网铺设四成。",
                                          "mid_year-photos": [photo("half.png", "green")]})
    assert response.status_code == 302
    mid = ProgressReport.objects.get(project=project, kind=ProgressReport.Kind.MID_YEAR)
    assert mid.month == datetime.date(project.year.year, 6, 1) and mid.event.attachments.count() == 1
    assert 'data-testid="mid-year-card"' not in client.get(url(project)).content.decode()


def test_photos_that_are_not_images_are_refused_with_the_text_kept(client, world, chosen):
    _year, project, _second = chosen
    client.force_login(world.unit_staff)
    fake = SimpleUploadedFile("site.jpg", b"not an image at all", content_type="image/jpeg")
    response = client.post(url(project), {"action": "progress", "progress-month": this_month().isoformat(), "progress-percent": "20",
                                          "progress-text": "管网施工中。", "progress-photos": [fake]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "管网施工中。" in html and "site.jpg" in html
    assert not ProgressReport.objects.exists()


def test_the_unit_answers_an_inspection_finding(client, world, chosen, water_staff):
    _year, project, second = chosen
    today = timezone.localdate()
    inspection = services.record_inspection(world.city_staff, project, date=today, members="李春梅、王代表002", summary="现场查看施工进度。",
                                            findings=["施工围挡不规范", "夜间施工噪音扰民"], answer_due=today + datetime.timedelta(days=10))
    services.record_inspection(world.city_staff, second, date=today, members="李春梅", summary="查看水厂。", findings=["水压不足"],
                               answer_due=today + datetime.timedelta(days=10))
    fence, noise = inspection.findings.order_by("pk")
    other = Finding.objects.get(text="水压不足")
    client.force_login(world.unit_staff)
    html = client.get(reverse("projects:unit_list")).content.decode()
    assert ">2</span>" in html  # two findings to answer on project 1
    assert "施工围挡不规范" in client.get(url(project)).content.decode()
    empty = post(client, project, "answer", target=fence.pk, answer="")
    assert empty.status_code == 400
    stolen = post(client, project, "answer", target=other.pk, answer="不是我们的")
    assert stolen.status_code == 400 and not Finding.objects.get(pk=other.pk).answer
    response = post(client, project, "answer", target=fence.pk, answer="已按规范重新设置围挡。")
    assert response.status_code == 302
    fence.refresh_from_db()
    assert fence.answer == "已按规范重新设置围挡。" and fence.answered_by == world.unit_staff
    page = client.get(url(project)).content.decode()
    assert "已按规范重新设置围挡。" in page and f'name="answer-target" value="{noise.pk}"' in page
    assert f'name="answer-target" value="{fence.pk}"' not in page
    again = post(client, project, "answer", target=fence.pk, answer="再答一次")
    assert again.status_code == 400 and escape(gettext("This finding has been answered.")) in again.content.decode()
    assert project_workbench.items(access.actor_for(world.unit_staff))[-1]["count"] == 1
    assert project_workbench.items(access.actor_for(water_staff))[-1]["count"] == 1


def test_completion_is_refused_while_a_milestone_is_open(client, world, chosen):
    _year, project, _second = chosen
    today = timezone.localdate()
    services.set_plan(world.unit_staff, project, plan="分两步实施。", budget=Decimal(1000), milestones=[("管网铺设完成", today)])
    client.force_login(world.unit_staff)
    refused = client.post(url(project), {"action": "complete", "complete-text": "全部完工并投入使用。"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert escape(gettext("Mark every milestone reached before reporting the project completed.")) in html
    assert "全部完工并投入使用。" in html
    milestone = project.milestones.get()
    assert post(client, project, "milestone", target=milestone.pk, on=today.isoformat()).status_code == 302
    response = client.post(url(project), {"action": "complete", "complete-text": "全部完工并投入使用。", "complete-photos": [photo("done.jpg", "white")]})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.matter.status == "completed" and project.progress == 100
    reply = project.matter.timeline.get(action="reply")
    assert reply.attachments.count() == 1
    page = client.get(url(project)).content.decode()
    assert 'data-testid="completion-card"' not in page and 'data-testid="progress-card"' not in page
    assert escape(str(status_label(project.matter))) in page


def test_the_unit_reports_its_rectification(client, world, chamber, chosen, water_staff):
    year, _first, second = chosen
    staff = world.city_staff
    evaluation = services.prepare_evaluation_vote(staff, year, session=chamber.session)
    _vote(chamber, evaluation, [{"1": "satisfied", "2": "unsatisfied"}] * 5 + [{"1": "satisfied", "2": "satisfied"}] * 4)
    services.apply_evaluation(staff, year)
    second.refresh_from_db()
    assert second.matter.status == "rectifying"
    client.force_login(water_staff)
    page = client.get(url(second)).content.decode()
    assert second.rectification_due.isoformat() in page and "44.44" in page and 'data-testid="rectification"' in page
    empty = client.post(url(second), {"action": "rectify", "rectify-text": "  "})
    assert empty.status_code == 400
    response = client.post(url(second), {"action": "rectify", "rectify-text": "已按代表意见增设加压泵站。"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.rectification_report == "已按代表意见增设加压泵站。"
    assert "已按代表意见增设加压泵站。" in client.get(url(second)).content.decode()
    services.accept_rectification(staff, second)
    page = client.get(url(second)).content.decode()
    assert 'data-testid="rectification"' not in page
    # The closed project refuses a late report with the rule's words, on the page's top.
    late = client.post(url(second), {"action": "rectify", "rectify-text": "补充报告。"})
    assert late.status_code == 400 and "alert-danger" in late.content.decode()
