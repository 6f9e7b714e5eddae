"""The handling unit's desk: its assignments (any kind of matter) with deadline colours, one
assignment's page with the unit's actions, the Excel export of the list, and the unit's lines
in the workbench inbox.

A unit sees its own assignments only (access scope on Assignment); another unit's assignment is
a 404. Every action goes through the engine's services with the matter version the page showed,
so a page left open while the matter moved on gets the stale-matter message, with what was
typed kept in the form."""

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.audit.services import record_export
from minyi.workdays.calendar import Calendar, local_date

from .. import attachments as matter_attachments
from .. import documents, search
from .. import services as engine
from ..deadlines import APPROACHING, OVERDUE, deadline_status
from ..labels import event_label
from ..models import Assignment, Attachment, DeadlineExtension, DeadlineState, ReassignmentRequest, Reply, TimelineEvent
from ..policies import available_actions, registry

UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_ADMIN)
PAGE_SIZE = 30
EXPORT_LIMIT = 10000
TEXT_LIMIT = 5000

TABS = [
    ("to_sign", gettext_lazy("To sign"), Q(state=Assignment.State.ASSIGNED)),
    ("handling", gettext_lazy("Being handled"), Q(state=Assignment.State.SIGNED)),
    (
        "replied",
        gettext_lazy("Replied"),
        Q(state__in=[Assignment.State.REPLIED, Assignment.State.CONTRIBUTED, Assignment.State.DONE]),
    ),
    ("all", gettext_lazy("All"), Q()),
]
TAB_QUERIES = {key: query for key, _label, query in TABS}


# --- Whose assignments --------------------------------------------------------------------------


def _unit_actor(request):
    return access.require_role(request.user, *UNIT_ROLES, request=request)


def my_assignments(actor):
    """The actor's unit's assignments. The scope already limits a unit to its own; a person who is
    also a representative sees their matters elsewhere, not here."""
    queryset = access.visible(actor.user, Assignment.objects.all())
    if not actor.is_system_admin:
        queryset = queryset.filter(unit_id__in=actor.unit_ids)
    return queryset


def _with_details(queryset):
    # The kinds' own records (an opinion's citizen) come in the same query as the matter.
    related = ["matter", "matter__owner_congress", "unit"] + [f"matter__{name}" for name in documents.kind_relations()]
    return queryset.select_related(*related)


# --- Deadlines ---------------------------------------------------------------------------------


class _Calendars(dict):
    def __missing__(self, congress_id):
        calendar = self[congress_id] = Calendar(congress_id)
        return calendar


def describe_deadline(assignment, calendars, now):
    """Set `colour`, `due`, `due_kind`, `days_left`, `days_over` on an assignment for display."""
    due, _start = assignment.running_due()
    assignment.due, assignment.days_left, assignment.days_over = due, None, None
    assignment.due_kind = "sign" if assignment.state == Assignment.State.ASSIGNED else "handle"
    if due is None:
        assignment.colour = None
        return assignment
    calendar = calendars[assignment.matter.owner_congress_id]
    assignment.colour = deadline_status(assignment, now, calendar=calendar)
    today = local_date(now)
    if today > due:
        assignment.days_over = calendar.workdays_between(due, today)
    else:
        assignment.days_left = calendar.workdays_between(today, due)
    return assignment


def colours_of(queryset, now=None):
    """{assignment id: colour} of the open assignments in `queryset`, computed now (the stored colour
    waits for the next sweep)."""
    now = now or timezone.now()
    calendars = _Calendars()
    rows = (
        queryset.filter(state__in=Assignment.OPEN_STATES)
        .select_related("matter")
        .only("id", "state", "sign_due", "handle_due", "assigned_at", "matter__kind", "matter__owner_congress_id")
    )
    return {row.pk: deadline_status(row, now, calendar=calendars[row.matter.owner_congress_id]) for row in rows.iterator()}


def with_colour(queryset, colour, now=None):
    wanted = [pk for pk, found in colours_of(queryset, now).items() if found == colour]
    return queryset.filter(pk__in=wanted)


# --- The list ----------------------------------------------------------------------------------


def _kind_choices():
    return [("", _("All kinds"))] + [(policy.key, policy.label) for policy in registry]


class InboxFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": gettext_lazy("Words in the title or text")}),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind of matter"), required=False)
    state = forms.ChoiceField(label=gettext_lazy("Assignment state"), required=False)
    deadline = forms.ChoiceField(label=gettext_lazy("Deadline"), required=False)
    tab = forms.ChoiceField(required=False, widget=forms.HiddenInput, choices=[(key, label) for key, label, _q in TABS])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _kind_choices()
        self.fields["state"].choices = [("", _("All states"))] + Assignment.State.choices
        self.fields["deadline"].choices = [("", _("Any deadline"))] + DeadlineState.choices


def filtered_assignments(actor, data):
    """(form, tab, queryset) of the list for the GET parameters `data`."""
    form = InboxFilterForm(data)
    filters = form.cleaned_data if form.is_valid() else {}
    tab = filters.get("tab") or "to_sign"
    queryset = my_assignments(actor)
    if filters.get("kind"):
        queryset = queryset.filter(matter__kind=filters["kind"])
    if filters.get("state"):
        queryset = queryset.filter(state=filters["state"])
    if filters.get("q"):
        from ..models import Matter

        queryset = queryset.filter(matter__in=search.matching(Matter.objects.all(), filters["q"]))
    before_tab = queryset
    queryset = queryset.filter(TAB_QUERIES[tab])
    if filters.get("deadline"):
        queryset = with_colour(queryset, filters["deadline"])
    return form, tab, queryset, before_tab


def _tab_counts(queryset):
    counts = queryset.aggregate(**{key: Count("pk", filter=query) for key, query in TAB_QUERIES.items()})
    return [{"key": key, "label": label, "count": counts[key]} for key, label, _q in TABS]


def _list_query(request, *drop):
    query = request.GET.copy()
    for name in ("page", "export", *drop):
        query.pop(name, None)
    return query.urlencode()


def _ordered(queryset, tab):
    # Unsigned and running ones by their next deadline first; finished ones newest first.
    if tab in ("to_sign", "handling"):
        return queryset.order_by("sign_due" if tab == "to_sign" else "handle_due", "pk")
    return queryset.order_by("-assigned_at", "-pk")


@login_required
def unit_inbox(request):
    actor = _unit_actor(request)
    form, tab, queryset, before_tab = filtered_assignments(actor, request.GET or None)
    queryset = _ordered(_with_details(queryset), tab)
    if request.GET.get("export") == "xlsx":
        return export_assignments(request, actor, queryset)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    now, calendars = timezone.now(), _Calendars()
    for assignment in page:
        describe_deadline(assignment, calendars, now)
        assignment.contact = documents.contact_for(assignment.matter, actor)
        assignment.status_label = documents.status_label(assignment.matter)
        assignment.kind_label = documents.kind_label(assignment.matter.kind)
    tabs = _tab_counts(before_tab)
    tab_query = _list_query(request, "tab")
    for item in tabs:
        item["url"] = "?" + "&".join(part for part in (tab_query, f"tab={item['key']}") if part)
    return render(
        request,
        "matters/unit/inbox.html",
        {
            "page_title": _("Assignments"),
            "form": form,
            "tab": tab,
            "tabs": tabs,
            "page": page,
            "query": _list_query(request),
            "export_query": "&".join(part for part in (_list_query(request), "export=xlsx") if part),
            "units": _unit_names(actor),
        },
    )


def _unit_names(actor):
    from minyi.organisations.models import Unit

    return " · ".join(Unit.objects.filter(pk__in=actor.unit_ids).order_by("name").values_list("name", flat=True))


def export_assignments(request, actor, queryset):
    """The filtered list as .xlsx. The citizen's name and phone only as the kind shows them to the
    unit: masked, and absent when the citizen asked to stay anonymous. Audited with its filters."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    headers = [
        _("Tracking code"), _("Title"), _("Kind of matter"), _("Handling unit"), _("Role"), _("Assignment state"), _("Matter status"),
        _("Category"), _("Place"), _("Assigned on"), _("Sign by"), _("Reply by"), _("Deadline"), _("Working days left"),
        _("Raised by"), _("Phone"),
    ]
    widths = [14, 40, 12, 26, 12, 14, 18, 12, 30, 12, 12, 12, 10, 10, 12, 16]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Assignments"))[:31]
    sheet.append([str(header) for header in headers])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.freeze_panes = "A2"
    now, calendars, rows = timezone.now(), _Calendars(), 0
    colour_labels = dict(DeadlineState.choices)
    for assignment in queryset[:EXPORT_LIMIT]:
        describe_deadline(assignment, calendars, now)
        matter = assignment.matter
        name, phone = documents.contact_for(matter, actor)
        if assignment.days_over is not None:
            left = -assignment.days_over
        else:
            left = assignment.days_left if assignment.days_left is not None else ""
        sheet.append([
            matter.tracking_code, matter.title, documents.kind_label(matter.kind), assignment.unit.name,
            str(assignment.get_role_display()), str(assignment.get_state_display()), documents.status_label(matter),
            documents.category_label(matter), documents.region_label(matter.region_code),
            timezone.localtime(assignment.assigned_at).date(), assignment.sign_due, assignment.handle_due,
            str(colour_labels.get(assignment.colour, "")) if assignment.colour else "", left, name, phone,
        ])
        rows += 1
    for column in (10, 11, 12):
        for cell in sheet.iter_cols(min_col=column, max_col=column, min_row=2):
            for item in cell:
                item.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    filters = {key: values if len(values) > 1 else values[0] for key, values in request.GET.lists() if key not in ("export", "page")}
    record_export("matters.assignment", rows=rows, filters=filters, user=request.user)
    name = f"{_('Assignments')}-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "no-store"
    return response


# --- Workbench inbox and menu badge ------------------------------------------------------------


def inbox_items(actor):
    """The unit's lines in the "waiting for you" card: to sign, overdue, approaching."""
    if not actor.unit_ids:
        return []
    assignments = my_assignments(actor)
    base = reverse("matters:unit_inbox")
    colours = colours_of(assignments)
    overdue = sum(1 for colour in colours.values() if colour == OVERDUE)
    approaching = sum(1 for colour in colours.values() if colour == APPROACHING)
    to_sign = assignments.filter(state=Assignment.State.ASSIGNED).count()
    items = []
    if to_sign:
        items.append({"label": _("Assignments to sign"), "count": to_sign, "url": f"{base}?tab=to_sign"})
    if overdue:
        items.append({"label": _("Assignments overdue"), "count": overdue, "url": f"{base}?tab=all&deadline=overdue"})
    if approaching:
        items.append({"label": _("Deadlines approaching"), "count": approaching, "url": f"{base}?tab=all&deadline=approaching"})
    return items


def menu_badge(actor):
    if not actor.unit_ids:
        return None
    return my_assignments(actor).filter(state=Assignment.State.ASSIGNED).count() or None


# --- One assignment ----------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _text(label, *, min_length=2, rows=4, help_text=""):
    return forms.CharField(
        label=label, min_length=min_length, max_length=TEXT_LIMIT, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": gettext_lazy("Please write something here.")},
    )


class SignForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note (optional)"), required=False, max_length=500)


class ReassignmentForm(forms.Form):
    reason = _text(gettext_lazy("Why this is not your unit's business"), min_length=10)
    suggested_unit = forms.CharField(label=gettext_lazy("Unit that should handle it (optional)"), required=False, max_length=100)


class ProgressForm(forms.Form):
    note = _text(gettext_lazy("What has been done"), rows=3)


class ContributionForm(forms.Form):
    text = _text(gettext_lazy("Your unit's opinion for the lead unit"), min_length=10, rows=6)


class ReplyForm(forms.Form):
    text = _text(gettext_lazy("Reply to the person who raised it"), min_length=10, rows=8,
                 help_text=gettext_lazy("The person who raised the matter reads this reply and rates it."))
    photos = MultipleFileField(label=gettext_lazy("Photos (optional, at most 9)"),
                               widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    documents = MultipleFileField(label=gettext_lazy("Documents (optional: PDF, Word, Excel)"))

    def clean_photos(self):
        return matter_attachments.clean_photos(self.cleaned_data.get("photos") or [])

    def clean_documents(self):
        uploads = self.cleaned_data.get("documents") or []
        errors = []
        for upload in uploads:
            try:
                matter_attachments.clean_document(upload)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return uploads


class ExtensionForm(forms.Form):
    rule = forms.ChoiceField(label=gettext_lazy("New handling period"))
    reason = _text(gettext_lazy("Why more time is needed"), min_length=10, rows=3)

    def __init__(self, *args, assignment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = extension_choices(assignment) if assignment is not None else []


EXTENSION_RULES = ("workdays:20", "workdays:30", "workdays:45", "workdays:60", "months:3")


def extension_choices(assignment):
    """Periods longer than the one running, each with the date it would end on."""
    calendar = Calendar(assignment.matter.owner_congress_id)
    current = assignment.handle_due
    choices = []
    for rule in EXTENSION_RULES:
        due = calendar.deadline(assignment.assigned_at, rule).date
        if current is None or due > current:
            text = _("%(period)s from assignment, until %(date)s") % {"period": documents.rule_text(rule), "date": documents.long_date(due)}
            choices.append((rule, text))
    return choices


ACTIONS = {
    "sign": SignForm,
    "reassign": ReassignmentForm,
    "progress": ProgressForm,
    "contribute": ContributionForm,
    "reply": ReplyForm,
    "extend": ExtensionForm,
}

SUCCESS = {
    "sign": gettext_lazy("Signed for. The handling deadline now runs."),
    "reassign": gettext_lazy("Your re-assignment request was sent to the congress staff."),
    "progress": gettext_lazy("Progress recorded."),
    "contribute": gettext_lazy("Your opinion was sent to the lead unit."),
    "reply": gettext_lazy("The reply was sent to the person who raised the matter."),
    "extend": gettext_lazy("Your extension request was sent to the congress staff."),
}


def _load(request, pk):
    actor = _unit_actor(request)
    queryset = _with_details(my_assignments(actor))
    return actor, access.get_object(request.user, queryset, pk=pk)


def _offered(actor, assignment):
    """The actions the page offers now."""
    matter = assignment.matter
    current = assignment.is_open and assignment.round == matter.round
    pending_reassignment = assignment.reassignment_requests.filter(state=ReassignmentRequest.State.REQUESTED).exists()
    pending_extension = assignment.extensions.filter(state=DeadlineExtension.State.REQUESTED).exists()
    lead = assignment.role == Assignment.Role.LEAD
    return {
        "sign": current and assignment.state == Assignment.State.ASSIGNED,
        "reassign": current and engine.reassignment_window_open(assignment) and not pending_reassignment,
        "progress": current,
        "contribute": current and not lead,
        "reply": current and lead and "reply" in available_actions(actor, matter),
        "extend": current and not pending_extension and bool(extension_choices(assignment)),
    }


# Internal events about no assignment that are nevertheless addressed to the handling units.
INTERNAL_FOR_UNITS = {"supervise"}


def _visible_timeline(actor, assignment):
    """The timeline the unit may read. Internal steps of other units' assignments (their requests,
    their contributions) stay out, except contributions sent to the lead unit; so do the congress's
    internal notes, except supervision, which is addressed to the units."""
    matter = assignment.matter
    mine = set(my_assignments(actor).filter(matter=matter).values_list("pk", flat=True))
    leads = my_assignments(actor).filter(matter=matter, role=Assignment.Role.LEAD).exists()
    events = access.visible(actor.user, TimelineEvent.objects.filter(matter=matter)).order_by("at", "id")
    shown = []
    for event in events:
        about = (event.data or {}).get("assignment")
        if event.visibility == TimelineEvent.Visibility.INTERNAL:
            if about is None and event.action not in INTERNAL_FOR_UNITS:
                continue  # the congress's own notes: a representative's forwarding note, merges
            if about is not None and about not in mine and not (leads and event.action == "contribute"):
                continue
        event.label = event_label(event)
        event.attachment_list = []
        shown.append(event)
    # The photos raised with the matter are shown with its text; the timeline shows the later ones (a reply's).
    by_event = {event.pk: event for event in shown if event.action != "open"}
    for attachment in access.visible(actor.user, Attachment.objects.filter(matter=matter, event_id__in=list(by_event))):
        by_event[attachment.event_id].attachment_list.append(attachment)
    return shown


def _page_context(request, actor, assignment, bound=None):
    matter = assignment.matter
    now = timezone.now()
    describe_deadline(assignment, _Calendars(), now)
    offered = _offered(actor, assignment)
    forms_by_action = {}
    for action, form_class in ACTIONS.items():
        if bound is not None and bound.prefix == action:
            forms_by_action[action] = bound
            continue
        kwargs = {"prefix": action}
        if form_class is ExtensionForm:
            kwargs["assignment"] = assignment
        forms_by_action[action] = form_class(**kwargs)
    attachments = access.visible(actor.user, Attachment.objects.filter(matter=matter))
    opening = matter.timeline.filter(action="open").values_list("pk", flat=True).first()
    name, phone = documents.contact_for(matter, actor)
    replies = access.visible(actor.user, Reply.objects.filter(matter=matter).select_related("assignment__unit")).order_by("round", "at", "id")
    return {
        "page_title": matter.title,
        "assignment": assignment,
        "matter": matter,
        "status_label": documents.status_label(matter),
        "kind_label": documents.kind_label(matter.kind),
        "category_label": documents.category_label(matter),
        "region_label": documents.region_label(matter.region_code),
        "contact_name": name,
        "contact_phone": phone,
        "photos": [a for a in attachments if a.kind == Attachment.Kind.IMAGE and a.event_id in (opening, None)],
        "documents": [a for a in attachments if a.kind == Attachment.Kind.DOCUMENT and a.event_id in (opening, None)],
        "timeline": _visible_timeline(actor, assignment),
        "replies": replies,
        "extensions": access.visible(actor.user, DeadlineExtension.objects.filter(assignment=assignment)),
        "reassignments": access.visible(actor.user, ReassignmentRequest.objects.filter(assignment=assignment)),
        "offered": offered,
        "forms": forms_by_action,
        "sign_rule_text": documents.rule_text(assignment.sign_rule),
        "handle_rule_text": documents.rule_text(assignment.handle_rule),
        "window_end": assignment.sign_due,
        "may_print": access.can(actor.user, "print_sheet", assignment),
    }


def _version(request):
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1  # a missing or altered version can only be stale


def _run(action, assignment, form, actor_user, version):
    data = form.cleaned_data
    if action == "sign":
        engine.sign(assignment, actor=actor_user, note=data.get("note", ""), expected_version=version)
    elif action == "reassign":
        engine.request_reassignment(assignment, reason=data["reason"], suggested_unit=data.get("suggested_unit", ""),
                                    actor=actor_user, expected_version=version)
    elif action == "progress":
        engine.record_progress(assignment, note=data["note"], actor=actor_user, expected_version=version)
    elif action == "contribute":
        engine.record_contribution(assignment, text=data["text"], actor=actor_user, expected_version=version)
    elif action == "reply":
        engine.reply(assignment, text=data["text"], actor=actor_user, expected_version=version,
                     photos=data.get("photos") or [], documents=data.get("documents") or [])
    elif action == "extend":
        engine.request_extension(assignment, reason=data["reason"], rule=data["rule"], actor=actor_user, expected_version=version)


def _service_error(request, form, error):
    """Put a service's refusal where the person sees it: on the field it names, else at the top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            if name in form.fields:
                form.add_error(name, errors)
            else:
                for message in errors:
                    messages.error(request, " ".join(message.messages))
        return
    for message in error.messages:
        messages.error(request, message)


# Kinds with their own unit page (kind → url name taking the assignment's pk): the generic page sends there.
KIND_PAGES = {}


def register_kind_page(kind, url_name):
    KIND_PAGES[kind] = url_name


@login_required
def unit_assignment(request, pk):
    actor, assignment = _load(request, pk)
    if assignment.matter.kind in KIND_PAGES:
        return redirect(KIND_PAGES[assignment.matter.kind], pk=assignment.pk)
    if request.method != "POST":
        return render(request, "matters/unit/assignment.html", _page_context(request, actor, assignment))
    action = request.POST.get("action", "")
    form_class = ACTIONS.get(action)
    if form_class is None:
        messages.error(request, _("Choose one of the actions on this page."))
        return render(request, "matters/unit/assignment.html", _page_context(request, actor, assignment), status=400)
    kwargs = {"prefix": action, "data": request.POST, "files": request.FILES}
    if form_class is ExtensionForm:
        kwargs["assignment"] = assignment
    form = form_class(**kwargs)
    status = 400
    if form.is_valid():
        try:
            _run(action, assignment, form, request.user, _version(request))
        except (engine.StaleMatter, engine.TransitionNotAllowed) as error:
            messages.error(request, str(error.message))
            status = 409
        except ValidationError as error:
            _service_error(request, form, error)
        except PermissionDenied:
            messages.error(request, _("Your unit may not take this action on this assignment."))
            status = 403
        else:
            messages.success(request, SUCCESS[action])
            return redirect("matters:unit_assignment", pk=assignment.pk)
    elif action == "reply" and request.FILES:
        messages.warning(request, _("Files cannot be kept after an error: choose the photos and documents again."))
    # Show the matter as it is now (a stale page is refreshed), with what was typed kept in the form.
    actor, assignment = _load(request, pk)
    return render(request, "matters/unit/assignment.html", _page_context(request, actor, assignment, bound=form), status=status)
