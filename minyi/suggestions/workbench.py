"""What waits on the workbench: for congress staff, suggestions to review, to assign, and units'
requests to decide; for units, suggestions to sign and to answer. Each links to the page that
shows exactly those."""

from django.urls import reverse
from django.utils.translation import gettext as _

from minyi.matters.models import Assignment, DeadlineExtension, Matter, ReassignmentRequest

from . import services
from .models import Suggestion
from .policy import KIND


def items(actor):
    result = []
    if actor.is_congress_staff or actor.is_system_admin:
        scope = Matter.objects.filter(kind=KIND)
        if not actor.is_system_admin:
            scope = scope.filter(owner_congress_id__in=actor.congress_ids)
        url = reverse("suggestions:desk_list")
        for status, words, link in (
            ("submitted", _("Suggestions waiting for review"), f"{url}?status=submitted"),
            ("registered", _("Suggestions waiting for assignment"), reverse("suggestions:desk_meeting")),
        ):
            count = scope.filter(status=status).count()
            if count:
                result.append({"label": words, "count": count, "url": link})
        waiting = Suggestion.objects.filter(matter__in=scope.filter(status__in=["submitted", "registered"]), session__isnull=True)
        late = len(services.overdue_for_assignment(waiting))
        if late:
            result.append({"label": _("Inter-session suggestions past their assignment date"), "count": late, "url": f"{url}?when=between"})
        requests = (DeadlineExtension.objects.filter(assignment__matter__in=scope, state=DeadlineExtension.State.REQUESTED).count()
                    + ReassignmentRequest.objects.filter(assignment__matter__in=scope, state=ReassignmentRequest.State.REQUESTED).count())
        if requests:
            result.append({"label": _("Units' requests on suggestions to decide"), "count": requests, "url": f"{url}?status=assigned"})
    if actor.unit_ids:
        mine = Assignment.objects.filter(unit_id__in=actor.unit_ids, matter__kind=KIND)
        url = reverse("suggestions:unit_list")
        to_sign = mine.filter(state=Assignment.State.ASSIGNED).count()
        if to_sign:
            result.append({"label": _("Suggestions to sign for"), "count": to_sign, "url": url})
        to_answer = mine.filter(state=Assignment.State.SIGNED).count()
        if to_answer:
            result.append({"label": _("Suggestions being handled"), "count": to_answer, "url": url})
    return result
