"""The demo's livelihood projects: last year's voted projects being carried out, next year's ideas
being collected; a reload adds nothing."""

import pytest

from minyi.demo import loader
from minyi.matters.models import Matter, TimelineEvent
from minyi.projects.models import Project, ProjectYear, Proposal
from minyi.voting import services as voting
from minyi.voting.models import Ballot, Vote

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_voted_year_under_way_and_the_next_one_collecting(django_capture_on_commit_callbacks):
    loader.load(size="small")
    voted = ProjectYear.objects.get(year=2026)
    assert voted.stage == ProjectYear.Stage.IMPLEMENTING
    vote = voted.selection_vote
    assert vote.state == Vote.State.PUBLISHED and vote.result["quorum_met"]
    chosen, open_tie = voting.final_choice(vote)
    assert len(chosen) == 10 and not open_tie
    # Every ballot cast is in the box, none for an absent member.
    assert Ballot.objects.filter(vote=vote).count() == vote.result["cast"] == vote.electors.exclude(method="").count()
    projects = Project.objects.filter(year=voted, state=Project.State.CHOSEN)
    assert projects.count() == 10 and not projects.filter(matter__isnull=True).exists()
    statuses = set(Matter.objects.filter(kind="project").values_list("status", flat=True))
    assert {"implementing", "completed"} <= statuses
    assert projects.filter(reports__isnull=False, inspections__findings__answered_at__isnull=False).exists()
    assert projects.filter(unit__name="荆门市住房和城乡建设局").count() >= 2

    collecting = ProjectYear.objects.get(stage=ProjectYear.Stage.COLLECTING)
    states = set(collecting.proposals.values_list("state", flat=True))
    assert {"received", "eligible", "merged", "rejected"} <= states
    assert collecting.proposals.filter(source=Proposal.Source.REPRESENTATIVE).exists()

    before = (ProjectYear.objects.count(), Project.objects.count(), Vote.objects.count(), TimelineEvent.objects.count())
    loader.load(size="small", force=True)
    assert (ProjectYear.objects.count(), Project.objects.count(), Vote.objects.count(), TimelineEvent.objects.count()) == before
