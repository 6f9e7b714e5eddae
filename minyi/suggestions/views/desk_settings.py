"""Staff enter a suggestion for a representative (from a paper form), and a congress's suggestion
settings and the list of areas."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from minyi.organisations.views.common import attach_errors

from .. import forms_desk, services
from ..models import Category, Settings
from .desk import require_writer


@login_required
def desk_new(request):
    actor = require_writer(request)
    congresses = list(services.congresses_for(actor).order_by("region_id"))
    if request.method == "POST":
        form = forms_desk.EntryForm(request.POST, request.FILES, congresses=congresses)
        if form.is_valid():
            try:
                suggestion = form.save(request.user)
            except PermissionDenied:
                form.add_error(None, _("You may enter suggestions only for your own congress's representatives."))
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("The suggestion was entered for %(name)s.") % {"name": suggestion.matter.representative.name})
                return redirect("suggestions:desk_detail", pk=suggestion.pk)
        return render(request, "suggestions/desk/new.html", {"form": form}, status=400)
    return render(request, "suggestions/desk/new.html", {"form": forms_desk.EntryForm(congresses=congresses)})


@login_required
def desk_settings(request):
    actor = require_writer(request)
    congresses = list(services.congresses_for(actor).order_by("region_id"))
    chosen = request.GET.get("congress") or request.POST.get("congress") or ""
    congress = next((c for c in congresses if str(c.pk) == chosen), congresses[0] if congresses else None)
    if congress is None:
        raise PermissionDenied
    instance = Settings.objects.filter(congress=congress).first() or Settings(congress=congress)
    settings_form = forms_desk.SettingsForm(instance=instance, prefix="settings")
    category_form = forms_desk.CategoryForm(prefix="category")
    editing = None
    edit = request.GET.get("edit") or request.POST.get("edit") or ""
    if edit.isdigit():
        editing = Category.objects.filter(pk=int(edit)).first()
        if editing is not None:
            category_form = forms_desk.CategoryForm(instance=editing, prefix="category")
    status = 200
    if request.method == "POST":
        what = request.POST.get("form")
        if what == "settings":
            settings_form = forms_desk.SettingsForm(request.POST, instance=instance, prefix="settings")
            if settings_form.is_valid():
                settings_form.save()
                messages.success(request, _("The suggestion settings of %(congress)s were saved.") % {"congress": congress.name})
                return redirect(f"{request.path}?congress={congress.pk}")
            status = 400
        elif what == "category":
            category_form = forms_desk.CategoryForm(request.POST, instance=editing, prefix="category")
            if category_form.is_valid():
                category = category_form.save()
                messages.success(request, _("The area %(name)s was saved.") % {"name": category.name})
                return redirect(f"{request.path}?congress={congress.pk}#areas")
            status = 400
        elif what == "toggle" and editing is not None:
            editing.is_active = not editing.is_active
            editing.save(update_fields=["is_active"])
            if editing.is_active:
                messages.success(request, _("The area %(name)s is in use again.") % {"name": editing.name})
            else:
                messages.success(request, _("The area %(name)s is no longer offered; suggestions in it keep it.") % {"name": editing.name})
            return redirect(f"{request.path}?congress={congress.pk}#areas")
    return render(request, "suggestions/desk/settings.html", {
        "congress": congress, "congresses": congresses, "settings_form": settings_form, "category_form": category_form,
        "editing": editing, "categories": list(Category.objects.all()), "example": settings_form.example(),
    }, status=status)
