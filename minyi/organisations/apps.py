from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "minyi.organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from minyi.audit.services import track

        from . import models, rules  # noqa: F401  (rules registers the access rules)

        for model in (
            models.Congress,
            models.Term,
            models.Session,
            models.Department,
            models.UnitNameChange,
            models.ReceptionRule,
            models.ReceptionException,
            models.StationAssignment,
            models.DutyRoster,
        ):
            track(model)
        # Contact phones are often someone's own mobile.
        for model in (models.Unit, models.Station):
            track(model, masked={"contact_phone"})
