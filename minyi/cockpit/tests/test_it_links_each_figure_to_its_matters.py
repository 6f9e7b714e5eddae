"""Every number of the cockpit opens the list of the matters behind it, and the list is exactly
as long as the number: the funnel's stages, the cards, each breakdown row (region, kind,
category, channel, unit…), each month and each hot topic, at every level of the drill-down."""

import pytest

pytestmark = pytest.mark.django_db

COUNTERS = {
    "": "collected",
    "on_time": "on_time",
    "satisfied": "satisfied",
    "completed": "completed",
    "overdue_now": "overdue_now",
}


def _listed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def _checks(cockpit):
    """(what, number shown, its link) for every linked number of the page."""
    for stage in cockpit.funnel:
        yield stage["key"], stage["count"], stage["url"]
    figures = cockpit.figures
    for card in cockpit.kpis:
        counter = {
            "collected": "collected",
            "on_time_rate": "on_time",
            "satisfaction_rate": "satisfied",
            "days_working": "completed",
            "overdue_now": "overdue_now",
        }[card["key"]]
        yield card["key"], getattr(figures, counter), card["url"]
    for line in cockpit.children:
        for stage, url in line.links.items():
            yield f"region {line.label} {stage}", getattr(line.figures, stage), url
    for dimension, _label, lines in cockpit.breakdowns:
        for line in lines:
            for stage, url in line.links.items():
                yield f"{dimension} {line.label} {stage}", getattr(line.figures, stage), url
    for row in cockpit.trend:
        yield f"month {row['month']}", row["figures"].collected, row["url"]
    for topic in cockpit.hot_topics:
        yield f"topic {topic['word']}", topic["count"], topic["url"]


@pytest.mark.parametrize("region", ["420800000000", "420802000000", "420802100000", "420802001000", "420802001001"])
def test_each_number_equals_the_length_of_its_list(client, land, region):
    client.force_login(land.world.leader)
    cockpit = client.get(f"/desk/cockpit/?region={region}").context["cockpit"]
    assert cockpit.figures.collected
    checked = 0
    for what, number, url in _checks(cockpit):
        assert _listed(client, url) == number, (what, url)
        checked += 1
    assert checked > 20


def test_the_funnel_of_the_county_counts_what_was_done(client, land):
    client.force_login(land.dongbao_leader)
    cockpit = client.get("/desk/cockpit/").context["cockpit"]
    assert {s["key"]: s["count"] for s in cockpit.funnel} == {
        "collected": 6,
        "resolved_on_spot": 0,
        "converted": 0,
        "assigned": 3,
        "completed": 2,
        "satisfied": 1,
    }


def test_a_kind_filter_narrows_figures_and_lists_alike(client, land):
    client.force_login(land.world.leader)
    cockpit = client.get("/desk/cockpit/?kind=suggestion").context["cockpit"]
    assert cockpit.figures.collected == 0
    assert _listed(client, cockpit.funnel[0]["url"]) == 0
    cockpit = client.get("/desk/cockpit/?kind=opinion").context["cockpit"]
    assert cockpit.figures.collected == 8 and _listed(client, cockpit.funnel[0]["url"]) == 8


def test_each_row_of_the_list_opens_the_matters_desk_page(client, land):
    client.force_login(land.world.leader)
    response = client.get(f"/desk/cockpit/matters/?region={land.longjing.code}")
    rows = response.context["rows"]
    assert len(rows) == 3
    for row in rows:
        assert row["url"] == f"/desk/opinions/{row['pk']}/"
        assert f'href="{row["url"]}"' in response.content.decode()
        assert client.get(row["url"]).status_code == 200


def test_a_search_word_narrows_the_list_within_the_scope(client, land):
    client.force_login(land.world.leader)
    response = client.get(f"/desk/cockpit/matters/?region={land.world.dongbao.code}&q=增设")
    assert [row["pk"] for row in response.context["rows"]] == [land.matters["ziling_new"].pk]
    assert client.get(f"/desk/cockpit/matters/?region={land.world.duodao.code}&q=增设").context["page"].paginator.count == 0
