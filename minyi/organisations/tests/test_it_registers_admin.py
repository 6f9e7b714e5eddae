import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from minyi.organisations.models import Station, Unit, UnitNameChange


def test_it_registers_every_model_of_the_app():
    for model in apps.get_app_config("organisations").get_models():
        assert model in admin.site._registry, model


@pytest.mark.django_db
def test_it_opens_every_list_and_add_page(client, jingmen):
    jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.town_congress)
    client.force_login(jingmen.admin)
    for model in apps.get_app_config("organisations").get_models():
        info = model._meta.app_label, model._meta.model_name
        assert client.get(reverse("admin:%s_%s_changelist" % info)).status_code == 200, model
        if model is not UnitNameChange:  # name history is written by renames only
            assert client.get(reverse("admin:%s_%s_add" % info)).status_code == 200, model
    assert client.get(reverse("admin:organisations_unit_change", args=[jingmen.dongbao_unit.pk])).status_code == 200


@pytest.mark.django_db
def test_it_renames_through_the_service_when_the_name_is_edited(jingmen):
    model_admin = admin.site._registry[Unit]
    request = RequestFactory().post("/")
    request.user = jingmen.admin
    unit = jingmen.dongbao_unit
    form_class = model_admin.get_form(request, unit, change=True)
    data = {f: getattr(unit, f) for f in ("short_name", "branch", "contact_name", "contact_phone", "address")}
    form = form_class(data={**data, "name": "东宝区教育和体育局", "region": unit.region_id, "is_active": "on"}, instance=unit)
    assert form.is_valid(), form.errors
    model_admin.save_model(request, form.save(commit=False), form, change=True)
    unit.refresh_from_db()
    assert unit.name == "东宝区教育和体育局"
    change = UnitNameChange.objects.get()
    assert (change.old_name, change.changed_by) == ("东宝区教育局", jingmen.admin)


@pytest.mark.django_db
def test_it_offers_no_delete_button_for_a_referenced_station(jingmen):
    station = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.town_congress)
    request = RequestFactory().get("/")
    request.user = jingmen.admin
    model_admin = admin.site._registry[Station]
    assert model_admin.has_delete_permission(request, station)
    jingmen.assign(station, jingmen.representative("李春梅", jingmen.town_congress))
    assert not model_admin.has_delete_permission(request, station)
