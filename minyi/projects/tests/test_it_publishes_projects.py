"""The public project pages, without signing in: the list of years (grouped by congress and council,
filtered), a year's page (numbers, chosen projects' progress, the candidates not chosen, the
published vote results, the call for ideas), a project's page (milestones, reports with their
public photos, inspections, satisfaction and rectification, the titles of the ideas behind it),
the front page's card; never a proposer's name or phone, and a fixed number of queries however
many projects and reports a year has."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from PIL import Image

from minyi.matters import attachments
from minyi.organisations.models import Congress
from minyi.projects import services
from minyi.projects.models import Project, Proposal
from minyi.projects.services import CHECKLIST_KEYS
from minyi.projects.views import public
from minyi.regions.models import Level
from minyi.testing import region
from minyi.voting import services as voting

pytestmark = pytest.mark.django_db
ALL_YES = {key: True for key in CHECKLIST_KEYS}
PROPOSERS = (("钟秀英", "13987654321"), ("欧阳明辉", "15811223344"))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def year(chamber):
    """Last year's projects, collecting ideas now and to be completed by the end of this year, so
    that the months reported on lie within the project whatever today is (3 projects to choose)."""
    return _year(chamber, timezone.localdate().year - 1)


def _year(chamber, number):
    today = timezone.localdate()
    return services.create_year(chamber.world.city_staff, congress=chamber.world.city_congress, year=number, title=f"{number}年荆门市民生实事项目",
                                places=3, collection_from=today - datetime.timedelta(days=30), collection_until=today + datetime.timedelta(days=30))


def _photo(colour="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG")
    return attachments.clean_photos([SimpleUploadedFile("site.jpg", buffer.getvalue(), content_type="image/jpeg")])


def _idea(year, title, **fields):
    fields.setdefault("source", Proposal.Source.CITIZEN)
    fields.setdefault("phone", "13800001234")
    return services.propose(year=year, title=title, text=f"{title}，居民盼望已久，希望明年能够实施。", **fields)[0]


def _vote(chamber, vote, ballots, *, publish=True):
    staff = chamber.world.city_staff
    if vote.state == "draft":
        voting.open_vote(staff, vote)
    for user, marks in zip(chamber.users, ballots):
        voting.check_in(user, vote)
        voting.cast(user, vote, marks)
    vote = voting.count_vote(staff, voting.close_vote(staff, vote))
    return voting.publish(staff, vote) if publish else vote


def _choose(year, chamber, unit, *, candidates, places, ideas=(), publish=True):
    """Through the services to the year being carried out: `candidates` listed, the first `places`
    chosen by every member; the ideas become eligible and go into the first candidate."""
    staff = chamber.world.city_staff
    year = services.change_year(staff, year, places=places)
    services.close_collection(staff, year)
    for idea in ideas:
        services.review(staff, idea, checklist=ALL_YES, eligible=True)
    completion = datetime.date(year.year + 1, 12, 31)
    for number in range(candidates):
        services.add_candidate(staff, year, name=f"候选项目{number + 1}", content=f"项目{number + 1}的建设内容。", investment=Decimal("1200.50"),
                               unit=unit, completion_date=completion, proposals=ideas if number == 0 else [])
    services.publish_candidates(staff, year)
    vote = services.prepare_selection_vote(staff, year, session=chamber.session)
    _vote(chamber, vote, [list(range(1, places + 1))] * len(chamber.users), publish=publish)
    services.apply_selection(staff, year)
    year.refresh_from_db()
    return year


def _months_back(count):
    """The first days of the last `count` months, oldest first (reports cannot be in the future)."""
    day = timezone.localdate().replace(day=1)
    months = []
    for _i in range(count):
        months.append(day)
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return months[::-1]


def _work(project, user, staff, *, reports, inspections=1):
    """A plan with three milestones (the first reached, the second overdue unless the year is over),
    `reports` monthly reports with a photo each, inspections with two findings, one answered."""
    today = timezone.localdate()
    last = project.completion_date
    services.set_plan(user, project, plan="分批实施。", budget=Decimal("1000"),
                      milestones=[("完成设计", min(last, today - datetime.timedelta(days=20))), ("开工建设", min(last, today - datetime.timedelta(days=5))),
                                  ("竣工验收", last)])
    first = project.milestones.order_by("due").first()
    services.reach_milestone(user, first, on=today - datetime.timedelta(days=21))
    for number, month in enumerate(_months_back(reports), start=1):
        services.report_progress(user, project, month=month, percent=min(100, number * 8), text=f"第{number}个月：完成第{number}段施工。", photos=_photo())
    for number in range(inspections):
        inspection = services.record_inspection(staff, project, date=today, members="李春梅、王代表002", summary=f"现场查看施工进度（第{number + 1}次）。",
                                                findings=["施工围挡不规范", "夜间施工噪音扰民"], answer_due=today + datetime.timedelta(days=10))
        services.answer_finding(user, inspection.findings.order_by("id").first(), answer="已整改围挡。")


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _propose_resolves():
    try:
        reverse("projects:propose")
        return True
    except NoReverseMatch:
        pass
    try:
        reverse("projects:propose", args=[1])
        return True
    except NoReverseMatch:
        return False


def test_the_years_are_listed_by_congress_and_council_and_filtered(client, year, world):
    street = region("420802001000", "龙泉街道", Level.TOWNSHIP, world.dongbao)
    council = Congress.objects.create(region=street, name="龙泉街道居民议事会", kind=Congress.Kind.COUNCIL, parent=world.dongbao_congress)
    today = timezone.localdate()
    council_year = services.create_year(world.admin, congress=council, year=today.year + 1, title=f"{today.year + 1}年龙泉街道民生微实事",
                                        places=2, collection_from=today, collection_until=today + datetime.timedelta(days=10),
                                        council_members="张三\n李四\n王五")
    older = services.create_year(world.city_staff, congress=world.city_congress, year=today.year - 2, title=f"{today.year - 2}年荆门市民生实事项目",
                                 collection_from=today - datetime.timedelta(days=400), collection_until=today - datetime.timedelta(days=300))

    html = _html(client, reverse("projects:public_years"))
    assert html.count('data-testid="public-years-group"') == 2
    assert html.index(world.city_congress.name) < html.index("龙泉街道居民议事会"), "the higher congress comes first"
    assert html.index(year.title) < html.index(older.title), "the newest year first"
    assert reverse("projects:public_year", args=[council_year.pk]) in html and "data-autosubmit" in html

    filtered = _html(client, reverse("projects:public_years") + f"?congress={council.pk}")
    assert council_year.title in filtered and year.title not in filtered
    assert year.title in _html(client, reverse("projects:public_years") + "?congress=nonsense")


def test_while_collecting_the_year_shows_the_window_and_no_draft_list(client, year, world, water_unit):
    _idea(year, "老旧小区加装电梯")
    _idea(year, "背街小巷路灯")
    html = _html(client, reverse("projects:public_year", args=[year.pk]))
    assert 'data-testid="collection-window"' in html and year.collection_until.isoformat() in html
    assert '<div class="pp-value" data-testid="summary-ideas">2</div>' in html
    assert ('data-testid="propose"' in html) == _propose_resolves()

    services.close_collection(world.city_staff, year)
    draft = services.add_candidate(world.city_staff, year, name="草稿候选项目", content="尚未公布。", investment=10, unit=water_unit,
                                   completion_date=datetime.date(year.year + 1, 6, 30))
    html = _html(client, reverse("projects:public_year", args=[year.pk]))
    assert "草稿候选项目" not in html and 'data-testid="collection-window"' not in html
    assert client.get(reverse("projects:public_project", args=[draft.pk])).status_code == 404
    assert client.get(reverse("projects:public_year", args=[999999])).status_code == 404

    # Published, the list shows every candidate but the withdrawn one.
    listed = [services.add_candidate(world.city_staff, year, name=f"候选项目{n}", content="内容。", investment=10, unit=water_unit,
                                     completion_date=datetime.date(year.year + 1, 6, 30)) for n in range(1, 5)]
    services.withdraw_candidate(world.city_staff, draft)
    services.publish_candidates(world.city_staff, year)
    html = _html(client, reverse("projects:public_year", args=[year.pk]))
    assert "草稿候选项目" not in html and html.count('data-testid="candidate-row"') == 4
    assert client.get(reverse("projects:public_project", args=[draft.pk])).status_code == 404
    assert "候选项目1" in _html(client, reverse("projects:public_project", args=[listed[0].pk]))


def test_a_year_and_its_projects_in_public(client, year, chamber, world, water_unit):
    staff, unit = world.city_staff, world.unit_staff
    lift = _idea(year, "老旧小区加装电梯")
    again = _idea(year, "老楼装电梯")
    services.merge(staff, again, into=lift)
    year = _choose(year, chamber, world.city_unit, candidates=5, places=3, ideas=[lift])
    first, second, third = services.chosen(year)
    _work(first, unit, staff, reports=3)
    hidden = attachments.save_photos(first.matter, _photo("blue"), event=first.reports.order_by("month").first().event, visibility="internal")[0]

    html = _html(client, reverse("projects:public_year", args=[year.pk]))
    assert html.count('data-testid="chosen-project"') == 3 and html.count('data-testid="candidate-votes"') == 2
    assert '<div class="pp-value" data-testid="summary-investment">3601.50</div>' in html
    assert '<div class="pp-value" data-testid="summary-progress">8%</div>' in html  # (24 + 0 + 0) / 3
    assert reverse("voting:public_detail", args=[year.selection_vote_id]) in html
    assert 'data-testid="overdue"' in html and "候选项目4" in html and "候选项目5" in html
    assert 'width: 24%' in html

    page = _html(client, reverse("projects:public_project", args=[first.pk]))
    assert page.count('data-testid="report"') == 3 and page.count('data-testid="report-photo"') == 3
    assert page.count('data-testid="milestone-overdue"') == 1 and "ti-circle-check" in page
    assert "已整改围挡。" in page and "夜间施工噪音扰民" in page and "李春梅、王代表002" in page
    assert "老旧小区加装电梯" in page and "老楼装电梯" not in page
    assert re.search(r'data-testid="idea-count">[^<]*2条建议', page), "the merged idea counts"
    assert 'data-testid="votes">9<' in page
    shown = first.reports.order_by("month").first().event.attachments.exclude(pk=hidden.pk).get()
    assert reverse("matters:attachment_thumbnail", args=[shown.pk]) in page and reverse("matters:attachment", args=[shown.pk]) in page
    assert reverse("matters:attachment", args=[hidden.pk]) not in page
    assert reverse("matters:attachment_thumbnail", args=[hidden.pk]) not in html, "nor as the year page's cover photo"

    photo = client.get(reverse("matters:attachment_thumbnail", args=[shown.pk]))
    assert photo.status_code == 200 and Image.open(io.BytesIO(b"".join(photo.streaming_content))).format == "JPEG"
    assert client.get(reverse("matters:attachment", args=[hidden.pk])).status_code == 404

    not_chosen = Project.objects.get(year=year, name="候选项目5")
    page = _html(client, reverse("projects:public_project", args=[not_chosen.pk]))
    assert 'data-testid="reports"' not in page and "候选项目5" in page and 'data-testid="votes">0<' in page

    # The year-end vote: the second project falls below 80 %; nothing shows before it is published.
    for project in (first, second, third):
        for milestone in project.milestones.filter(done_on__isnull=True):
            services.reach_milestone(unit, milestone, on=timezone.localdate())
    evaluation = services.prepare_evaluation_vote(staff, year, session=chamber.session)
    counted = _vote(chamber, evaluation, [{"1": "satisfied", "2": "unsatisfied", "3": "basically_satisfied"}] * 5
                    + [{"1": "satisfied", "2": "satisfied", "3": "satisfied"}] * 4, publish=False)
    services.apply_evaluation(staff, year)
    assert 'data-testid="satisfaction"' not in _html(client, reverse("projects:public_year", args=[year.pk]))
    voting.publish(staff, counted)
    html = _html(client, reverse("projects:public_year", args=[year.pk]))
    assert html.count('data-testid="satisfaction"') == 3 and html.count('data-testid="rectifying"') == 1
    assert "bg-red text-red-fg" in html and reverse("voting:public_detail", args=[evaluation.pk]) in html
    page = _html(client, reverse("projects:public_project", args=[second.pk]))
    assert 'text-danger" data-testid="satisfaction">44.44%' in page and 'data-testid="rectification"' in page
    services.report_rectification(unit, second, text="已按代表意见完成整改。")
    services.accept_rectification(staff, second)
    page = _html(client, reverse("projects:public_project", args=[second.pk]))
    assert "已按代表意见完成整改。" in page and 'data-testid="rectifying"' not in page


def test_the_selection_result_is_shown_once_the_vote_is_published(client, year, chamber, world):
    year = _choose(year, chamber, world.city_unit, candidates=4, places=3, publish=False)
    html = _html(client, reverse("projects:public_year", args=[year.pk]))
    assert html.count('data-testid="chosen-project"') == 3
    assert 'data-testid="votes"' not in html and 'data-testid="candidate-votes"' not in html and 'data-testid="published-votes"' not in html
    voting.publish(world.city_staff, year.selection_vote)
    html = _html(client, reverse("projects:public_year", args=[year.pk]))
    assert html.count('data-testid="votes"') == 3 and 'data-testid="vote-link"' in html


def test_no_proposer_name_or_phone_appears_on_any_public_page(client, year, chamber, world):
    ideas = [_idea(year, f"想法{number}", proposer_name=name, phone=phone) for number, (name, phone) in enumerate(PROPOSERS)]
    ideas.append(services.propose(year=year, source="representative", title="农村公路提档", text="乡村公路年久失修，群众出行不便。",
                                  representative=chamber.representatives[4], proposer_name="代表本人")[0])
    pages = [reverse("projects:public_years"), reverse("projects:public_year", args=[year.pk])]
    year = _choose(year, chamber, world.city_unit, candidates=4, places=3, ideas=ideas)
    first = services.chosen(year).first()
    _work(first, world.unit_staff, world.city_staff, reports=1)
    public.register()
    pages += [reverse("projects:public_year", args=[year.pk]), reverse("projects:public_project", args=[first.pk]), reverse("public:home")]
    pages += [reverse("projects:public_project", args=[p.pk]) for p in year.projects.all()]
    for url in pages:
        html = _html(client, url)
        text = re.sub(r"<[^>]*>", " ", html)  # the last four digits alone could occur in a static file's hashed name
        for name, phone in PROPOSERS:
            assert name not in html and phone not in html and phone[-4:] not in text, url
        assert chamber.representatives[4].name not in html and "代表本人" not in html, url
        assert "13800001234" not in html
    assert "想法0" in _html(client, reverse("projects:public_project", args=[first.pk]))


def test_the_front_page_shows_the_newest_year_with_chosen_projects(client, year, chamber, world):
    public.register()
    assert 'data-testid="projects-front"' not in _html(client, reverse("public:home"))
    year = _choose(year, chamber, world.city_unit, candidates=8, places=7)
    html = _html(client, reverse("public:home"))
    assert html.count('data-testid="front-project"') == 5
    assert reverse("projects:public_year", args=[year.pk]) in html and year.title in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_take_the_same_queries_for_3_or_12_projects(client, year, chamber, world, django_assert_max_num_queries):
    staff, unit = world.city_staff, world.unit_staff
    today = timezone.localdate()
    large = _year(chamber, today.year - 2)
    for number in range(4):
        _idea(large, f"大想法{number}")
    small = _choose(year, chamber, world.city_unit, candidates=4, places=3)
    large = _choose(large, chamber, world.city_unit, candidates=20, places=12)
    for project in services.chosen(small):
        _work(project, unit, staff, reports=1)
    for project in services.chosen(large):
        _work(project, unit, staff, reports=3, inspections=2)

    small_year = _queries(client, reverse("projects:public_year", args=[small.pk]))
    with django_assert_max_num_queries(6):
        assert client.get(reverse("projects:public_year", args=[large.pk])).status_code == 200
    assert _queries(client, reverse("projects:public_year", args=[large.pk])) == small_year

    small_project = _queries(client, reverse("projects:public_project", args=[services.chosen(small).first().pk]))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("projects:public_project", args=[services.chosen(large).first().pk])).status_code == 200
    assert _queries(client, reverse("projects:public_project", args=[services.chosen(large).first().pk])) == small_project
    with django_assert_max_num_queries(3):  # the years with their counts, the filter's congresses, the chosen congress
        assert client.get(reverse("projects:public_years") + f"?congress={world.city_congress.pk}").status_code == 200
