"""Opinion categories and each congress's deadlines per category (desk, /desk/opinions/settings/).

Administrators keep the list of categories; congress staff (and administrators) keep their own
congress's CategorySetting rows. The page also shows the deadlines that result for every category
(from `settings.rules_for`, the same function assignments use), with where each one comes from, so
staff see how an empty rule falls back to the congress above and then to the defaults."""

import datetime
from types import SimpleNamespace

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from minyi.accounts import access
from minyi.accounts.models import Role, RoleGrant
from minyi.matters.policies import halve
from minyi.organisations.models import Congress, Unit
from minyi.workdays.calendar import Calendar

from .. import settings as opinion_settings
from ..models import Category, CategorySetting, Form
from ..policy import DEFAULT_RULES, SNAPSHOT_RULES

# --- Forms ----------------------------------------------------------------------------------------


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["code", "name", "description", "order", "is_active"]
        help_texts = {"code": gettext_lazy("Letters, digits, - and _; used in links and exports, e.g. city-management.")}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Category.objects.filter(name=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(gettext_lazy("A category with this name already exists."))
        return name


class CategorySettingForm(forms.ModelForm):
    class Meta:
        model = CategorySetting
        fields = ["category", "sign_rule", "handle_rule", "quick_sign_rule", "quick_handle_rule", "default_unit"]
        help_texts = {
            "quick_sign_rule": gettext_lazy("For snapshots (随手拍); e.g. days:1"),
            "quick_handle_rule": gettext_lazy("For snapshots (随手拍); e.g. workdays:3"),
        }

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.congress = congress
        self.fields["category"].queryset = Category.objects.filter(is_active=True) | Category.objects.filter(
            pk=self.instance.category_id or 0
        )
        self.fields["category"].empty_label = _("All categories")
        # The usual lead unit must be one this congress's staff can assign to: a unit of its region.
        self.fields["default_unit"].queryset = Unit.objects.filter(region_id=congress.region_id, is_active=True).order_by("name")
        self.fields["default_unit"].empty_label = _("None")
        for name in ("sign_rule", "handle_rule", "quick_sign_rule", "quick_handle_rule"):
            self.fields[name].widget.attrs.update({"placeholder": self.Meta.help_texts.get(name) or self.fields[name].help_text,
                                                   "autocomplete": "off"})

    def clean(self):
        cleaned = super().clean()
        for name in ("sign_rule", "handle_rule", "quick_sign_rule", "quick_handle_rule"):
            if cleaned.get(name):
                cleaned[name] = cleaned[name].strip().lower().replace("：", ":").replace(" ", "")
        if not any(cleaned.get(name) for name in ("sign_rule", "handle_rule", "quick_sign_rule", "quick_handle_rule", "default_unit")):
            if not self.errors:
                raise forms.ValidationError(_("Fill in at least one deadline or the usual lead unit."))
        category = cleaned.get("category")
        clash = CategorySetting.objects.filter(congress=self.congress, category=category).exclude(pk=self.instance.pk)
        if clash.exists():
            self.add_error("category", _("This congress already has a setting for this category; change that one instead."))
        return cleaned

    def save(self, commit=True):
        self.instance.congress = self.congress
        return super().save(commit)


# --- Who may change what -------------------------------------------------------------------------


def _actor(request):
    return access.require_role(request.user, Role.CONGRESS_STAFF, Role.SYSTEM_ADMIN, request=request)


def editable_congresses(actor):
    """Administrators: every active congress; staff: the congresses they are staff of."""
    if actor.is_system_admin:
        return Congress.objects.filter(is_active=True).select_related("region").order_by("region__level", "region_id")
    ids = RoleGrant.objects.filter(user=actor.user, role=Role.CONGRESS_STAFF).values_list("congress_id", flat=True)
    return Congress.objects.filter(pk__in=ids, is_active=True).select_related("region").order_by("region__level", "region_id")


def _chosen_congress(request, actor):
    congresses = editable_congresses(actor)
    wanted = request.GET.get("congress") or request.POST.get("congress") or ""
    if wanted:
        congress = congresses.filter(pk=wanted).first() if wanted.isdigit() else None
        if congress is None:
            raise Http404
        return congress
    return congresses.first()


def _require_admin(actor, request):
    if not actor.is_system_admin:
        from minyi.audit.services import record_denial

        record_denial(request.user, "opinions:categories", None, request=request)
        raise PermissionDenied


def _row(request, actor, pk):
    row = CategorySetting.objects.select_related("congress__region", "category", "default_unit").filter(pk=pk).first()
    if row is None or not editable_congresses(actor).filter(pk=row.congress_id).exists():
        raise Http404
    return row


# --- What results --------------------------------------------------------------------------------


def effective_deadlines(congress, categories, today=None):
    """For each category (and for opinions without one): the rules an opinion and a snapshot get,
    where each rule comes from, the green-channel halves, the usual lead unit, and the dates an
    assignment made today would get."""
    calendar = Calendar(congress)
    start = timezone.now() if today is None else datetime.datetime.combine(today, datetime.time(10), tzinfo=datetime.UTC)
    congress_names = dict(Congress.objects.filter(pk__in=opinion_settings._congress_chain(congress.pk)).values_list("pk", "name"))
    result = []
    for category in [None, *categories]:
        code = category.code if category else ""
        rows = opinion_settings._settings_for(congress.pk, code)
        forms_ = []
        for form, defaults, fields in (
            (Form.OPINION, DEFAULT_RULES, ("sign_rule", "handle_rule")),
            (Form.SNAPSHOT, SNAPSHOT_RULES, ("quick_sign_rule", "quick_handle_rule")),
        ):
            sample = SimpleNamespace(owner_congress_id=congress.pk, category=code, opinion=SimpleNamespace(form=form))
            rules = opinion_settings.rules_for(sample)
            parts = []
            for name, field in zip(("sign", "handle"), fields):
                source = next((row for row in rows if getattr(row, field)), None)
                if source is None:
                    origin = _("Default of the platform")
                elif source.congress_id == congress.pk:
                    origin = _("This congress, this category") if source.category_id else _("This congress, all categories")
                else:
                    where = congress_names.get(source.congress_id, "")
                    origin = (_("%(congress)s, this category") if source.category_id else _("%(congress)s, all categories")) % {
                        "congress": where
                    }
                parts.append({
                    "name": name, "rule": rules[name], "rule_text": rule_text(rules[name]), "origin": origin,
                    "inherited": source is None or source.congress_id != congress.pk, "default": defaults[name],
                    "green": rule_text(halve(rules[name])), "due": calendar.deadline(start, rules[name]).date,
                })
            forms_.append({"form": form, "label": Form(form).label, "parts": parts})
        result.append({"category": category, "forms": forms_, "unit": opinion_settings.default_unit(congress.pk, code)})
    return result


def rule_text(rule):
    """workdays:15 → 15个工作日, in the words of the active language."""
    from minyi.workdays.calendar import parse_rule

    unit, count = parse_rule(rule)
    words = {"workdays": _("%(n)d working days"), "days": _("%(n)d days"), "months": _("%(n)d months")}
    return words.get(unit, "%(n)d " + unit) % {"n": count}


# --- Views ---------------------------------------------------------------------------------------


def _page(request, actor, congress, *, category_form=None, row_form=None, status=200):
    categories = list(Category.objects.all())
    active = [c for c in categories if c.is_active]
    rows = (
        CategorySetting.objects.filter(congress=congress).select_related("category", "default_unit").order_by("category__order", "category_id")
        if congress else []
    )
    context = {
        "actor": actor,
        "congress": congress,
        "congresses": editable_congresses(actor),
        "categories": categories,
        "rows": rows,
        "may_edit_categories": actor.is_system_admin,
        "category_form": category_form or CategoryForm(),
        "row_form": row_form or (CategorySettingForm(congress=congress) if congress else None),
        "effective": effective_deadlines(congress, active) if congress else [],
        "defaults": {"opinion": DEFAULT_RULES, "snapshot": SNAPSHOT_RULES},
    }
    return render(request, "opinions/settings/page.html", context, status=status)


def _back(congress):
    return redirect(reverse("opinions:settings") + (f"?congress={congress.pk}" if congress else ""))


@login_required
def page(request):
    actor = _actor(request)
    return _page(request, actor, _chosen_congress(request, actor))


@login_required
@require_POST
def category_add(request):
    actor = _actor(request)
    _require_admin(actor, request)
    congress = _chosen_congress(request, actor)
    form = CategoryForm(request.POST)
    if not form.is_valid():
        return _page(request, actor, congress, category_form=form, status=400)
    category = form.save()
    messages.success(request, _("Category “%(name)s” added.") % {"name": category.name})
    return _back(congress)


@login_required
def category_edit(request, pk):
    actor = _actor(request)
    _require_admin(actor, request)
    category = Category.objects.filter(pk=pk).first()
    if category is None:
        raise Http404
    congress = _chosen_congress(request, actor)
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Category “%(name)s” saved.") % {"name": category.name})
        return _back(congress)
    context = {"form": form, "category": category, "congress": congress}
    return render(request, "opinions/settings/category_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def category_toggle(request, pk):
    actor = _actor(request)
    _require_admin(actor, request)
    category = Category.objects.filter(pk=pk).first()
    if category is None:
        raise Http404
    category.is_active = not category.is_active
    category.save(update_fields=["is_active"])
    if category.is_active:
        messages.success(request, _("Category “%(name)s” can be chosen again.") % {"name": category.name})
    else:
        messages.success(request, _("Category “%(name)s” is no longer offered; opinions that have it keep it.") % {"name": category.name})
    return _back(_chosen_congress(request, actor))


@login_required
@require_POST
def row_add(request):
    actor = _actor(request)
    congress = _chosen_congress(request, actor)
    if congress is None:
        raise Http404
    form = CategorySettingForm(request.POST, congress=congress)
    if not form.is_valid():
        return _page(request, actor, congress, row_form=form, status=400)
    form.save()
    messages.success(request, _("Setting saved for %(congress)s.") % {"congress": congress.name})
    return _back(congress)


@login_required
def row_edit(request, pk):
    actor = _actor(request)
    row = _row(request, actor, pk)
    form = CategorySettingForm(request.POST or None, instance=row, congress=row.congress)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Setting saved for %(congress)s.") % {"congress": row.congress.name})
        return _back(row.congress)
    context = {"form": form, "row": row, "congress": row.congress}
    return render(request, "opinions/settings/row_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def row_delete(request, pk):
    actor = _actor(request)
    row = _row(request, actor, pk)
    congress = row.congress
    row.delete()
    messages.success(request, _("Setting removed; the rules above it apply again."))
    return _back(congress)
