"""One suggestion on the staff desk: everything about it, and the actions its state offers
(forms_desk.py). A POST runs one action; refused input comes back as typed with the reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.matters import labels
from minyi.matters import services as engine
from minyi.matters.models import Assignment, Attachment, Matter, TimelineEvent

from .. import forms_desk
from ..models import Category, Contact, KeySuggestion, ReplyLetter, Suggestion
from ..policy import CLASS_WORDS
from .desk import desk_actor, desk_suggestions, may_write


def _suggestion(request, actor, pk):
    queryset = desk_suggestions(request, actor).select_related(
        "matter__owner_congress__region", "matter__representative", "term", "session", "planned_lead")
    try:
        return queryset.get(pk=pk)
    except (Suggestion.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def detail_context(request, actor, suggestion, bound=None):
    matter = suggestion.matter
    user = request.user
    attachments = list(access.visible(user, Attachment.objects.filter(matter=matter)))
    by_event = {}
    for attachment in attachments:
        by_event.setdefault(attachment.event_id, []).append(attachment)
    events = list(access.visible(user, TimelineEvent.objects.filter(matter=matter)).order_by("at", "id"))
    timeline = [{"event": e, "label": labels.event_label(e), "attachments": by_event.get(e.pk, [])} for e in events]
    assignments = list(access.visible(user, Assignment.objects.filter(matter=matter)).select_related("unit").prefetch_related(
        "extensions", "reassignment_requests").order_by("round", "role", "id"))
    contacts = list(access.visible(user, Contact.objects.filter(assignment__matter=matter)).select_related(
        "assignment__unit", "representative", "recorded_by"))
    replies = list(access.visible(user, matter.replies.select_related("assignment__unit", "by")).order_by("at", "id"))
    letters = {letter.reply_id: letter for letter in access.visible(user, ReplyLetter.objects.filter(reply__in=replies)).select_related("letter")}
    letter_ids = {letter.letter_id for letter in letters.values()}
    keys = forms_desk.offered(actor, suggestion)
    decide = may_write(actor) and access.can(user, "decide_extension", matter)
    from minyi.opinions.views import staff_actions

    def decisions(items, form_class):
        result = []
        for item in items:
            form = bound if isinstance(bound, form_class) and bound.request_id == item.pk else form_class(matter=matter, actor=actor, request_id=item.pk)
            result.append({"item": item, "form": form})
        return result

    panels = []
    for key in keys:
        title, icon, danger = forms_desk.PANELS[key]
        is_bound = bound is not None and getattr(bound, "key", None) == key and not isinstance(bound, forms_desk.DecisionForm)
        form = bound if is_bound else forms_desk.FORMS[key](suggestion=suggestion, actor=actor)
        panels.append({"key": key, "title": title, "icon": icon, "danger": danger, "form": form, "open": is_bound})
    if panels and not any(p["open"] for p in panels):
        panels[0]["open"] = not panels[0]["danger"]
    category = Category.objects.filter(code=matter.category).first()
    return {
        "suggestion": suggestion,
        "matter": matter,
        "category": category,
        "state_label": matter.policy.states[matter.status].label,
        "states": matter.policy.states,
        "signers": list(suggestion.signers.select_related("representative")),
        # The suggestion's own documents; reply letters are shown with their replies.
        "documents": [a for a in attachments if a.kind == Attachment.Kind.DOCUMENT and a.pk not in letter_ids],
        "photos": [a for a in attachments if a.kind == Attachment.Kind.IMAGE],
        "adopted": list(access.visible(user, Matter.objects.filter(converted_to=matter)).only("pk", "tracking_code", "title", "status")),
        "assignments": assignments,
        "contacts": contacts,
        "replies": [{"reply": r, "letter": letters.get(r.pk), "class_words": CLASS_WORDS.get(r.reply_class, "")} for r in replies],
        "evaluations": list(matter.evaluations.select_related("by").order_by("round", "at")),
        "supervisions": list(matter.supervisions.select_related("by").order_by("-at")),
        "key": KeySuggestion.objects.filter(suggestion=suggestion).first(),
        "timeline": timeline,
        "panels": panels,
        "next_number": forms_desk.next_number_label(suggestion) if "register" in keys else "",
        "extension_decisions": decisions(staff_actions.pending_extensions(matter), forms_desk.ExtensionDecisionForm) if decide else [],
        "reassignment_decisions": decisions(staff_actions.pending_reassignments(matter), forms_desk.ReassignmentDecisionForm) if decide else [],
        "bound": bound,
        "may_write": may_write(actor),
        "return_reasons": [str(Suggestion.Admissibility(r).label) for r in suggestion.return_reasons if r in Suggestion.Admissibility.values],
    }


@login_required
def desk_detail(request, pk):
    actor = desk_actor(request)
    suggestion = _suggestion(request, actor, pk)
    if request.method == "POST":
        if not may_write(actor):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = forms_desk.bind(request.POST.get("action", ""), request.POST, suggestion=suggestion, actor=actor,
                               request_id=request.POST.get("request_id"))
        if form is None:
            messages.error(request, _("That action is no longer open or the request has already been decided; the page shows the suggestion as it is now."))
            return redirect("suggestions:desk_detail", pk=suggestion.pk)
        if form.is_valid():
            message = forms_desk.run(form, request.user)
            if message is not None:
                messages.success(request, message)
                return redirect("suggestions:desk_detail", pk=suggestion.pk)
        suggestion = _suggestion(request, actor, pk)
        stale = str(engine.StaleMatter.message) in [str(e) for e in form.non_field_errors()]
        if stale:
            form.data = form.data.copy()
            form.data[form.add_prefix("expected_version")] = str(suggestion.matter.version)
        form.matter = suggestion.matter
        if hasattr(form, "suggestion"):
            form.suggestion = suggestion
        return render(request, "suggestions/desk/detail.html", detail_context(request, actor, suggestion, bound=form),
                      status=409 if stale else 400)
    return render(request, "suggestions/desk/detail.html", detail_context(request, actor, suggestion))
