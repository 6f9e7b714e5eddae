from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepresentativesConfig(AppConfig):
    name = "minyi.representatives"
    verbose_name = _("Representatives")

    def ready(self):
        from minyi.accounts.models import Role
        from minyi.audit.services import track
        from minyi.core import navigation

        from . import models, rules  # noqa: F401  (rules registers the access rules)

        # Personal data stays out of the audit log, even encrypted or hashed: a phone hash can
        # be matched against all 10^10 mobile numbers by anyone who also holds the key.
        track(models.Representative, masked={"phone_ciphertext", "phone_hash", "birth_date"})
        for model in (models.RepresentativeGroup, models.Mandate, models.Grid, models.GridResponsibility):
            track(model)
        navigation.register("mobile", _("Home"), "representatives:home", roles={Role.REPRESENTATIVE}, icon="home", order=0)
        staff = {Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN}
        organisation = _("Organisation")
        navigation.register("desk", _("Representatives"), "representatives:list", roles=staff, icon="users-group", order=340, section=organisation)
        navigation.register(
            "desk", _("Representatives' groups"), "representatives:groups", roles=staff, icon="users", order=350, section=organisation
        )
        navigation.register("desk", _("Grids"), "representatives:grids", roles=staff, icon="grid-dots", order=360, section=organisation)
