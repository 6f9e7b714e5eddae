from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "minyi.public"
    verbose_name = _("Public pages")

    def ready(self):
        from minyi.accounts.models import Role
        from minyi.core import navigation

        navigation.register("mobile", _("Home"), "public:my_home", roles={Role.CITIZEN}, icon="home", order=0)
        navigation.register("mobile", _("Account"), "accounts:security", roles={Role.CITIZEN, Role.REPRESENTATIVE}, icon="user", order=900)
