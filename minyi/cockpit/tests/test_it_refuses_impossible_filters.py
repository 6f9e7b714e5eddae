"""Filters that cannot be shown get a message in the user's language at the filter, a 400 (or a
404 for a region that is not theirs), and no figure; never a 500. The exports answer the same."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from minyi.cockpit import filters

pytestmark = pytest.mark.django_db


def _next_month():
    today = timezone.localdate()
    return (today.replace(day=28) + datetime.timedelta(days=5)).strftime("%Y-%m")


def _zh(message, **values):
    with translation.override("zh-hans"):
        return gettext(message) % values if values else gettext(message)


BAD = [
    ("from=2026-07&to=2026-03", 400, "from"),
    ("from=2026-13", 400, "from"),
    ("from=March", 400, "from"),
    ("to=2026/03", 400, "to"),
    ("from=1999-12&to=2000-06", 400, "from"),
    ("kind=petition", 400, "kind"),
    ("region=4208", 400, "region"),
    ("region=420802<script>", 400, "region"),
    ("region=110000000000", 404, "region"),
    ("format=docx", 400, "format"),
]


@pytest.mark.parametrize("query, status, field", BAD)
def test_it_says_what_is_wrong_at_the_filter(client, land, query, status, field):
    client.force_login(land.dongbao_leader)
    response = client.get(f"/desk/cockpit/?{query}")
    assert response.status_code == status
    assert field in response.context["errors"]
    assert response.context.get("cockpit") is None
    page = response.content.decode()
    assert 'data-testid="filter-errors"' in page
    assert str(response.context["errors"][field]) in page.replace("&#x27;", "'").replace("&quot;", '"')
    assert "<script>" not in page.split('id="main"')[1].split("</main>")[0]


def test_a_month_in_the_future_is_refused_with_the_latest_month(client, land):
    client.force_login(land.dongbao_leader)
    response = client.get(f"/desk/cockpit/?to={_next_month()}")
    assert response.status_code == 400
    latest = timezone.localdate().strftime("%Y-%m")
    assert response.context["errors"]["to"] == _zh(
        "The end month lies in the future; the latest month with figures is %(month)s.", month=latest
    )
    assert latest in response.content.decode()


def test_the_messages_are_in_chinese(client, land):
    client.force_login(land.dongbao_leader)
    response = client.get("/desk/cockpit/?from=2026-07&to=2026-03")
    assert response.context["errors"]["from"] == _zh(
        "The start month %(start)s comes after the end month %(end)s.", start="2026-07", end="2026-03"
    )
    response = client.get("/desk/cockpit/?region=420804000000")
    assert response.context["errors"]["region"] == _zh("There is no such region among the regions whose figures you may see.")


@pytest.mark.parametrize(
    "query",
    [
        "stage=everything",
        "dim=colour&value=red",
        "dim=unit",
        "value=3",
        "dim=unit&value=" + "9" * 80,
        "from=2026-05&to=2026-01",
        "format=pdf",
    ],
)
def test_the_matters_list_refuses_as_well(client, land, query):
    client.force_login(land.dongbao_leader)
    response = client.get(f"/desk/cockpit/matters/?{query}")
    assert response.status_code == 400
    assert response.context["errors"]
    assert "matters-table" not in response.content.decode()


def test_the_exports_of_impossible_filters_are_pages_not_files(client, land):
    client.force_login(land.dongbao_leader)
    for url in (
        "/desk/cockpit/?from=2026-09&to=2026-01&format=xlsx",
        "/desk/cockpit/?kind=x&format=pdf",
        "/desk/cockpit/matters/?from=abc&format=xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")


def test_the_defaults_are_the_last_twelve_months_of_the_first_region(land):
    parsed = filters.parse(land.dongbao_leader, {}, today=datetime.date(2026, 5, 17))
    assert (parsed.start_param, parsed.end_param, parsed.region.code, parsed.kind) == ("2025-06", "2026-05", "420802000000", "")
    assert parsed.scope.period.first == datetime.date(2025, 6, 1)
    assert parsed.scope.region_code == "420802000000"


def test_an_account_with_no_region_is_told_so(client, land):
    from minyi.organisations.models import Congress

    Congress.objects.update(is_active=False)  # an administrator of a deployment without an active congress
    client.force_login(land.world.admin)
    response = client.get("/desk/cockpit/")
    assert response.status_code == 403
    assert "region" in response.context["errors"]
