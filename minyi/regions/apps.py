from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "minyi.regions"
    verbose_name = _("Regions")

    def ready(self):
        from minyi.accounts.models import Role
        from minyi.audit.services import track
        from minyi.core import navigation

        from . import models, rules  # noqa: F401  (rules registers the scope of regions)

        # Changes people make (local regions) reach the audit log; imports write in bulk,
        # which sends no signals, and record themselves.
        track(models.Region)
        navigation.register(
            "desk", _("Regions"), "regions:browse", roles={Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN},
            icon="map-2", order=300, section=_("Organisation"),
        )
