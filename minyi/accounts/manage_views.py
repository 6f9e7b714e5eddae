"""Account management for system administrators, congress staff (the accounts in their
congresses' regions) and unit administrators (their own unit's staff). Every page asks
`access` first and writes through `services`."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_POST

from minyi.audit.services import record_denial

from . import access, policy, services
from .manage_exports import export_query, exporter, maybe_export
from .manage_forms import AccountCreateForm, AccountEditForm, AccountFilterForm, RoleGrantForm, add_service_errors
from .models import Role, RoleGrant, User

MANAGER_ROLES = (Role.SYSTEM_ADMIN, Role.CONGRESS_STAFF, Role.LEADER, Role.UNIT_ADMIN)
PAGE_SIZE = 50


def manager_page(view):
    """Signed in, holding a managing role, and past the forced steps of the account policy
    (the policy middleware lets every /accounts/ page through, so these pages ask themselves)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if policy.password_expired(request.user):
            return redirect(f"{reverse('accounts:password_change')}?{urlencode({'next': request.path})}")
        if policy.must_set_up_totp(request.user):
            return redirect("accounts:totp_setup")
        access.require_role(request.user, *MANAGER_ROLES, request=request)
        return view(request, *args, **kwargs)

    return wrapper


def _title(actor):
    """Unit administrators see their unit's staff; everyone else "Accounts"."""
    if actor.is_system_admin or actor.is_congress_staff:
        return _("Accounts")
    return _("Unit staff accounts")


def _masked(phone):
    return f"{phone[:3]}****{phone[-4:]}" if phone and len(phone) == 11 else ""


def _grants():
    return Prefetch("role_grants", queryset=RoleGrant.objects.select_related("congress", "department", "unit", "representative"))


def _search(users, filters):
    q = (filters.get("q") or "").strip()
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(phone=q))
    if filters.get("role"):
        users = users.filter(role_grants__role=filters["role"])
    if filters.get("status") == "active":
        users = users.filter(is_active=True)
    elif filters.get("status") == "inactive":
        users = users.filter(is_active=False)
    return users.distinct().order_by("username")


@manager_page
def account_list(request):
    actor = access.actor_for(request.user)
    form = AccountFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    users = _search(access.visible(request.user, User.objects.all()), filters)
    response = maybe_export(request, "accounts", users)
    if response is not None:
        return response
    page = Paginator(users.prefetch_related(_grants()), PAGE_SIZE).get_page(request.GET.get("page"))
    for user in page:
        user.masked_phone = _masked(user.phone)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/manage/list.html",
        {
            "page_title": _title(actor),
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": bool(services.grantable_roles(request.user)),
            "export_available": exporter("accounts") is not None,
            "export_query": export_query(request),
        },
    )


@manager_page
@never_cache
@sensitive_variables("password")
def account_create(request):
    actor = access.actor_for(request.user)
    if not services.grantable_roles(request.user):
        # A leader may read the accounts but hands out no roles.
        record_denial(request.user, "open:account_create", None, request=request)
        raise PermissionDenied
    form = AccountCreateForm(request.POST or None, actor=request.user, initial=_initial_from(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = services.open_account(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                phone=data["phone"],
                email=data["email"],
                role=data["role"],
                **form.scope,
            )
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            return _show_password(request, user, password, created=True)
    return render(request, "accounts/manage/create.html", {"form": form, "page_title": _("New account"), "section_title": _title(actor)})


def _initial_from(request):
    """Links from elsewhere (a representative's page) may preset the role and its scope."""
    initial = {}
    role = request.GET.get("role")
    if role in Role.values:
        initial["role"] = role
    for name in ("congress", "unit", "representative"):
        value = request.GET.get(name, "")
        if value.isdigit():
            initial[name] = int(value)
    full_name = request.GET.get("full_name", "")[:50]
    if full_name:
        initial["full_name"] = full_name
    return initial


def _show_password(request, user, password, *, created):
    """The temporary password, shown in the answer to the POST that made it and nowhere else."""
    response = render(
        request,
        "accounts/manage/password_shown.html",
        {"account": user, "password": password, "created": created, "page_title": _("Temporary password")},
    )
    response["Cache-Control"] = "no-store"
    return response


@manager_page
@require_POST
@sensitive_variables("key")
def api_token_issue(request, pk):
    target = _target(request, pk, action="manage")
    try:
        _token, key = services.issue_api_token(target, actor=request.user, name=request.POST.get("name", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:manage_detail", pk=target.pk)
    response = render(request, "accounts/manage/token_shown.html", {"account": target, "key": key, "page_title": _("API key")})
    response["Cache-Control"] = "no-store"
    return response


@manager_page
@require_POST
def api_token_revoke(request, pk, token_pk):
    target = _target(request, pk, action="manage")
    services.revoke_api_token(get_object_or_404(target.api_tokens, pk=token_pk), actor=request.user)
    messages.success(request, _("The API key has been revoked."))
    return redirect("accounts:manage_detail", pk=target.pk)


def _target(request, pk, action="view"):
    return access.get_object(request.user, User.objects.prefetch_related(_grants()), action=action, request=request, pk=pk)


@manager_page
def account_detail(request, pk):
    return _render_detail(request, _target(request, pk))


def _render_detail(request, target, grant_form=None):
    return render(request, "accounts/manage/detail.html", _detail_context(request, target, grant_form))


def _detail_context(request, target, grant_form=None):
    actor = access.actor_for(request.user)
    can_manage = access.can(request.user, "manage", target)
    yourself = target.pk == request.user.pk
    grants = []
    for grant in target.role_grants.all():
        grant.can_revoke = (
            can_manage
            and not yourself
            and services.may_grant(request.user, grant.role, congress=grant.congress, unit=grant.unit, representative=grant.representative)
        )
        grants.append(grant)
    if grant_form is None and can_manage and not yourself and services.grantable_roles(request.user):
        grant_form = RoleGrantForm(actor=request.user)
    return {
        "account": target,
        "masked_phone": _masked(target.phone),
        "grants": grants,
        "can_manage": can_manage,
        "yourself": yourself,
        "locked": services.is_locked_out(target),
        "grant_form": grant_form,
        "api_tokens": list(target.api_tokens.order_by("-created_at")) if actor.is_system_admin else None,
        "audit_url": f"{reverse('audit:list')}?{urlencode({'actor': target.username})}" if actor.is_system_admin else "",
        "page_title": target.full_name or target.username,
        "section_title": _title(actor),
    }


@manager_page
def account_edit(request, pk):
    target = _target(request, pk, action="manage")
    form = AccountEditForm(request.POST or None, instance=User.objects.get(pk=target.pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_account(target, actor=request.user, full_name=data["full_name"], phone=data["phone"], email=data["email"])
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The account has been saved."))
            return redirect("accounts:manage_detail", pk=target.pk)
    return render(
        request,
        "accounts/manage/edit.html",
        {"form": form, "account": target, "page_title": _("Edit %(name)s") % {"name": target.full_name or target.username}},
    )


@manager_page
@require_POST
@never_cache
@sensitive_variables("password")
def account_reset_password(request, pk):
    target = _target(request, pk, action="manage")
    try:
        password = services.set_temporary_password(target, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:manage_detail", pk=target.pk)
    return _show_password(request, target, password, created=False)


def _simple_action(service, success_message):
    @manager_page
    @require_POST
    def view(request, pk):
        target = _target(request, pk, action="manage")
        try:
            service(target, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, success_message())
        return redirect("accounts:manage_detail", pk=target.pk)

    return view


account_deactivate = _simple_action(services.deactivate_account, lambda: _("The account has been deactivated; it can no longer sign in."))
account_reactivate = _simple_action(services.reactivate_account, lambda: _("The account has been reactivated."))
account_unlock = _simple_action(services.unlock_account, lambda: _("The account has been unlocked; the person can sign in again."))


@manager_page
@require_POST
def role_grant(request, pk):
    target = _target(request, pk, action="manage")
    form = RoleGrantForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            services.give_role(target, form.cleaned_data["role"], actor=request.user, **form.scope)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The role has been granted."))
            return redirect("accounts:manage_detail", pk=target.pk)
    return _render_detail(request, target, form)


@manager_page
@require_POST
def role_revoke(request, pk, grant_pk):
    target = _target(request, pk, action="manage")
    grant = get_object_or_404(target.role_grants.select_related("congress", "unit", "representative"), pk=grant_pk)
    try:
        services.take_role(grant, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role has been taken away."))
    return redirect("accounts:manage_detail", pk=target.pk)
