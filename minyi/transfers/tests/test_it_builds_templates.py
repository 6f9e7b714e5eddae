"""Each kind's template opens in openpyxl with its headers, a frozen header row, column widths,
an instructions sheet and drop-downs on a hidden sheet."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from minyi.transfers import registry

KINDS = ["representatives", "units", "stations", "accounts"]
# Columns that must offer a drop-down list, per kind.
DROPDOWNS = {
    "representatives": ["gender", "ethnicity", "party", "occupation_category", "level", "congress", "end_reason"],
    "units": ["region", "branch"],
    "stations": ["region", "kind", "congress"],
    "accounts": ["role", "region"],
}


def download(client, user, kind):
    client.force_login(user)
    response = client.get(f"/transfers/{kind}/template/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def lists_of(workbook, sheet):
    """{column letter: the values its list validation offers}."""
    lists = workbook.worksheets[2]
    offered = {}
    for validation in sheet.data_validations.dataValidation:
        if validation.type != "list":
            continue
        reference = validation.formula1.split("!")[1].replace("$", "")
        cells = [cell.value for row in lists[reference] for cell in row]
        for cell_range in validation.sqref.ranges:
            offered[cell_range.coord.split(":")[0].rstrip("0123456789")] = cells
    return offered


@pytest.mark.parametrize("kind", KINDS)
def test_the_template_has_the_headers_and_drop_downs(client, world, kind):
    spec = registry.get(kind)
    workbook = download(client, world.city_staff, kind)
    data, guide, lists = workbook.worksheets
    assert data.title == str(spec.title)
    assert data.freeze_panes == "A2"
    headers = [cell.value for cell in data[1]]
    assert headers == [("*" if column.required else "") + column.header() for column in spec.columns]
    assert data.column_dimensions["A"].width == spec.columns[0].width
    assert data.max_row == 1  # a template has no data
    assert lists.sheet_state == "hidden"
    assert any(spec.columns[0].header() in str(cell.value) for row in guide.iter_rows() for cell in row)
    offered = lists_of(workbook, data)
    letters = {column.key: chr(ord("A") + index) for index, column in enumerate(spec.columns)}
    for key in DROPDOWNS[kind]:
        assert offered.get(letters[key]), f"{kind}: no drop-down for {key}"
    # Every column shows a hint when its cell is selected.
    prompted = {cell_range.coord.split(":")[0].rstrip("0123456789") for v in data.data_validations.dataValidation for cell_range in v.sqref.ranges if v.prompt}
    assert set(letters.values()) <= prompted


def test_the_headers_and_choices_are_chinese_by_default(client, world):
    workbook = download(client, world.city_staff, "representatives")
    data = workbook.worksheets[0]
    headers = [cell.value for cell in data[1]]
    assert headers[:4] == ["*姓名", "性别", "民族", "出生日期"]
    offered = lists_of(workbook, data)
    assert offered["B"] == ["男", "女"]
    assert "中共党员" in offered["E"]


def test_english_is_available(client, world):
    client.force_login(world.city_staff)
    with translation.override("en"):
        client.cookies["minyi_language"] = "en"
        response = client.get("/transfers/units/template/", HTTP_ACCEPT_LANGUAGE="en")
    data = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in data[1]][:2] == ["*Division code", "*Name"]


def test_region_drop_downs_offer_the_staff_members_own_area(client, world):
    workbook = download(client, world.dongbao_staff, "units")
    offered = lists_of(workbook, workbook.worksheets[0])["A"]
    assert offered == ["420802000000 东宝区"]
    workbook = download(client, world.city_staff, "units")
    offered = lists_of(workbook, workbook.worksheets[0])["A"]
    assert offered == ["420800000000 荆门市", "420802000000 东宝区", "420804000000 掇刀区"]


def test_only_staff_download_templates(client, world):
    client.force_login(world.unit_staff)
    assert client.get("/transfers/units/template/").status_code == 403
    client.force_login(world.city_staff)
    assert client.get("/transfers/nothing/template/").status_code == 404
