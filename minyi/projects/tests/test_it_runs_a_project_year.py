"""A project year through the services: ideas collected, merged and reviewed, the candidate list,
the representatives' vote with a tie and its second round, the chosen projects as matters with a
plan, progress, an inspection and its findings, completion, and the year-end evaluation with a
rectification."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from minyi.matters.models import Assignment
from minyi.notifications.models import Notification
from minyi.projects import services
from minyi.projects.models import Project, ProjectYear, Proposal
from minyi.projects.services import CHECKLIST_KEYS, ProjectRefused
from minyi.testing import person
from minyi.voting import services as voting

pytestmark = pytest.mark.django_db
ALL_YES = {key: True for key in CHECKLIST_KEYS}


def _idea(year, title, **fields):
    fields.setdefault("source", Proposal.Source.CITIZEN)
    fields.setdefault("phone", "13800001234")
    return services.propose(year=year, title=title, text=f"{title}，居民盼望已久，希望明年能够实施。", **fields)[0]


def test_citizens_representatives_and_departments_propose(year, chamber, world):
    idea = _idea(year, "老旧小区加装电梯", region=world.dongbao, idempotency_key="k-1")
    again, created = services.propose(year=year, source="citizen", title="x", text="y", idempotency_key="k-1")
    assert again.pk == idea.pk and not created
    assert idea.phone == "13800001234" and idea.phone_last4 == "1234" and len(idea.code) == 10
    assert services.find_proposal(idea.code.lower(), "1234") == idea and services.find_proposal(idea.code, "9999") is None
    services.propose(year=year, source="representative", title="农村公路提档", text="乡村公路年久失修，群众出行不便。", representative=chamber.representatives[1])
    services.propose(year=year, source="department", title="社区养老服务中心", text="新建十个社区养老服务中心。", unit=world.city_unit, actor=world.unit_staff)
    with pytest.raises(ValidationError) as error:
        services.propose(year=year, source="citizen", title="", text="短", phone="")
    assert set(error.value.message_dict) == {"title", "text", "phone"}
    with pytest.raises(ValidationError) as error:
        services.propose(year=year, source="citizen", title="路灯", text="夜里没有路灯，出行不安全。", phone="123")
    assert "phone" in error.value.message_dict
    services.close_collection(world.city_staff, year)
    year.refresh_from_db()
    with pytest.raises(ValidationError, match="不在征集期内"):
        _idea(year, "太晚的想法")


def test_review_merges_duplicates_and_records_reasons(year, world):
    a, b, c = _idea(year, "加装电梯"), _idea(year, "老楼装电梯"), _idea(year, "建设高尔夫球场")
    services.merge(world.city_staff, b, into=a)
    with pytest.raises(ProjectRefused, match="反向合并"):
        services.merge(world.city_staff, a, into=b)
    with pytest.raises(ProjectRefused, match="每一项"):
        services.review(world.city_staff, a, checklist={**ALL_YES, "no_debt_risk": False}, eligible=True)
    services.review(world.city_staff, a, checklist=ALL_YES, eligible=True)
    with pytest.raises(ProjectRefused, match="理由"):
        services.review(world.city_staff, c, checklist={}, eligible=False)
    services.review(world.city_staff, c, checklist={**ALL_YES, "public_welfare": False}, eligible=False, note="不属于公益性项目。")
    with pytest.raises(ProjectRefused):
        services.review(world.dongbao_staff, c, checklist=ALL_YES, eligible=True)
    assert services.outcome(Proposal.objects.get(pk=b.pk)) == ("eligible", None)
    assert services.outcome(Proposal.objects.get(pk=c.pk)) == ("rejected", None)


def _candidates(year, world, water_unit, count=5):
    services.close_collection(world.city_staff, year)
    idea = _idea_eligible(year, world)
    completion = datetime.date(year.year, 11, 30)
    projects = []
    for number in range(count):
        projects.append(services.add_candidate(
            world.city_staff, year, name=f"候选项目{number + 1}", content=f"项目{number + 1}的建设内容。", investment=Decimal("1200.50"),
            unit=world.city_unit if number % 2 == 0 else water_unit, completion_date=completion, proposals=[idea] if number == 0 else [],
        ))
    return projects, idea


def _idea_eligible(year, world):
    idea = Proposal.objects.create(year=year, source="citizen", title="加装电梯", text="老旧小区加装电梯。", submitted_at=timezone.now(), phone_last4="1234")
    services.review(world.city_staff, idea, checklist=ALL_YES, eligible=True)
    return idea


def test_the_candidate_list_needs_more_candidates_than_places(year, world, water_unit):
    projects, _idea_ = _candidates(year, world, water_unit, count=3)
    with pytest.raises(ProjectRefused, match="多于拟确定的3个项目"):
        services.publish_candidates(world.city_staff, year)
    with pytest.raises(ProjectRefused, match="年内完成"):
        services.add_candidate(world.city_staff, year, name="x", content="y", investment=1, unit=water_unit, completion_date=datetime.date(year.year + 3, 1, 1))
    services.add_candidate(world.city_staff, year, name="候选项目4", content="内容", investment=10, unit=water_unit, completion_date=datetime.date(year.year, 6, 30))
    services.publish_candidates(world.city_staff, year)
    with pytest.raises(ProjectRefused, match="不能再修改"):
        services.change_candidate(world.city_staff, projects[0], name="改名", content="内容", investment=1, unit=water_unit,
                                  completion_date=datetime.date(year.year, 6, 30))


def _vote(chamber, vote, ballots):
    staff = chamber.world.city_staff
    if vote.state == "draft":
        voting.open_vote(staff, vote)
    for user, marks in zip(chamber.users, ballots):
        voting.check_in(user, vote)
        voting.cast(user, vote, marks)
    return voting.count_vote(staff, voting.close_vote(staff, vote))


def test_a_whole_year_from_the_vote_to_the_rectification(year, chamber, world, water_unit):
    staff = world.city_staff
    projects, idea = _candidates(year, world, water_unit, count=5)
    services.publish_candidates(staff, year)
    vote = services.prepare_selection_vote(staff, year, session=chamber.session)
    assert [o.reference for o in vote.options.all()] == [p.option_reference for p in projects]
    # 1: 9 votes, 2: 7, 3 and 4: 5 each (tied for the third place), 5: 1.
    vote = _vote(chamber, vote, [[1, 2, 3]] * 4 + [[1, 2, 4]] * 3 + [[1, 3, 4]] + [[1, 4, 5]])
    assert vote.result["tied"] == [3, 4]
    with pytest.raises(ProjectRefused, match="末位得票相同"):
        services.apply_selection(staff, year)
    second = voting.open_second_round(staff, vote)
    for user, marks in zip(chamber.users, [[1]] * 6 + [[2]] * 3):
        voting.cast(user, second, marks)
    voting.count_vote(staff, voting.close_vote(staff, second))
    services.apply_selection(staff, year)
    year.refresh_from_db()
    assert year.stage == ProjectYear.Stage.IMPLEMENTING
    chosen = list(services.chosen(year))
    assert [p.name for p in chosen] == ["候选项目1", "候选项目2", "候选项目3"]
    assert Project.objects.get(name="候选项目4").state == Project.State.NOT_CHOSEN
    assert services.outcome(Proposal.objects.get(pk=idea.pk)) == ("chosen", chosen[0])
    first = chosen[0]
    assert first.matter.status == "implementing" and first.votes == 9
    lead = services.lead_assignment(first)
    assert lead.unit == world.city_unit and lead.handle_due == first.completion_date

    # The unit plans, reports and answers; staff record an inspection.
    unit = world.unit_staff
    today = timezone.localdate()
    with pytest.raises(ProjectRefused):
        services.set_plan(world.other_unit_staff, first, plan="x", budget=1, milestones=[])
    services.set_plan(unit, first, plan="分三批实施。", budget=Decimal("1100"), milestones=[("完成设计", today - datetime.timedelta(days=3)), ("开工", today + datetime.timedelta(days=60))])
    assert services.lead_assignment(first).state == Assignment.State.SIGNED
    services.report_progress(unit, first, month=today, percent=20, text="完成招标。")
    with pytest.raises(ProjectRefused, match="本月进度已报送"):
        services.report_progress(unit, first, month=today, percent=30, text="又一次")
    with pytest.raises(ProjectRefused, match="本月或以前月份"):
        services.report_progress(unit, first, month=today + datetime.timedelta(days=40), percent=30, text="将来")
    inspection = services.record_inspection(staff, first, date=today, members="李春梅、王代表002", summary="现场查看施工进度。",
                                            findings=["施工围挡不规范", ""], answer_due=today + datetime.timedelta(days=10))
    finding = inspection.findings.get()
    with pytest.raises(ProjectRefused):
        services.answer_finding(world.other_unit_staff, finding, answer="x")
    services.answer_finding(unit, finding, answer="已整改围挡。")
    assert services.flag_overdue_milestones() == 1 and services.flag_overdue_milestones() == 0
    assert Notification.objects.filter(recipient=unit, kind="project_milestone_overdue").exists()
    with pytest.raises(ProjectRefused, match="所有节点目标"):
        services.report_completion(unit, first, text="完工")
    for milestone in first.milestones.all():
        services.reach_milestone(unit, milestone, on=today)
    services.report_completion(unit, first, text="全部完工并投入使用。")
    first.refresh_from_db()
    assert first.matter.status == "completed" and first.progress == 100
    actions = list(first.matter.timeline.values_list("action", flat=True))
    for action in ("open", "assign", "sign", "plan", "report_progress", "inspect", "answer_finding", "milestone", "reply"):
        assert action in actions

    # The year-end vote: project 2 falls below 80 %.
    evaluation = services.prepare_evaluation_vote(staff, year, session=chamber.session)
    _vote(chamber, evaluation, [{"1": "satisfied", "2": "unsatisfied", "3": "basically_satisfied"}] * 5
          + [{"1": "satisfied", "2": "satisfied", "3": "satisfied"}] * 4)
    services.apply_evaluation(staff, year)
    second_project = Project.objects.get(name="候选项目2")
    assert Project.objects.get(name="候选项目1").satisfaction == Decimal("100.00")
    assert second_project.satisfaction == Decimal("44.44") and second_project.matter.status == "rectifying"
    assert second_project.rectification_due is not None
    with pytest.raises(ProjectRefused, match="尚未报送整改"):
        services.accept_rectification(staff, second_project)
    water = person("water_staff", "unit_staff", unit=water_unit)
    services.report_rectification(water, second_project, text="已按代表意见整改。")
    services.accept_rectification(staff, second_project)
    assert Project.objects.get(pk=second_project.pk).matter.status == "closed"


def test_a_projects_site_photos_are_public_and_a_citizens_are_not(year, chamber, world, water_unit, client):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from PIL import Image

    from minyi.matters import attachments
    from minyi.matters.models import Attachment

    projects, _idea_ = _candidates(year, world, water_unit, count=5)
    services.publish_candidates(world.city_staff, year)
    _vote(chamber, services.prepare_selection_vote(world.city_staff, year, session=chamber.session), [[1, 2, 3]] * 9)
    services.apply_selection(world.city_staff, year)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buffer, "JPEG")
    photos = attachments.clean_photos([SimpleUploadedFile("site.jpg", buffer.getvalue(), content_type="image/jpeg")])
    services.report_progress(world.unit_staff, Project.objects.get(pk=projects[0].pk), month=timezone.localdate(), percent=10,
                             text="开工。", photos=photos)
    photo = Attachment.objects.get(matter__kind="project")
    assert client.get(reverse("matters:attachment_thumbnail", args=[photo.pk])).status_code == 200
    opinion_photo = Attachment.objects.create(matter=_opinion(world), kind="image", file=photo.file.name, visibility="public")
    assert client.get(reverse("matters:attachment", args=[opinion_photo.pk])).status_code == 404


def _opinion(world):
    from minyi.matters import services as engine

    return engine.open_matter("opinion", actor=world.citizen, title="路灯", text="路灯坏了", region_code=world.city.code,
                              owner_congress=world.city_congress)


def test_a_street_council_chooses_its_own_small_projects_among_its_members(world, chamber):
    from minyi.organisations.models import Congress
    from minyi.regions.models import Level, Region

    street = Region.objects.create(code="420802001000", name="龙泉街道", level=Level.TOWNSHIP, parent=world.dongbao)
    council = Congress.objects.create(region=street, name="龙泉街道居民议事会", kind=Congress.Kind.COUNCIL, parent=world.dongbao_congress)
    today = timezone.localdate()
    year = services.create_year(world.admin, congress=council, year=today.year + 1, title="龙泉街道微实事", places=2,
                                selection=ProjectYear.Selection.POLL, collection_from=today, collection_until=today,
                                council_members="李春梅\n社区居民张大爷\n社区居民王阿姨")
    services.close_collection(world.admin, year)
    for name in ("小区路灯", "健身角", "便民座椅"):
        services.add_candidate(world.admin, year, name=name, content="小项目", investment=5, unit=world.dongbao_unit,
                               completion_date=datetime.date(year.year, 6, 30))
    services.publish_candidates(world.admin, year)
    vote = services.prepare_selection_vote(world.admin, year)
    voting.open_vote(world.admin, vote)
    electors = {e.name: e.representative_id for e in vote.electors.all()}
    # 李春梅 holds a city seat: she may vote on her phone; the residents vote on paper.
    assert vote.body == "council" and vote.kind == "poll" and electors == {
        "李春梅": world.representative.pk, "社区居民张大爷": None, "社区居民王阿姨": None}
