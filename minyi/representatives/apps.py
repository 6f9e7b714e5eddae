from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepresentativesConfig(AppConfig):
    name = "minyi.representatives"
    verbose_name = _("Representatives")

    def ready(self):
        from minyi.accounts.models import Role
        from minyi.audit.services import track
        from minyi.core import navigation

        from .models import Representative

        track(Representative)
        navigation.register("mobile", _("Home"), "representatives:home", roles={Role.REPRESENTATIVE}, icon="home", order=0)
