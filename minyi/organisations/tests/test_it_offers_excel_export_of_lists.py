"""The "export to Excel" button of each list: shown where the transfers app can export the
kind, calling `transfers.exports.export_response(kind, queryset, request, filters=…)` with the
list's filtered queryset (that function writes the workbook and records the export); hidden
where the transfers app has no such kind. The workbook itself is the transfers app's to test."""

import sys
import types

import pytest
from django.http import HttpResponse
from django.urls import reverse

from minyi.organisations.models import Station

from .ui import client_for, html

pytestmark = pytest.mark.django_db

EXPORTED = [
    ("organisations:unit_list", "organisations:unit_export", "units"),
    ("organisations:station_list", "organisations:station_export", "stations"),
]


@pytest.fixture
def calls(monkeypatch):
    """A stand-in for transfers.exports that remembers what the pages pass it."""
    calls = []

    def export_response(kind, queryset, request, *, filters=None, filename=None):
        calls.append({"kind": kind, "rows": list(queryset), "filters": filters, "user": request.user})
        return HttpResponse(b"xlsx")

    module = types.ModuleType("minyi.transfers.exports")
    module.export_response = export_response
    monkeypatch.setitem(sys.modules, "minyi.transfers.exports", module)
    return calls


@pytest.fixture
def stations(jingmen):
    jingmen.station("东宝区代表之家", jingmen.dongbao, jingmen.dongbao_congress, kind=Station.Kind.HOME)
    jingmen.station("掇刀区代表之家", jingmen.duodao, jingmen.duodao_congress, kind=Station.Kind.HOME)


@pytest.mark.parametrize("list_name, export_name, kind", EXPORTED)
def test_it_exports_the_filtered_list(jingmen, stations, calls, list_name, export_name, kind):
    client = client_for(jingmen.city_staff)
    page = html(client.get(reverse(list_name), {"q": "东宝"}))
    assert 'data-testid="export-excel"' in page and f'href="{reverse(export_name)}?q=' in page
    response = client.get(reverse(export_name), {"q": "东宝"})
    assert response.status_code == 200 and response.content == b"xlsx"
    [call] = calls
    assert call["kind"] == kind and call["user"] == jingmen.city_staff
    assert call["rows"] and all("东宝" in str(row) for row in call["rows"])
    assert call["filters"]["q"] == "东宝"


def test_it_exports_only_what_county_staff_may_see(jingmen, stations, calls):
    client_for(jingmen.dongbao_staff).get(reverse("organisations:station_export"))
    assert [station.name for station in calls[0]["rows"]] == ["东宝区代表之家"]


def test_it_hides_the_button_where_transfers_cannot_export(jingmen, calls):
    client = client_for(jingmen.city_staff)
    assert 'data-testid="export-excel"' not in html(client.get(reverse("organisations:congress_list")))
    assert client.get(reverse("organisations:congress_export")).status_code == 404
    assert client.get(reverse("regions:export"), {"parent": jingmen.city.code}).status_code == 404
    assert not calls
