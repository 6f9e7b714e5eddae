"""With the demo city loaded (once): every portal page and every open-data file shows the figures,
the published matters and a project's progress, and not one citizen's or proposer's name, phone or
address from the database."""

import pytest
from django.test import Client

from minyi.accounts.models import Role
from minyi.figures.rebuild import rebuild
from minyi.opinions import publication
from minyi.opinions.models import Opinion
from minyi.organisations.models import Station, Unit
from minyi.projects.models import Proposal
from minyi.regions.models import Region
from minyi.representatives.models import Representative
from minyi.transparency import places
from minyi.transparency.datasets import DATASETS

pytestmark = pytest.mark.django_db


def private_words():
    """Every name, phone and address of a citizen or proposer, but for words the public pages rightly
    show for something else: a representative's, unit's, station's or place's name spelt the same, and
    an "address" that is only where a problem is (中山村公交站附近) and another citizen wrote in their text."""
    public = set(Representative.objects.values_list("name", flat=True)) | set(Unit.objects.values_list("name", flat=True))
    public |= set(Region.objects.values_list("name", flat=True)) | set(Station.objects.values_list("name", flat=True))
    words = set()
    opinions = list(Opinion.objects.select_related("matter__raised_by"))
    for opinion in opinions:
        words |= {opinion.citizen_name, opinion.phone}
        if opinion.address and not any(opinion.address in other.matter.text for other in opinions if other.pk != opinion.pk):
            words.add(opinion.address)
        if opinion.matter.raised_by_id:
            words.add(opinion.matter.raised_by.full_name)
    for proposal in Proposal.objects.all():
        words |= {proposal.proposer_name, proposal.phone}
    from minyi.accounts.models import User

    words |= set(User.objects.filter(role_grants__role=Role.CITIZEN).values_list("full_name", flat=True))
    return {w for w in words if w and len(w) >= 2 and w not in public}


def test_the_demo_portal_and_open_data_hold_no_personal_data(django_capture_on_commit_callbacks):
    from minyi.demo import loader

    loader.load(size="small")
    rebuild()
    words = private_words()
    assert len(words) >= 30 and any(w.isdigit() and len(w) == 11 for w in words)
    client = Client()
    seen = []

    def get(url, params=None):
        response = client.get(url, params or {})
        assert response.status_code == 200, (url, params)
        body = (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8")
        seen.append(body)
        return response, body

    home, body = get("/open/")
    assert home.context["figures"]["summary"].collected > 0 and home.context["figures"]["children"]
    progress = [row["project"].progress for item in home.context["project_years"] for row in item["projects"]]
    assert progress and 'data-testid="project-progress"' in body and 'data-testid="portal-station"' in body
    assert any(row["votes"] for item in home.context["project_years"] for row in item["projects"])  # the vote result is published
    assert home.context["suggestions"] and home.context["opinions"]
    for child in places.children(places.root()):
        get("/open/", {"region": child.code})

    published = list(publication.published().values_list("pk", flat=True))
    assert published
    listing, _body = get("/open/opinions/")
    assert listing.context["page"].paginator.count == len(published)
    for pk in published:
        get(f"/open/opinions/{pk}/")
    for q in ("小区", "路灯", "建议", "李春梅", "项目"):
        get("/open/search/", {"q": q})
    assert get("/open/search/", {"q": "小区"})[0].context["results"].suggestions
    get("/open/data/")
    for dataset in DATASETS.values():
        for fmt in ("csv", "json"):
            get(f"/open/data/{dataset.key}.{fmt}")
    assert '"records": [{' in seen[-1]  # the projects file is not empty

    everything = "\n".join(seen)
    leaked = sorted(w for w in words if w in everything)
    assert leaked == [], [everything[max(0, everything.index(w) - 60):everything.index(w) + 60] for w in leaked]
