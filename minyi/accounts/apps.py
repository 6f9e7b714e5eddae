from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "minyi.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from minyi.audit.services import track

        from . import rules  # noqa: F401  (registers access rules)
        from .models import ApiToken, RoleGrant, User

        track(User, exclude={"password_changed_at"}, masked={"phone"})
        track(RoleGrant)
        track(ApiToken)
