"""Who hears about projects beyond the engine's own messages (the unit hears of its assignment from
the engine): the unit, of a milestone it let pass."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from minyi.matters import notify as engine_notify
from minyi.matters.notify import first_url

from .policy import KIND

KINDS = {"project_milestone_overdue": _("A milestone of your project is overdue")}


def unit_users(unit_id):
    ids = engine_notify.unit_people_ids([unit_id]).get(unit_id, set())
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def link(matter, audience):
    project = getattr(matter, "project", None)
    if project is None:
        return ""
    if audience == "unit":
        return first_url(("projects:unit_detail", {"pk": project.pk}))
    if audience == "staff":
        return first_url(("projects:desk_project", {"pk": project.pk}))
    return first_url(("projects:public_project", {"pk": project.pk}))


def register():
    from minyi.notifications import kinds

    for key, label in KINDS.items():
        kinds.register(key, label, email=True, sms=False)
    engine_notify.register_links(KIND, link)
