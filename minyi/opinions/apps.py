from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    name = "minyi.opinions"
    verbose_name = _("Citizen opinions")

    def ready(self):
        from minyi.audit.services import track

        from . import labels, models, policy  # noqa: F401  (policy registers the opinion kind, labels its actions)

        # The citizen's contact stays out of the audit log; only that it changed is recorded.
        track(models.Opinion, masked={"phone_ciphertext", "phone_hash", "phone_last4", "citizen_name", "latitude", "longitude", "address"})
        track(models.Category)
        track(models.CategorySetting)
        self._register_staff_desk()
        from minyi.accounts.models import Role
        from minyi.core import navigation

        from . import notify

        notify.register()
        navigation.register(
            "desk", _("Opinion categories and deadlines"), "opinions:settings", roles={Role.CONGRESS_STAFF, Role.SYSTEM_ADMIN},
            icon="adjustments", order=810, section=_("System"),
        )
        self._register_phone_pages()

    def _register_phone_pages(self):
        """The citizen's and the representative's phone pages: tab bar entries, the citizen home's
        list, the public front page's card."""
        from minyi.accounts.models import Role
        from minyi.core import navigation
        from minyi.public import portal

        from .views import citizen, representative

        navigation.register("mobile", _("Raise"), "opinions:new", roles={Role.CITIZEN}, icon="message-plus", order=100)
        navigation.register("mobile", _("Opinions"), "opinions:rep_inbox", roles={Role.REPRESENTATIVE}, icon="inbox", order=100,
                            badge=representative.waiting_badge)
        portal.register_citizen_items(citizen.citizen_home_items)
        portal.register_front_section(citizen.front_sections)

    def _register_staff_desk(self):
        """The congress staff's opinions inbox in the desk menu, and its counts on the workbench."""
        from minyi.accounts.models import Role
        from minyi.core import navigation
        from minyi.workbench import inbox as workbench_inbox

        from .inbox import workbench_items

        navigation.register(
            "desk", _("Citizens' opinions"), "opinions:inbox", roles={Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN},
            icon="message-circle", order=100, section=_("Opinions"),
        )
        workbench_inbox.register(workbench_items)
