import pytest
from django.apps import apps

from minyi.audit.models import AuditEntry
from minyi.audit.services import is_tracked


def test_it_tracks_every_model_of_the_app():
    for model in apps.get_app_config("organisations").get_models():
        assert is_tracked(model), model


@pytest.mark.django_db
def test_it_keeps_contact_phones_out_of_the_log(jingmen):
    station = jingmen.station("子陵铺镇代表联络站", jingmen.town, jingmen.town_congress, contact_phone="13900001111")
    entry = AuditEntry.objects.get(object_type="organisations.station", object_id=str(station.pk))
    assert entry.changes["contact_phone"] == [None, "***"]
    assert entry.changes["name"] == [None, "子陵铺镇代表联络站"]
