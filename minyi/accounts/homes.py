"""Where each role lands after signing in. A person with several roles lands on the first home
in this order and can switch to the others from the menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Role

HOMES = [
    ({Role.SYSTEM_ADMIN, Role.CONGRESS_STAFF, Role.LEADER}, "workbench:staff_home", _("Congress workbench")),
    ({Role.UNIT_STAFF, Role.UNIT_ADMIN}, "workbench:unit_home", _("Unit workbench")),
    ({Role.REPRESENTATIVE}, "representatives:home", _("Representative home")),
    ({Role.CITIZEN}, "public:my_home", _("My opinions")),
]


def homes_for(actor, current_path=""):
    homes = []
    for roles, url_name, label in HOMES:
        if actor.roles & roles or (actor.is_system_admin and Role.SYSTEM_ADMIN in roles):
            homes.append({"url": reverse(url_name), "label": label, "active": False})
    # The current home is the one whose URL is the longest prefix of the page being shown.
    matching = [home for home in homes if current_path.startswith(home["url"])]
    if matching:
        max(matching, key=lambda home: len(home["url"]))["active"] = True
    return homes


def landing_url(actor):
    homes = homes_for(actor)
    # Every signed-in person may raise and follow opinions, so that is the fallback home.
    return homes[0]["url"] if homes else reverse("public:my_home")
