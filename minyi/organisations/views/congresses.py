"""Congresses (and sub-districts' residents' deliberation councils): list, detail with terms,
sessions and departments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from minyi.accounts import access

from .. import services
from ..forms import CongressFilterForm, DepartmentForm, SessionForm, TermForm, apply_active
from ..models import Congress, Department, Session, Term
from .common import STAFF, attach_errors, exporter, filter_query, paginate


def _congresses(request):
    form = CongressFilterForm(request.GET)
    filters = form.filters()
    congresses = access.visible(request.user, Congress.objects.select_related("region", "parent"))
    congresses = apply_active(congresses, filters)
    if filters.get("q"):
        congresses = congresses.filter(Q(name__icontains=filters["q"]) | Q(region__name__icontains=filters["q"]))
    if filters.get("kind"):
        congresses = congresses.filter(kind=filters["kind"])
    return form, congresses.order_by("region_id")


@login_required
def congress_list(request):
    access.require_role(request.user, *STAFF, request=request)
    form, congresses = _congresses(request)
    congresses = congresses.annotate(term_count=Count("terms", distinct=True), department_count=Count("departments", distinct=True))
    page, query = paginate(request, congresses)
    context = {"form": form, "page": page, "query": query, "export_available": exporter("congresses") is not None,
               "filter_query": filter_query(request)}
    return render(request, "organisations/congress_list.html", context)


@login_required
def congress_export(request):
    access.require_role(request.user, *STAFF, request=request)
    export_response = exporter("congresses")
    if export_response is None:
        raise Http404
    form, congresses = _congresses(request)
    return export_response("congresses", congresses, request, filters=form.filters())


@login_required
def congress_detail(request, pk):
    access.require_role(request.user, *STAFF, request=request)
    congress = access.get_object(request.user, Congress.objects.select_related("region", "parent"), pk=pk)
    terms = access.visible(request.user, congress.terms.prefetch_related("sessions")).order_by("-start")
    departments = access.visible(request.user, congress.departments.all()).order_by("name")
    context = {
        "congress": congress,
        "terms": terms,
        "current_term": congress.current_term,
        "departments": departments,
        "may_manage": access.can(request.user, "manage", congress),
        "department_form": DepartmentForm(),
        "children": access.visible(request.user, congress.children.select_related("region")).order_by("region_id"),
    }
    return render(request, "organisations/congress_detail.html", context)


def _form_page(request, template, form, **context):
    return render(request, template, {"form": form, **context})


@login_required
def term_create(request, pk):
    access.require_role(request.user, *STAFF, request=request)
    congress = access.get_object(request.user, Congress.objects.select_related("region"), pk=pk, action="manage", request=request)
    form = TermForm(request.POST or None, instance=Term(congress=congress))
    if request.method == "POST" and form.is_valid():
        try:
            term = services.create_term(form.instance, actor=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(term)s was added.") % {"term": term})
            return redirect("organisations:congress_detail", pk=congress.pk)
    return _form_page(request, "organisations/term_form.html", form, congress=congress, term=None)


@login_required
def term_edit(request, pk):
    access.require_role(request.user, *STAFF, request=request)
    term = access.get_object(request.user, Term.objects.select_related("congress__region"), pk=pk, action="manage", request=request)
    form = TermForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_term(form.instance, actor=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(term)s was saved.") % {"term": term})
            return redirect("organisations:congress_detail", pk=term.congress_id)
    return _form_page(request, "organisations/term_form.html", form, congress=term.congress, term=term)


@login_required
def session_create(request, pk):
    access.require_role(request.user, *STAFF, request=request)
    term = access.get_object(request.user, Term.objects.select_related("congress__region"), pk=pk, action="manage", request=request)
    form = SessionForm(request.POST or None, instance=Session(term=term))
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(form.instance, actor=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(session)s was added.") % {"session": session})
            return redirect("organisations:congress_detail", pk=term.congress_id)
    return _form_page(request, "organisations/session_form.html", form, congress=term.congress, term=term, session=None)


@login_required
def session_edit(request, pk):
    access.require_role(request.user, *STAFF, request=request)
    session = access.get_object(
        request.user, Session.objects.select_related("term__congress__region"), pk=pk, action="manage", request=request
    )
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session(form.instance, actor=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(session)s was saved.") % {"session": session})
            return redirect("organisations:congress_detail", pk=session.term.congress_id)
    context = {"congress": session.term.congress, "term": session.term, "session": session}
    return _form_page(request, "organisations/session_form.html", form, **context)


@login_required
def department_create(request, pk):
    access.require_role(request.user, *STAFF, request=request)
    congress = access.get_object(request.user, Congress.objects.select_related("region"), pk=pk, action="manage", request=request)
    form = DepartmentForm(request.POST or None, instance=Department(congress=congress))
    if request.method == "POST" and form.is_valid():
        try:
            department = services.add_department(form.instance, actor=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(department)s was added.") % {"department": department})
            return redirect("organisations:congress_detail", pk=congress.pk)
    return _form_page(request, "organisations/department_form.html", form, congress=congress, department=None)


@login_required
def department_rename(request, pk):
    access.require_role(request.user, *STAFF, request=request)
    department = access.get_object(request.user, Department.objects.select_related("congress__region"), pk=pk)
    access.check(request.user, "manage", department.congress, request=request)
    form = DepartmentForm(request.POST or None, instance=department)
    if request.method == "POST" and form.is_valid():
        try:
            services.rename_department(form.instance, actor=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(department)s was saved.") % {"department": department})
            return redirect("organisations:congress_detail", pk=department.congress_id)
    return _form_page(request, "organisations/department_form.html", form, congress=department.congress, department=department)
