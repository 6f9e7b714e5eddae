"""The wishes' pages: the citizen's (citizen.py), the public wall (public.py), the claimers' (claimer.py)
and the congress staff's desk (desk.py). `register_navigation` puts them in the menus."""


def register_navigation():
    from django.utils.translation import gettext_lazy as _

    from minyi.accounts.models import Role
    from minyi.core import navigation
    from minyi.public import portal
    from minyi.workbench import inbox as workbench_inbox

    from . import citizen, desk, public

    staff = {Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN}
    navigation.register("desk", _("Micro-wishes"), "wishes:desk_list", roles=staff, icon="heart-handshake", order=296,
                        section=_("Representatives' duty"), badge=desk.waiting_for_review)
    navigation.register("desk", _("Micro-wishes"), "wishes:unit_list", roles={Role.UNIT_STAFF, Role.UNIT_ADMIN}, icon="heart-handshake", order=296)
    # Representatives reach the wall from their duty page (履职): the phone's tab bar has no room left.
    workbench_inbox.register(desk.workbench_items)
    portal.register_front_section(public.front_sections)
    portal.register_citizen_items(citizen.citizen_home_items)
