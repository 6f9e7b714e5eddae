"""The staff's desk for a project year: setting it up, reviewing ideas, listing candidates,
preparing the vote, recording an inspection. Leaders read; other congresses see nothing."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minyi.projects import services
from minyi.projects.models import Project, ProjectYear, Proposal
from minyi.voting.models import Vote

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def test_staff_set_up_a_year_and_bad_dates_keep_what_they_typed(world):
    staff = _client(world.city_staff)
    today = timezone.localdate()
    data = {"congress": world.city_congress.pk, "year": today.year + 1, "title": "明年的民生实事", "places": 10, "selection": "differential",
            "collection_from": "2026-12-01", "collection_until": "2026-11-01", "satisfaction_threshold": 80, "rectification_months": 3}
    response = staff.post(reverse("projects:desk_year_new"), data)
    assert response.status_code == 400 and "明年的民生实事" in response.content.decode()
    data["collection_until"] = "2026-12-31"
    response = staff.post(reverse("projects:desk_year_new"), data)
    year = ProjectYear.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("projects:desk_year", args=[year.pk])
    assert staff.get(reverse("projects:desk_years")).status_code == 200


def _idea(year, title="加装电梯"):
    return services.propose(year=year, source="citizen", title=title, text=f"{title}，居民盼望已久。", phone="13800001234", proposer_name="张三")[0]


def test_reviewing_ideas_on_the_desk(year, world):
    idea, duplicate = _idea(year), _idea(year, "老楼加装电梯")
    staff = _client(world.city_staff)
    page = staff.get(reverse("projects:desk_idea", args=[idea.pk])).content.decode()
    assert "张三" in page and "13800001234" not in page and "138****1234" in page
    response = staff.post(reverse("projects:desk_idea", args=[idea.pk]), {"action": "review", "eligible": "no", "note": ""})
    assert response.status_code == 400
    checks = {f"check_{key}": "on" for key in services.CHECKLIST_KEYS}
    response = staff.post(reverse("projects:desk_idea", args=[idea.pk]), {"action": "review", "eligible": "yes", **checks})
    assert response.status_code == 302 and Proposal.objects.get(pk=idea.pk).state == "eligible"
    staff.post(reverse("projects:desk_idea", args=[duplicate.pk]), {"action": "merge", "into": idea.pk})
    assert Proposal.objects.get(pk=duplicate.pk).merged_into_id == idea.pk
    listing = staff.get(reverse("projects:desk_ideas", args=[year.pk]), {"state": "merged"}).content.decode()
    assert "老楼加装电梯" in listing and "加装电梯</a>" not in listing.replace("老楼加装电梯</a>", "")


def test_candidates_and_the_vote_from_the_desk(year, world, water_unit, chamber):
    staff = _client(world.city_staff)
    idea = _idea(year)
    services.review(world.city_staff, idea, checklist={k: True for k in services.CHECKLIST_KEYS}, eligible=True)
    staff.post(reverse("projects:desk_year", args=[year.pk]), {"action": "close_collection"})
    completion = f"{year.year}-10-31"
    for number in range(4):
        response = staff.post(reverse("projects:desk_candidate_new", args=[year.pk]), {
            "name": f"项目{number}", "content": "建设内容", "investment": "500", "unit": world.city_unit.pk, "completion_date": completion,
            **({"proposals": [idea.pk]} if number == 0 else {})})
        assert response.status_code == 302, response.content.decode()[:2000]
    response = staff.post(reverse("projects:desk_candidate_new", args=[year.pk]), {
        "name": "太远的项目", "content": "内容", "investment": "1", "unit": water_unit.pk, "completion_date": f"{year.year + 3}-01-01"})
    assert response.status_code == 400 and "太远的项目" in response.content.decode()
    assert Proposal.objects.get(pk=idea.pk).state == "candidate"
    staff.post(reverse("projects:desk_year", args=[year.pk]), {"action": "publish_candidates"})
    response = staff.post(reverse("projects:desk_year", args=[year.pk]), {"action": "prepare_selection", "session": chamber.session.pk})
    vote = Vote.objects.get()
    assert response["Location"] == reverse("voting:desk_detail", args=[vote.pk]) and vote.options.count() == 4 and vote.places == 3
    page = staff.get(reverse("projects:desk_year", args=[year.pk])).content.decode()
    assert 'data-testid="apply-selection"' in page
    vote_page = staff.get(reverse("voting:desk_detail", args=[vote.pk])).content.decode()
    assert 'data-testid="project-year-link"' in vote_page and year.title in vote_page


def test_leaders_read_and_other_congresses_see_nothing(year, world):
    assert _client(world.leader).get(reverse("projects:desk_year", args=[year.pk])).status_code == 200
    assert _client(world.leader).post(reverse("projects:desk_year", args=[year.pk]), {"action": "close_collection"}).status_code == 403
    assert _client(world.dongbao_staff).get(reverse("projects:desk_year", args=[year.pk])).status_code == 404
    assert _client(world.unit_staff).get(reverse("projects:desk_years")).status_code == 403
    assert ProjectYear.objects.get(pk=year.pk).stage == ProjectYear.Stage.COLLECTING


def test_an_inspection_is_recorded_on_the_project_page(year, world, chamber):
    services.close_collection(world.city_staff, year)
    projects = [services.add_candidate(world.city_staff, year, name=f"项目{n}", content="内容", investment=1, unit=world.city_unit,
                                       completion_date=datetime.date(year.year, 10, 31)) for n in range(4)]
    services.publish_candidates(world.city_staff, year)
    vote = services.prepare_selection_vote(world.city_staff, year, session=chamber.session)
    from minyi.voting import services as voting

    voting.open_vote(world.city_staff, vote)
    for user in chamber.users:
        voting.check_in(user, vote)
        voting.cast(user, vote, [1, 2, 3])
    voting.count_vote(world.city_staff, voting.close_vote(world.city_staff, vote))
    services.apply_selection(world.city_staff, year)
    project = Project.objects.get(pk=projects[0].pk)
    staff = _client(world.city_staff)
    year_page = staff.get(reverse("projects:desk_year", args=[year.pk])).content.decode()
    assert year_page.count('data-testid="not-inspected"') == 3  # the three chosen, none visited yet this quarter
    url = reverse("projects:desk_project", args=[project.pk])
    today = timezone.localdate()
    response = staff.post(url, {"action": "inspect", "date": today.isoformat(), "members": "李春梅", "summary": "查看工地。",
                                "findings": "围挡不规范", "answer_due": ""})
    assert response.status_code == 400 and "查看工地。" in response.content.decode()
    response = staff.post(url, {"action": "inspect", "date": today.isoformat(), "members": "李春梅", "summary": "查看工地。",
                                "findings": "围挡不规范\n\n夜间施工扰民", "answer_due": (today + datetime.timedelta(days=7)).isoformat()})
    assert response.status_code == 302
    assert project.inspections.get().findings.count() == 2
    page = staff.get(url).content.decode()
    assert "夜间施工扰民" in page and 'data-testid="project-status"' in page
    year_page = staff.get(reverse("projects:desk_year", args=[year.pk])).content.decode()
    assert year_page.count('data-testid="not-inspected"') == 2
