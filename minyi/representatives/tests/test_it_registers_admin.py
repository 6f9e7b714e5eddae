import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from minyi.representatives.models import Representative


def test_it_registers_every_model_of_the_app():
    for model in apps.get_app_config("representatives").get_models():
        assert model in admin.site._registry, model


@pytest.mark.django_db
def test_it_opens_every_list_and_add_page(client, jingmen):
    jingmen.representative("李春梅", jingmen.dongbao_congress, phone="13812341234")
    client.force_login(jingmen.admin)
    for model in apps.get_app_config("representatives").get_models():
        info = model._meta.app_label, model._meta.model_name
        assert client.get(reverse("admin:%s_%s_changelist" % info)).status_code == 200, model
        assert client.get(reverse("admin:%s_%s_add" % info)).status_code == 200, model


@pytest.mark.django_db
def test_it_lists_phones_masked_and_finds_a_whole_number(client, jingmen):
    person = jingmen.representative("李春梅", jingmen.dongbao_congress, phone="13812341234")
    client.force_login(jingmen.admin)
    page = client.get(reverse("admin:representatives_representative_changelist")).content.decode()
    assert "138****1234" in page and "13812341234" not in page
    found = client.get(reverse("admin:representatives_representative_changelist"), {"q": "138 1234 1234"})
    assert list(found.context["cl"].result_list) == [person]


@pytest.mark.django_db
def test_it_edits_the_phone_as_a_plain_field(jingmen):
    person = jingmen.representative("李春梅", jingmen.dongbao_congress, phone="13812341234")
    form_class = admin.site._registry[Representative].get_form(None, person, change=True)
    assert form_class(instance=person)["phone"].value() == "13812341234"
    form = form_class(data={"name": "李春梅", "phone": "139 0000 0000"}, instance=person)
    assert form.is_valid(), form.errors
    form.save()
    assert Representative.objects.get(pk=person.pk).phone == "13900000000"
    other = Representative.objects.create(name="王建华")
    duplicate = form_class(data={"name": "王建华", "phone": "13900000000"}, instance=other)
    assert not duplicate.is_valid()
    assert "phone" in duplicate.errors


@pytest.mark.django_db
def test_it_finds_a_number_only_within_the_list_filters(client, jingmen):
    jingmen.representative("李春梅", jingmen.dongbao_congress, phone="13812341234")
    client.force_login(jingmen.admin)
    found = client.get(reverse("admin:representatives_representative_changelist"), {"q": "13812341234", "gender": "M"})
    assert list(found.context["cl"].result_list) == []
