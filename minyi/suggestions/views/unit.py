"""The handling unit's pages for suggestions: its suggestion assignments (lead and co-handling,
with deadline colours), and one assignment's page with the suggestion, its representatives, the
contacts with them and every step the unit takes: sign, ask for re-assignment in the window,
record contacts and progress, send a co-unit's opinion, read the co-units' opinions, ask for the
longer period, download the reply letter as a Word draft, and reply with class and signed letter.

Everything loads through the access scopes (another unit's assignment is a 404) and every step
is a service (minyi.matters.services, minyi.suggestions.services) called with the matter version
the page showed. Back to back: the unit sees how many signers have judged a reply, and who said
what only once the round is settled (the Evaluation scope)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.matters import documents, search
from minyi.matters import services as engine
from minyi.matters.models import Assignment, Attachment, DeadlineExtension, Evaluation, Matter, ReassignmentRequest, Reply
from minyi.matters.policies import available_actions
from minyi.matters.views import unit as generic

from .. import letters, policy, services
from ..forms_unit import (
    ContactForm,
    ContributionForm,
    ExtensionForm,
    FilterForm,
    ProgressForm,
    ReassignmentForm,
    ReplyForm,
    SignForm,
)
from ..models import Contact, ReplyLetter, Signer

UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_ADMIN)
PAGE_SIZE = 30

STATE_QUERIES = {
    "to_sign": Q(state=Assignment.State.ASSIGNED),
    "handling": Q(state=Assignment.State.SIGNED) & ~Q(handle_rule="year_end"),
    "replied": Q(state__in=[Assignment.State.REPLIED, Assignment.State.CONTRIBUTED, Assignment.State.DONE]),
    "following_up": Q(state=Assignment.State.SIGNED, handle_rule="year_end"),
}

ACTIONS = {
    "sign": SignForm,
    "reassign": ReassignmentForm,
    "contact": ContactForm,
    "progress": ProgressForm,
    "contribute": ContributionForm,
    "extend": ExtensionForm,
    "reply": ReplyForm,
}

SUCCESS = {
    "sign": gettext_lazy("Signed for. The handling deadline now runs."),
    "reassign": gettext_lazy("Your re-assignment request was sent to the congress staff."),
    "contact": gettext_lazy("Contact recorded. The representative is asked to confirm it."),
    "progress": gettext_lazy("Progress recorded."),
    "contribute": gettext_lazy("Your opinion was sent to the lead unit."),
    "extend": gettext_lazy("Your request for the longer period was sent to the congress staff."),
    "reply": gettext_lazy("The reply was sent to the representatives."),
}


def _my_suggestion_assignments(actor):
    return generic.my_assignments(actor).filter(matter__kind=policy.KIND)


# --- The list ----------------------------------------------------------------------------------


@login_required
def unit_list(request):
    actor = access.require_role(request.user, *UNIT_ROLES, request=request)
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = _my_suggestion_assignments(actor).select_related("matter", "matter__owner_congress", "matter__suggestion", "unit")
    if filters.get("state"):
        queryset = queryset.filter(STATE_QUERIES[filters["state"]])
    if filters.get("role"):
        queryset = queryset.filter(role=filters["role"])
    if filters.get("q"):
        words = filters["q"].strip()
        queryset = queryset.filter(Q(matter__in=search.matching(Matter.objects.all(), words)) | Q(matter__suggestion__number_label__icontains=words))
    queryset = queryset.order_by("state", "handle_due", "pk")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    now, calendars = timezone.now(), generic._Calendars()
    for assignment in page:
        generic.describe_deadline(assignment, calendars, now)
        assignment.following_up = assignment.state == Assignment.State.SIGNED and assignment.handle_rule == "year_end"
        assignment.status_label = documents.status_label(assignment.matter)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "suggestions/unit/list.html", {
        "page_title": _("Suggestions assigned to us"), "form": form, "page": page, "query": query.urlencode(),
        "units": generic._unit_names(actor),
    })


# --- One assignment ----------------------------------------------------------------------------


def _load(request, pk):
    actor = access.require_role(request.user, *UNIT_ROLES, request=request)
    queryset = _my_suggestion_assignments(actor).select_related("matter", "matter__owner_congress", "matter__suggestion", "unit")
    return actor, access.get_object(request.user, queryset, pk=pk)


def _offered(actor, assignment):
    matter = assignment.matter
    current = assignment.is_open and assignment.round == matter.round
    lead = assignment.role == Assignment.Role.LEAD
    following_up = assignment.handle_rule == "year_end"
    rules = policy.settings_for(matter.owner_congress_id)
    pending_extension = assignment.extensions.filter(state=DeadlineExtension.State.REQUESTED).exists()
    pending_reassignment = assignment.reassignment_requests.filter(state=ReassignmentRequest.State.REQUESTED).exists()
    return {
        "sign": current and assignment.state == Assignment.State.ASSIGNED,
        "reassign": current and engine.reassignment_window_open(assignment) and not pending_reassignment,
        "contact": current or (lead and assignment.state == Assignment.State.REPLIED),
        "progress": current,
        "contribute": current and not lead,
        "extend": current and lead and not following_up and assignment.round == 1 and not pending_extension
        and assignment.handle_rule != rules.extended_rule,
        "reply": current and lead and "reply" in available_actions(actor, matter),
    }


def _judgements(actor, matter):
    """(how many judged this round, how many signers, the judgements the unit may read)."""
    signers = Signer.objects.filter(suggestion_id=matter.pk, state=Signer.State.CONFIRMED).count()
    judged = Evaluation.objects.filter(matter=matter, round=matter.round).count() if matter.status == "replied" else None
    visible = access.visible(actor.user, Evaluation.objects.filter(matter=matter)).order_by("round", "at", "id")
    return judged, signers, list(visible)


def _forms(assignment, bound=None):
    suggestion = assignment.matter.suggestion
    signers = list(Signer.objects.filter(suggestion=suggestion, state=Signer.State.CONFIRMED).select_related("representative"))
    use_d = policy.settings_for(assignment.matter.owner_congress_id).use_class_d
    made = {}
    for action, form_class in ACTIONS.items():
        if bound is not None and bound.prefix == action:
            made[action] = bound
            continue
        made[action] = _make_form(form_class, action, signers=signers, use_d=use_d)
    return made


def _make_form(form_class, action, *, signers, use_d, data=None, files=None):
    kwargs = {"prefix": action, "data": data, "files": files}
    if form_class is ContactForm:
        kwargs["signers"] = signers
    if form_class is ReplyForm:
        kwargs["use_class_d"] = use_d
    return form_class(**kwargs)


def _page_context(request, actor, assignment, bound=None):
    matter = assignment.matter
    suggestion = matter.suggestion
    generic.describe_deadline(assignment, generic._Calendars(), timezone.now())
    judged, signer_count, judgements = _judgements(actor, matter)
    attachments = access.visible(actor.user, Attachment.objects.filter(matter=matter))
    opening = matter.timeline.filter(action="open").values_list("pk", flat=True).first()
    replies = access.visible(actor.user, Reply.objects.filter(matter=matter).select_related("assignment__unit")).order_by("round", "at", "id")
    letters_by_reply = {
        row.reply_id: row for row in access.visible(actor.user, ReplyLetter.objects.filter(reply__matter=matter).select_related("letter"))
    }
    for reply in replies:
        reply.letter_row = letters_by_reply.get(reply.pk)
        reply.class_words = policy.CLASS_WORDS.get(reply.reply_class, "")
    rules = policy.settings_for(matter.owner_congress_id)
    return {
        "page_title": matter.title,
        "assignment": assignment,
        "matter": matter,
        "suggestion": suggestion,
        "status_label": documents.status_label(matter),
        "category_label": documents.category_label(matter),
        "signers": access.visible(actor.user, Signer.objects.filter(suggestion=suggestion)).select_related("representative"),
        "documents": [a for a in attachments if a.kind == Attachment.Kind.DOCUMENT and a.event_id in (opening, None)],
        "photos": [a for a in attachments if a.kind == Attachment.Kind.IMAGE and a.event_id in (opening, None)],
        "contacts": access.visible(actor.user, Contact.objects.filter(assignment__matter=matter, assignment__unit_id=assignment.unit_id))
        .select_related("representative").order_by("-happened_on", "-id"),
        "contributions": [r for r in replies if r.kind == Reply.Kind.CONTRIBUTION],
        "replies": [r for r in replies if r.kind == Reply.Kind.REPLY],
        "judged": judged,
        "signer_count": signer_count,
        "judgements": judgements,
        "timeline": generic._visible_timeline(actor, assignment),
        "extensions": access.visible(actor.user, DeadlineExtension.objects.filter(assignment=assignment)),
        "reassignments": access.visible(actor.user, ReassignmentRequest.objects.filter(assignment=assignment)),
        "offered": _offered(actor, assignment),
        "forms": _forms(assignment, bound),
        "extended_rule_text": documents.rule_text(rules.extended_rule),
        "sign_rule_text": documents.rule_text(assignment.sign_rule),
        "handle_rule_text": documents.rule_text(assignment.handle_rule) if assignment.handle_rule != "year_end" else _("until the year's end"),
        "window_end": generic_window_end(assignment, rules),
        "require_letter": rules.require_letter,
        "may_print": access.can(actor.user, "print_sheet", assignment),
    }


def generic_window_end(assignment, rules):
    from minyi.workdays.calendar import Calendar

    return Calendar(assignment.matter.owner_congress_id).deadline(assignment.assigned_at, rules.reassign_rule).date


def _run(action, assignment, form, user, version):
    data = form.cleaned_data
    if action == "sign":
        engine.sign(assignment, actor=user, note=data.get("note", ""), expected_version=version)
    elif action == "reassign":
        engine.request_reassignment(assignment, reason=data["reason"], suggested_unit=data.get("suggested_unit", ""), actor=user,
                                    expected_version=version)
    elif action == "contact":
        from minyi.representatives.models import Representative

        services.record_contact(assignment, actor=user, representative=Representative.objects.get(pk=data["representative"]),
                                method=data["method"], stage=data["stage"], happened_on=data["happened_on"], note=data["note"])
    elif action == "progress":
        engine.record_progress(assignment, note=data["note"], actor=user, expected_version=version)
    elif action == "contribute":
        engine.record_contribution(assignment, text=data["text"], actor=user, expected_version=version)
    elif action == "extend":
        rule = policy.settings_for(assignment.matter.owner_congress_id).extended_rule
        engine.request_extension(assignment, reason=data["reason"], rule=rule, actor=user, expected_version=version)
    elif action == "reply":
        services.reply(assignment, actor=user, text=data["text"], reply_class=data["reply_class"], letter=data.get("letter"),
                       signed_by=data["signed_by"], publish_consent=data["publish_consent"], expected_version=version)


def _service_error(form, error):
    """A service's refusal on the field it names, else at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, [" ".join(e.messages) for e in errors])
        return
    form.add_error(None, error.messages)


@login_required
def unit_detail(request, pk):
    actor, assignment = _load(request, pk)
    if request.method != "POST":
        return render(request, "suggestions/unit/detail.html", _page_context(request, actor, assignment))
    action = request.POST.get("action", "")
    form_class = ACTIONS.get(action)
    if form_class is None:
        messages.error(request, _("Choose one of the actions on this page."))
        return render(request, "suggestions/unit/detail.html", _page_context(request, actor, assignment), status=400)
    signers = Signer.objects.filter(suggestion_id=assignment.matter_id, state=Signer.State.CONFIRMED).select_related("representative")
    form = _make_form(form_class, action, signers=signers, use_d=policy.settings_for(assignment.matter.owner_congress_id).use_class_d,
                      data=request.POST, files=request.FILES)
    status = 400
    if form.is_valid():
        try:
            _run(action, assignment, form, request.user, generic._version(request))
        except (engine.StaleMatter, engine.TransitionNotAllowed) as error:
            form.add_error(None, str(error.message))
            status = 409
        except ValidationError as error:
            _service_error(form, error)
        except PermissionDenied:
            form.add_error(None, _("Your unit may not take this action on this suggestion."))
            status = 403
        else:
            messages.success(request, SUCCESS[action])
            return redirect("suggestions:unit_detail", pk=assignment.pk)
    if action == "reply" and request.FILES:
        form.add_error(None, _("Files cannot be kept after an error: choose the signed letter again."))
    actor, assignment = _load(request, pk)
    context = _page_context(request, actor, assignment, bound=form)
    if not context["offered"].get(action):
        # The form is no longer on the page (the window closed, the step was taken): say why at the top.
        for message in form.non_field_errors():
            messages.error(request, message)
    return render(request, "suggestions/unit/detail.html", context, status=status)


@login_required
def unit_letter(request, pk):
    """The reply letter as a Word draft, with what was typed in the reply form (sent as GET)."""
    _actor, assignment = _load(request, pk)
    if assignment.role != Assignment.Role.LEAD:
        raise PermissionDenied
    values = {
        "text": request.GET.get("reply-text", "")[:5000],
        "reply_class": request.GET.get("reply-reply_class", ""),
        "signed_by": request.GET.get("reply-signed_by", "")[:50],
    }
    content = letters.reply_letter_docx(assignment, **values)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = content_disposition_header(True, letters.letter_filename(assignment))
    response["Cache-Control"] = "no-store"
    return response


def register_navigation():
    """Menu entries and workbench items of these pages."""
    from minyi.core import navigation

    generic.register_kind_page(policy.KIND, "suggestions:unit_detail")
    navigation.register("desk", gettext_lazy("Suggestions to handle"), "suggestions:unit_list", roles=set(UNIT_ROLES),
                        icon="bulb", order=12)
    navigation.register("desk", gettext_lazy("Unit scoring"), "suggestions:scoring", icon="chart-bar", order=205,
                        roles={Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN}, section=gettext_lazy("Suggestions"))
