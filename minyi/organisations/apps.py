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

        from minyi.accounts.models import Role
        from minyi.core import navigation

        staff = {Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN}
        for order, label, url_name, icon in (
            (310, _("Congresses"), "organisations:congress_list", "building-bank"),
            (320, _("Handling units"), "organisations:unit_list", "briefcase"),
            (330, _("Stations"), "organisations:station_list", "home-heart"),
        ):
            navigation.register("desk", label, url_name, roles=staff, icon=icon, order=order, section=_("Organisation"))
