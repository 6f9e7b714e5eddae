"""One search box in Chinese over published opinions, projects and representatives (suggestions in
the demo test): it finds words of the published texts, never a name, number or address the
citizen typed, and answers an odd query with a message rather than an error."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.projects.models import Project, ProjectYear
from minyi.representatives.models import Mandate

from .conftest import ADDRESS, ID_NUMBER, NAME, PHONE, assert_no_personal_data

pytestmark = pytest.mark.django_db


def found(client, q):
    page = client.get("/open/search/", {"q": q})
    assert page.status_code == 200
    return page


def test_words_find_published_opinions_projects_and_representatives(client, world, published):
    Mandate.objects.create(representative=world.representative, level="county", congress=world.dongbao_congress, start=datetime.date(2022, 1, 1))
    today = timezone.localdate()
    year = ProjectYear.objects.create(congress=world.city_congress, year=today.year, title="民生实事", stage=ProjectYear.Stage.IMPLEMENTING,
                                      collection_from=today, collection_until=today)
    Project.objects.create(year=year, number=1, name="城区老旧小区加装电梯", content="完成100部电梯加装", investment=Decimal(1200),
                           unit=world.city_unit, completion_date=today, state=Project.State.CHOSEN, progress=65)

    lamps = found(client, "路灯").context["results"]
    assert [row.pk for row in lamps.opinions] == [published.bad.pk]
    assert [row.pk for row in found(client, "井盖 摔伤").context["results"].opinions] == [published.anonymous.pk]
    assert [p.name for p in found(client, "电梯").context["results"].projects] == ["城区老旧小区加装电梯"]
    assert [p.name for p in found(client, "李春梅").context["results"].representatives] == ["李春梅"]
    body = found(client, "路灯").content.decode()
    assert f"/open/opinions/{published.bad.pk}/" in body
    assert_no_personal_data(body)

    # Unpublished texts are not searched; what the citizen typed about themselves is not found.
    for q in ("下水道", "候车亭", NAME, "幸福路88号", ADDRESS):
        results = found(client, q).context["results"]
        assert results.opinions == [], q
    assert found(client, "下水道").context["results"].empty
    # The list of opinions searches the same way.
    assert client.get("/open/opinions/", {"q": NAME}).context["rows"] == []
    assert [row.pk for row in client.get("/open/opinions/", {"q": "路灯"}).context["rows"]] == [published.bad.pk]


EMPTY = "Type a few words to look for, e.g. 路灯 or 加装电梯."
TOO_LONG = "That is too long to look for. Use at most %(limit)d characters: a few key words work best."
NUMBERS = "Phone and ID numbers cannot be searched for: the portal never shows who raised an opinion."
NO_WORD = "There is no word to look for in that. Try Chinese words such as 路灯 or 医保."


def test_odd_queries_get_a_calm_message(client, published):
    for q, message in (("", EMPTY), ("   ", EMPTY), ("路" * 51, _(TOO_LONG) % {"limit": 50}), ("！！！……", NO_WORD), (PHONE, NUMBERS),
                       (ID_NUMBER, NUMBERS), ("138 1234 5678", NUMBERS)):
        page = found(client, q)
        assert page.context["results"] is None, q
        assert page.context["notice"] == _(message), q
        assert 'data-testid="portal-message"' in page.content.decode()
    assert found(client, "路灯").context["notice"] == ""
    assert client.get("/open/search/", {"q": "路灯", "region": "bad"}).status_code == 200
    assert client.get("/open/opinions/", {"q": PHONE}).context["notice"]
