"""Beside the matters: the handling units ranked by on-time rate then satisfaction rate with each
unit's suggestion score of the scope's congress (read from minyi.suggestions.scoring, not
recomputed), the congress's livelihood projects with their progress, and its representatives' duty."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from minyi.duty.models import Activity, Attendance, DutyList, DutyRequirement, Measure
from minyi.projects.models import Project, ProjectYear
from minyi.representatives.models import Mandate
from minyi.suggestions import scoring

pytestmark = pytest.mark.django_db


def test_units_rank_by_on_time_then_satisfaction_with_their_suggestion_score(client, land):
    client.force_login(land.dongbao_leader)
    ranking = client.get("/desk/cockpit/").context["cockpit"].ranking
    assert [line.label for line in ranking.lines] == ["东宝区教育局", "东宝区城市管理执法局"]
    first, second = ranking.lines
    assert (first.extra["place"], first.on_time, first.satisfaction) == (1, 100.0, 100.0)
    assert (second.extra["place"], second.on_time) == (2, None)
    assert ranking.congress == land.world.dongbao_congress and ranking.year == timezone.localdate().year
    expected = {row.unit_id: row.score for row in scoring.compute(land.world.dongbao_congress.pk, ranking.year).ranking}
    for line in ranking.lines:
        assert line.extra["score"] == expected.get(int(line.value))


def test_the_ranking_shows_scores_when_the_congress_has_them(client, land, monkeypatch):
    from minyi.cockpit import ranking as ranking_module

    monkeypatch.setattr(ranking_module, "scores", lambda congress, year: {land.world.dongbao_unit.pk: (97, 1)})
    client.force_login(land.dongbao_leader)
    response = client.get("/desk/cockpit/")
    line = response.context["cockpit"].ranking.lines[0]
    assert line.extra["score"] == 97 and line.extra["score_place"] == 1
    unit_page = reverse("suggestions:scoring_unit", args=[land.world.dongbao_unit.pk])
    assert line.extra["score_url"] == f"{unit_page}?congress={land.world.dongbao_congress.pk}&year={timezone.localdate().year}"
    assert line.extra["score_url"] in response.content.decode().replace("&amp;", "&")


def test_a_village_uses_the_congress_above_it(client, land):
    client.force_login(land.world.leader)
    cockpit = client.get(f"/desk/cockpit/?region={land.longjing.code}").context["cockpit"]
    assert cockpit.congress == land.world.dongbao_congress


def _project_year(congress, year):
    today = timezone.localdate()
    project_year = ProjectYear.objects.create(
        congress=congress,
        year=year,
        title=f"{year}年东宝区民生实事项目",
        stage="implementing",
        collection_from=today,
        collection_until=today,
    )
    done = Project.objects.create(
        year=project_year,
        number=1,
        name="老旧小区改造",
        content="改造",
        investment=100,
        unit=congress.region.units.first(),
        completion_date=today,
        state=Project.State.CHOSEN,
        progress=100,
    )
    halfway = Project.objects.create(
        year=project_year,
        number=2,
        name="农村公路提档",
        content="公路",
        investment=50,
        unit=congress.region.units.first(),
        completion_date=today,
        state=Project.State.CHOSEN,
        progress=40,
    )
    Project.objects.create(
        year=project_year,
        number=3,
        name="未选中项目",
        content="x",
        investment=1,
        unit=congress.region.units.first(),
        completion_date=today,
        state=Project.State.NOT_CHOSEN,
    )
    return project_year, done, halfway


def test_the_livelihood_projects_of_the_year_show_their_progress(client, land):
    year = timezone.localdate().year
    project_year, _done, halfway = _project_year(land.world.dongbao_congress, year)
    client.force_login(land.dongbao_leader)
    response = client.get("/desk/cockpit/")
    projects = response.context["cockpit"].projects
    assert [row["project"].name for row in projects.rows] == ["老旧小区改造", "农村公路提档"]
    assert (projects.average, projects.completed) == (70.0, 1)
    page = response.content.decode()
    assert f"/desk/projects/p/{halfway.pk}/" in page and f"/desk/projects/{project_year.pk}/" in page
    assert "未选中项目" not in page
    client.force_login(land.duodao_leader)
    assert "老旧小区改造" not in client.get("/desk/cockpit/").content.decode()


def test_the_duty_of_the_congress_counts_its_representatives_records(client, land):
    world, year = land.world, timezone.localdate().year
    Mandate.objects.create(
        representative=world.representative, level="county", congress=world.dongbao_congress, start=datetime.date(year - 1, 1, 1)
    )
    started = timezone.now() - datetime.timedelta(hours=1)
    activity = Activity.objects.create(
        congress=world.dongbao_congress,
        kind="inspection",
        title="视察农村公路",
        starts_at=started,
        ends_at=started + datetime.timedelta(minutes=50),
        place="东宝区",
        organiser="东宝区人大常委会",
    )
    Attendance.objects.create(activity=activity, representative=world.representative, how="hand", at=started)
    the_list = DutyList.objects.create(congress=world.dongbao_congress, year=year)
    DutyRequirement.objects.create(duty_list=the_list, measure=Measure.RESEARCH, target=4)
    client.force_login(land.dongbao_leader)
    response = client.get("/desk/cockpit/")
    duty = response.context["cockpit"].duty
    assert duty.representatives == 1
    assert (Measure.INSPECTION.value, Measure.INSPECTION.label, 1) in duty.measures
    assert duty.has_list and duty.behind == 1
    page = response.content.decode()
    assert f"/desk/duty/evaluation/{world.dongbao_congress.pk}/{year}/" in page
    assert f"/desk/duty/lists/{world.dongbao_congress.pk}/{year}/?behind=1" in page
