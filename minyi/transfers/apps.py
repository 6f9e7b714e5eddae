from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    name = "minyi.transfers"
    verbose_name = _("Excel import and export")

    def ready(self):
        from minyi.accounts.models import Role
        from minyi.core import navigation

        from . import rules  # noqa: F401  (registers the access rules)

        navigation.register(
            "desk",
            _("Import and export"),
            "transfers:index",
            roles={Role.CONGRESS_STAFF, Role.SYSTEM_ADMIN},
            icon="file-spreadsheet",
            order=390,
            section=_("Organisation"),
        )
