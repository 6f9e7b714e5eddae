"""Words for timeline actions, shared by every screen that shows a timeline. Kinds add their own
actions with `register`; an unknown action shows its key rather than nothing."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

_labels = {
    "open": _("Raised"),
    "assign": _("Assigned to handling units"),
    "sign": _("Signed for by the unit"),
    "progress": _("Progress recorded"),
    "contribute": _("Co-handling unit's opinion sent to the lead unit"),
    "reply": _("Replied"),
    "request_extension": _("Extension requested"),
    "extension_approved": _("Extension approved"),
    "extension_refused": _("Extension refused"),
    "request_reassignment": _("Re-assignment requested"),
    "reassignment_approved": _("Re-assignment approved"),
    "reassignment_refused": _("Re-assignment refused"),
    "supervise": _("Supervision recorded"),
    "evaluate": _("Evaluated"),
    "evaluate_merged": _("Evaluated by a merged matter's citizen"),
    "evaluate_beside": _("Evaluated by a co-signer"),
    "rehandle": _("Evaluated unsatisfied: handled again"),
    "close": _("Closed"),
    "auto_close": _("Closed without an evaluation"),
    "merge": _("Merged into another matter"),
    "merged_in": _("Another matter merged into this one"),
    "merge_followed": _("Followed its main matter into a merge"),
    "escalate": _("Escalated to the higher congress"),
    "send_down": _("Sent down to the lower congress"),
    "unit_merged": _("Handling unit merged into another"),
    "deadline_approaching": _("Deadline approaching"),
    "deadline_overdue": _("Deadline passed"),
    "deadline_normal": _("Deadline back on time"),
    "reminder": _("Reminder sent"),
    "supplement": _("More information added"),
    "convert": _("Taken up into another matter"),
}


def register(action, label):
    _labels[action] = label


def label(action):
    return _labels.get(action, action)


def event_label(event):
    """The action's words, with the rating for an evaluation (「已评价：满意」)."""
    from .models import Rating

    words = label(event.action)
    rating = (event.data or {}).get("rating") if event.action in ("evaluate", "evaluate_merged", "evaluate_beside", "rehandle") else None
    if rating in Rating.values:
        return format_lazy(_("{action}: {rating}"), action=words, rating=Rating(rating).label)
    return words
