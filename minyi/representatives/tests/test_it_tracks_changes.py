from django.apps import apps

from minyi.audit.services import is_tracked


def test_it_tracks_every_model_of_the_app():
    for model in apps.get_app_config("representatives").get_models():
        assert is_tracked(model), model
