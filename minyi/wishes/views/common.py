"""What several pages of the wishes share: the history of a wish with its proof photos, the place
in words, and what each state means to the citizen."""

from django.utils.translation import gettext_lazy as _

from minyi.opinions.forms import place_name

from ..models import PUBLIC_ACTIONS, WishEvent

STATE_EXPLANATIONS = {
    "reviewing": _("The congress staff read every wish before it goes on the wall. You will see here when it is published."),
    "declined": _("The congress staff did not put it on the wall; their reason is in the history below."),
    "published": _("It is on the wall. A representative, a unit or a volunteer can claim it."),
    "claimed": _("Someone has claimed it and is working on it. You will hear when it is fulfilled."),
    "fulfilled": _("The claimer says it is fulfilled. Please confirm below that you received it, or say what is missing."),
    "confirmed": _("It arrived. Thank you for telling us."),
}


def history(wish, *, public=False, with_photos=False):
    """The wish's steps, oldest first, each with its proof photos; on public pages only the steps from
    the wall onwards and without their notes (they may name the family)."""
    events = wish.events.select_related("by").order_by("at", "id")
    if public:
        events = events.filter(action__in=PUBLIC_ACTIONS)
    if with_photos:
        events = events.prefetch_related("photos")
    items = []
    for event in events:
        items.append({"event": event, "label": event.get_action_display(), "by": event.by_label, "note": "" if public else event.note,
                      "photos": list(event.photos.all()) if with_photos and event.action == WishEvent.Action.FULFILLED else []})
    return items


def place(wish):
    return place_name(wish.region_id) or wish.region.name
