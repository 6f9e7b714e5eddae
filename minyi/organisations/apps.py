from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "minyi.organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from minyi.audit.services import track

        from . import rules  # noqa: F401  (registers access rules)
        from .models import Congress, Department, Unit

        for model in (Congress, Department, Unit):
            track(model)
