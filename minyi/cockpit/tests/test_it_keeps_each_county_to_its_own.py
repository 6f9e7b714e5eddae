"""A county leader sees the figures of the county and below, and nothing of a sibling county or
of the city above: not by the region parameter, not by a drill-down value, not through the
matters list, the Excel workbooks or the PDF. What they see of their own county equals what the
city leader sees of it."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from minyi.cockpit.tests.land import DUODAO_TEXT

pytestmark = pytest.mark.django_db

SIBLING = ("掇刀区", "兴隆", "井盖")


def _text_of_workbook(content):
    book = load_workbook(io.BytesIO(content))
    return " ".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None)


def _text_of_pdf(content):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_it_starts_at_the_leaders_own_county(client, land):
    client.force_login(land.dongbao_leader)
    response = client.get("/desk/cockpit/")
    assert response.status_code == 200
    cockpit = response.context["cockpit"]
    assert cockpit.filters.region == land.world.dongbao
    assert cockpit.figures.collected == 6
    assert [region.code for region in response.context["path"]] == [land.world.dongbao.code]
    page = response.content.decode()
    for word in SIBLING:
        assert word not in page, word


def test_the_county_figures_equal_what_the_city_leader_sees_of_the_county(client, land):
    client.force_login(land.dongbao_leader)
    own = client.get("/desk/cockpit/").context["cockpit"]
    client.force_login(land.world.leader)
    city = client.get(f"/desk/cockpit/?region={land.world.dongbao.code}").context["cockpit"]
    assert own.figures.as_dict() == city.figures.as_dict()
    assert [(s["key"], s["count"]) for s in own.funnel] == [(s["key"], s["count"]) for s in city.funnel]
    dongbao_row = next(
        line for line in client.get("/desk/cockpit/").context["cockpit"].children if line.value == land.world.dongbao.code
    )
    assert dongbao_row.figures.as_dict() == own.figures.as_dict()


@pytest.mark.parametrize(
    "query",
    [
        "region=420804000000",  # the sibling county
        "region=420804001001",  # a village of the sibling county
        "region=420800000000",  # the city above
        "region=420000000000",  # the province above
        "region=999999999999",  # a code that exists nowhere: the same answer
    ],
)
def test_another_scope_is_not_found_on_the_page_the_list_and_the_exports(client, land, query):
    client.force_login(land.dongbao_leader)
    for url in (
        f"/desk/cockpit/?{query}",
        f"/desk/cockpit/?{query}&format=xlsx",
        f"/desk/cockpit/?{query}&format=pdf",
        f"/desk/cockpit/matters/?{query}",
        f"/desk/cockpit/matters/?{query}&format=xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("text/html"), url
        page = response.content.decode()
        assert "filter-errors" in page
        assert "cockpit" not in response.context or response.context.get("cockpit") is None
        for word in SIBLING[1:]:
            assert word not in page, (url, word)


def test_a_drill_down_value_outside_the_scope_is_not_found(client, land):
    """The region in force is the leader's own, but the breakdown value names the sibling county's village."""
    client.force_login(land.dongbao_leader)
    for value in ("420804001001", "420804000000", "420800000000"):
        for url in (
            f"/desk/cockpit/matters/?region=420802000000&dim=region&value={value}",
            f"/desk/cockpit/matters/?region=420802000000&dim=region&value={value}&format=xlsx",
        ):
            response = client.get(url)
            assert response.status_code == 404, url
            assert DUODAO_TEXT[:6] not in response.content.decode()


def test_the_lists_and_exports_of_the_own_county_hold_nothing_of_the_sibling(client, land):
    client.force_login(land.dongbao_leader)
    listed = client.get("/desk/cockpit/matters/?region=420802000000")
    assert listed.context["page"].paginator.count == 6
    assert {row["pk"] for row in listed.context["rows"]} == {
        m.pk for key, m in land.matters.items() if not key.startswith("xinglong")
    }
    workbook = _text_of_workbook(client.get("/desk/cockpit/?format=xlsx").content)
    assert "东宝区" in workbook
    matters_book = _text_of_workbook(client.get("/desk/cockpit/matters/?format=xlsx").content)
    assert "龙井社区" in matters_book
    document = _text_of_pdf(client.get("/desk/cockpit/?format=pdf").content)
    assert "东宝区" in document
    for text in (workbook, matters_book, document):
        for word in SIBLING:
            assert word not in text, word


def test_the_city_leader_sees_both_counties(client, land):
    client.force_login(land.world.leader)
    cockpit = client.get("/desk/cockpit/").context["cockpit"]
    assert cockpit.figures.collected == 8
    assert {line.label: line.figures.collected for line in cockpit.children} == {"东宝区": 6, "掇刀区": 2}


def test_a_township_list_never_takes_in_a_sibling_township_sharing_its_code_prefix(client, land):
    """子陵铺镇 420802100000 without its trailing zeros is 4208021, the start of 漳河镇 420802101000 too."""
    client.force_login(land.dongbao_leader)
    response = client.get(f"/desk/cockpit/matters/?region={land.ziling.code}")
    assert response.context["page"].paginator.count == 2
    assert "漳河" not in response.content.decode()
    county = client.get(f"/desk/cockpit/matters/?region={land.world.dongbao.code}&dim=region&value={land.ziling.code}")
    assert county.context["page"].paginator.count == 2
