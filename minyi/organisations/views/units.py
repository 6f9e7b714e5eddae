"""Handling units (承办单位): list, create, edit, rename, merge, deactivate, delete."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minyi.accounts import access
from minyi.accounts.access import UNIT_ROLES
from minyi.accounts.models import RoleGrant
from minyi.regions.models import within

from .. import services
from ..forms import UnitFilterForm, UnitForm, UnitMergeForm, UnitRenameForm, apply_active
from ..models import Unit, UnitNameChange
from .common import STAFF, attach_errors, exporter, filter_query, paginate


def _units(request):
    form = UnitFilterForm(request.GET, user=request.user)
    filters = form.filters()
    units = access.visible(request.user, Unit.objects.select_related("region", "parent", "merged_into"))
    units = apply_active(units, filters)
    if filters.get("q"):
        q = filters["q"]
        old_names = UnitNameChange.objects.filter(old_name__icontains=q).values("unit_id")
        units = units.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(pk__in=old_names))
    if filters.get("region"):
        units = units.filter(within("region__code", filters["region"].prefix))
    if filters.get("branch"):
        units = units.filter(branch=filters["branch"])
    return form, units.order_by("region_id", "name")


@login_required
def unit_list(request):
    access.require_role(request.user, *STAFF, request=request)
    form, units = _units(request)
    page, query = paginate(request, units)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "filter_query": filter_query(request),
        "export_available": exporter("units") is not None,
    }
    return render(request, "organisations/unit_list.html", context)


@login_required
def unit_export(request):
    access.require_role(request.user, *STAFF, request=request)
    export_response = exporter("units")
    if export_response is None:
        raise Http404
    form, units = _units(request)
    return export_response("units", units, request, filters=form.filters())


@login_required
def unit_create(request):
    access.require_role(request.user, *STAFF, request=request)
    form = UnitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(form.instance, actor=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(unit)s was added.") % {"unit": unit})
            return redirect("organisations:unit_detail", pk=unit.pk)
    return render(request, "organisations/unit_form.html", {"form": form, "unit": None})


def _unit(request, pk, action="view"):
    access.require_role(request.user, *STAFF, request=request)
    queryset = Unit.objects.select_related("region", "parent", "merged_into")
    return access.get_object(request.user, queryset, pk=pk, action=action, request=request)


@login_required
def unit_detail(request, pk):
    unit = _unit(request, pk)
    staff = (
        access.visible(request.user, get_user_model().objects.filter(role_grants__unit=unit, role_grants__role__in=UNIT_ROLES))
        .distinct()
        .order_by("full_name")
    )
    grants = RoleGrant.objects.filter(unit=unit, user__in=staff).order_by("role")
    roles = {}
    for grant in grants:
        roles.setdefault(grant.user_id, []).append(grant.get_role_display())
    context = {
        "unit": unit,
        "name_changes": access.visible(request.user, unit.name_changes.select_related("changed_by")),
        "sub_units": access.visible(request.user, unit.children.select_related("region")).order_by("name"),
        "merged_from": access.visible(request.user, unit.merged_from.all()).order_by("name"),
        "staff": [(person, roles.get(person.pk, [])) for person in staff],
        "may_manage": access.can(request.user, "manage", unit),
    }
    return render(request, "organisations/unit_detail.html", context)


@login_required
def unit_edit(request, pk):
    unit = _unit(request, pk, "manage")
    form = UnitForm(request.POST or None, instance=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(form.instance, actor=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(unit)s was saved.") % {"unit": unit})
            return redirect("organisations:unit_detail", pk=unit.pk)
    return render(request, "organisations/unit_form.html", {"form": form, "unit": Unit.objects.get(pk=unit.pk)})


@login_required
def unit_rename(request, pk):
    unit = _unit(request, pk, "manage")
    form = UnitRenameForm(request.POST or None, initial={"name": unit.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.rename_unit(unit, form.cleaned_data["name"], on=form.cleaned_data["on"], actor=request.user)
        except ValidationError as error:
            unit.refresh_from_db()
            attach_errors(form, error)
        else:
            messages.success(request, _("The unit is now called %(name)s; its old name is kept in its history.") % {"name": unit.name})
            return redirect("organisations:unit_detail", pk=unit.pk)
    return render(request, "organisations/unit_rename.html", {"form": form, "unit": unit})


@login_required
def unit_merge(request, pk):
    """Choose the unit to merge into, confirm on a second page, then merge."""
    unit = _unit(request, pk, "manage")
    form = UnitMergeForm(request.POST or None, user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        if request.POST.get("confirm") == "1":
            try:
                services.merge_units(unit, target, on=form.cleaned_data["on"], actor=request.user)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("%(source)s was merged into %(target)s.") % {"source": unit, "target": target})
                return redirect("organisations:unit_detail", pk=target.pk)
        else:
            context = {
                "unit": unit,
                "target": target,
                "form": form,
                "on": form.cleaned_data["on"],
                "sub_unit_count": unit.children.exclude(pk=target.pk).count(),
                "staff_count": RoleGrant.objects.filter(unit=unit, role__in=UNIT_ROLES).aggregate(n=Count("user", distinct=True))["n"],
            }
            return render(request, "organisations/unit_merge_confirm.html", context)
    return render(request, "organisations/unit_merge.html", {"form": form, "unit": unit})


@login_required
@require_POST
def unit_deactivate(request, pk):
    unit = _unit(request, pk, "manage")
    try:
        services.deactivate_unit(unit, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(unit)s was deactivated.") % {"unit": unit})
    return redirect("organisations:unit_detail", pk=unit.pk)


@login_required
@require_POST
def unit_delete(request, pk):
    unit = _unit(request, pk, "manage")
    name = str(unit)
    try:
        services.delete_unit(unit, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("organisations:unit_detail", pk=pk)
    messages.success(request, _("%(unit)s was deleted.") % {"unit": name})
    return redirect("organisations:unit_list")
