"""The staff pages for representatives: the roll with its filters, a representative's page,
the record and mandate forms, the audited phone reveal and the QR posters."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minyi.accounts import access
from minyi.accounts import services as accounts
from minyi.accounts.manage_exports import export_query, exporter, maybe_export
from minyi.accounts.manage_forms import add_service_errors
from minyi.accounts.models import Role, RoleGrant
from minyi.audit.services import record_export
from minyi.core import documents
from minyi.organisations.models import StationAssignment

from . import listing, posters, services
from .forms import EndMandateForm, MandateForm, RepresentativeFilterForm, RepresentativeForm, manageable_congresses
from .models import GridResponsibility, Mandate, Representative

STAFF_ROLES = (Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN)
PAGE_SIZE = 50
# One batch PDF at a time stays small enough to draw within a request.
POSTER_BATCH_LIMIT = 200


def staff_page(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        access.require_role(request.user, *STAFF_ROLES, request=request)
        return view(request, *args, **kwargs)

    return wrapper


def _may_register(user):
    return access.actor_for(user).is_system_admin or manageable_congresses(user).exists()


def _filtered(request):
    form = RepresentativeFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else {"status": "current"}
    people = listing.search(access.visible(request.user, Representative.objects.all()), filters)
    return form, filters, people


def _list_query(request, *drop):
    query = request.GET.copy()
    for name in ("page", *drop):
        query.pop(name, None)
    return query.urlencode()


@staff_page
def representative_list(request):
    form, _filters, people = _filtered(request)
    response = maybe_export(request, "representatives", people)
    if response is not None:
        return response
    page = Paginator(listing.with_mandates(people), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "representatives/desk/list.html",
        {
            "page_title": _("Representatives"),
            "form": form,
            "page": page,
            "query": _list_query(request),
            "poster_query": _list_query(request, "export"),
            "can_create": _may_register(request.user),
            "export_available": exporter("representatives") is not None,
            "export_query": export_query(request),
        },
    )


def _detail_context(request, person, **extra):
    user = request.user
    today = timezone.localdate()
    mandates = list(person.mandates.select_related("congress", "term", "group", "professional_group").order_by("-start"))
    for mandate in mandates:
        mandate.can_end = (mandate.end is None or mandate.end >= today) and access.can(user, "manage", mandate)
    groups = {}
    for mandate in mandates:
        if mandate.is_current:
            for group in (mandate.group, mandate.professional_group):
                if group is not None:
                    groups[group.pk] = group
    assignments = (
        access.visible(user, StationAssignment.objects.select_related("station__region"))
        .filter(representative=person)
        .order_by("-start")
    )
    grids = access.visible(user, GridResponsibility.objects.select_related("grid__region")).filter(representative=person).order_by("-start")
    grants = list(RoleGrant.objects.filter(representative=person, role=Role.REPRESENTATIVE).select_related("user"))
    for grant in grants:
        grant.visible = access.visible(user, type(grant.user).objects.filter(pk=grant.user_id)).exists()
    can_view_phone = bool(person.phone_ciphertext) and access.can(user, "view_phone", person)
    return {
        "person": person,
        "page_title": person.name,
        "mandates": mandates,
        "groups": list(groups.values()),
        "assignments": assignments,
        "grids": grids,
        "accounts": grants,
        "can_manage": access.can(user, "manage", person),
        "can_add_mandate": _may_register(user),
        "can_view_phone": can_view_phone,
        "can_open_account": not grants and accounts.may_grant(user, Role.REPRESENTATIVE, representative=person),
        "public_url": reverse("representatives:public_profile", args=[person.public_code]),
        "today": today,
        **extra,
    }


@staff_page
def representative_detail(request, pk):
    person = access.get_object(request.user, Representative.objects.all(), pk=pk)
    return render(request, "representatives/desk/detail.html", _detail_context(request, person))


@staff_page
@require_POST
def reveal_phone(request, pk):
    """The whole number, for those who may call the representative; every reveal is audited."""
    person = access.get_object(request.user, Representative.objects.all(), pk=pk)
    phone = services.reveal_phone(person, actor=request.user)
    if getattr(request, "htmx", False):
        response = render(request, "representatives/desk/phone.html", {"person": person, "phone": phone})
    else:
        response = render(request, "representatives/desk/detail.html", _detail_context(request, person, phone=phone))
    response["Cache-Control"] = "no-store"
    return response


@staff_page
def representative_create(request):
    if not _may_register(request.user):
        access.require_role(request.user, Role.SYSTEM_ADMIN, request=request)
    is_admin = access.actor_for(request.user).is_system_admin
    form = RepresentativeForm(request.POST or None, request.FILES or None)
    mandate_form = MandateForm(request.POST or None, user=request.user, prefix="mandate", instance=Mandate())
    if request.method == "POST":
        # A system administrator may register a person without a mandate in this deployment.
        with_mandate = not is_admin or mandate_form.has_changed()
        if form.is_valid() and (mandate_form.is_valid() if with_mandate else True):
            try:
                person = services.create_representative(
                    form.changes(), actor=request.user, first_mandate=mandate_form.values() if with_mandate else None
                )
            except ValidationError as error:
                add_service_errors(error, form, mandate_form)
            else:
                messages.success(request, _("%(name)s has been registered.") % {"name": person.name})
                return redirect("representatives:detail", pk=person.pk)
    return render(
        request,
        "representatives/desk/form.html",
        {"form": form, "mandate_form": mandate_form, "page_title": _("New representative"), "mandate_optional": is_admin},
    )


@staff_page
def representative_edit(request, pk):
    person = access.get_object(request.user, Representative.objects.all(), action="manage", request=request, pk=pk)
    form = RepresentativeForm(request.POST or None, request.FILES or None, instance=Representative.objects.get(pk=person.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_representative(person, form.changes(), actor=request.user)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The record has been saved."))
            return redirect("representatives:detail", pk=person.pk)
    return render(
        request,
        "representatives/desk/form.html",
        {"form": form, "person": person, "page_title": _("Edit %(name)s") % {"name": person.name}},
    )


@staff_page
def mandate_add(request, pk):
    person = access.get_object(request.user, Representative.objects.all(), pk=pk)
    if not _may_register(request.user):
        access.require_role(request.user, Role.SYSTEM_ADMIN, request=request)
    form = MandateForm(request.POST or None, user=request.user, instance=Mandate(representative=person))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_mandate(person, form.values(), actor=request.user)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The mandate has been added."))
            return redirect("representatives:detail", pk=person.pk)
    return render(
        request,
        "representatives/desk/mandate_form.html",
        {"form": form, "person": person, "page_title": _("New mandate of %(name)s") % {"name": person.name}},
    )


@staff_page
def mandate_end(request, pk):
    mandate = access.get_object(
        request.user, Mandate.objects.select_related("representative", "congress", "term"), action="manage", request=request, pk=pk
    )
    person = mandate.representative
    form = EndMandateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.end_mandate(mandate, on=data["end"], reason=data["end_reason"], note=data["end_note"], actor=request.user)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The mandate has been ended."))
            return redirect("representatives:detail", pk=person.pk)
    return render(
        request,
        "representatives/desk/mandate_end.html",
        {"form": form, "mandate": mandate, "person": person, "page_title": _("End a mandate of %(name)s") % {"name": person.name}},
    )


# ---- Posters ------------------------------------------------------------------------------------


@login_required
def poster(request, pk):
    """One representative's A4 代表码 poster. Staff print those they see; a representative
    prints their own."""
    person = access.get_object(request.user, Representative.objects.all(), pk=pk)
    pdf = posters.render([person], request=request)
    record_export("representatives.poster", rows=1, filters={"representative": person.public_code}, user=request.user)
    return documents.pdf_response(pdf, _("Representative code %(name)s.pdf") % {"name": person.name})


@staff_page
def poster_batch(request):
    """Posters of every representative in the list's current filter, one page each."""
    form, filters, people = _filtered(request)
    count = people.count()
    if count == 0 or count > POSTER_BATCH_LIMIT:
        if count:
            messages.error(
                request,
                _("%(count)d representatives match; narrow the filter to at most %(limit)d to print their posters in one file.")
                % {"count": count, "limit": POSTER_BATCH_LIMIT},
            )
        else:
            messages.error(request, _("No representative matches the filter."))
        return redirect(f"{reverse('representatives:list')}?{_list_query(request)}")
    pdf = posters.render(list(people), request=request)
    record_export("representatives.poster", rows=count, filters=_printable(filters), user=request.user)
    return documents.pdf_response(pdf, _("Representative codes.pdf"))


def _printable(filters):
    return {name: str(getattr(value, "pk", value)) for name, value in filters.items() if value not in (None, "")}

