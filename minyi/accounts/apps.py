from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "minyi.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from minyi.audit.services import track
        from minyi.core import navigation

        from . import rules  # noqa: F401  (registers access rules)
        from .models import ApiToken, Role, RoleGrant, User

        track(User, exclude={"password_changed_at"}, masked={"phone"})
        track(RoleGrant)
        track(ApiToken)
        navigation.register(
            "desk", _("Accounts"), "accounts:manage_list", roles={Role.SYSTEM_ADMIN, Role.CONGRESS_STAFF, Role.LEADER},
            icon="users", order=850, section=_("System"),
        )
        # A unit administrator manages their own unit's staff on the same pages.
        navigation.register(
            "desk", _("Unit staff accounts"), "accounts:manage_list", roles={Role.UNIT_ADMIN}, icon="users", order=850, section=_("System"),
        )
