from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MattersConfig(AppConfig):
    name = "minyi.matters"
    verbose_name = _("Matters")

    def ready(self):
        from minyi.audit.services import track
        from minyi.organisations.signals import unit_merged

        from . import models, policies, rules, services  # noqa: F401  (rules registers the access scopes)

        track(models.Matter, exclude={"version", "updated_at"})
        track(models.Assignment)
        unit_merged.connect(services.on_unit_merged, dispatch_uid="matters-unit-merged")
        # Every kind registered so far must name only states it declares (adhocracy4 checks at start-up).
        policies.registry.check_all()
        from . import events, notify

        notify.register_kinds()
        events.on_event(notify.on_matter_event)

        # The handling unit's desk: menu entry, the workbench inbox lines, the sheet's print rule.
        from minyi.accounts.models import Role
        from minyi.core import navigation
        from minyi.workbench import inbox

        from . import documents  # noqa: F401  (registers who may print an assignment sheet)
        from .views import unit

        navigation.register(
            "desk", _("Assignments"), "matters:unit_inbox", roles={Role.UNIT_STAFF, Role.UNIT_ADMIN}, icon="inbox", order=10,
            badge=unit.menu_badge,
        )
        inbox.register(unit.inbox_items)
