"""The representative's phone inbox: opinions addressed to them or to a station they serve.
They settle one on the spot, pass it to the congress staff, or, when they settled it and the
citizen has no account, record the citizen's judgement given in person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.matters import attachments
from minyi.matters import services as engine
from minyi.matters.models import Matter
from minyi.matters.policies import available_actions
from minyi.representatives.models import Representative

from .. import services
from ..forms import ForwardForm, InPersonEvaluationForm, ResolveOnSpotForm, attach_service_errors, place_name
from ..policy import KIND
from .citizen import _answers, _expected_version, timeline_items

PAGE_SIZE = 20
WAITING = "with_representative"


def _inbox(user):
    return access.visible(user, Matter.objects.filter(kind=KIND)).select_related("station", "representative")


def waiting_badge(actor):
    """The number on the tab bar: opinions that wait for this representative."""
    if not actor.representative_ids:
        return None
    return _inbox(actor.user).filter(status=WAITING).count() or None


@login_required
def inbox(request):
    access.require_role(request.user, Role.REPRESENTATIVE, request=request)
    tab = request.GET.get("tab", "waiting")
    if tab not in ("waiting", "all"):
        tab = "waiting"
    matters = _inbox(request.user)
    waiting_count = matters.filter(status=WAITING).count()
    if tab == "waiting":
        matters = matters.filter(status=WAITING)
    page = Paginator(matters.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [{"matter": m, "status_label": m.policy.states[m.status].label} for m in page]
    context = {"tab": tab, "page": page, "items": items, "waiting_count": waiting_count, "page_title": _("Opinions to me")}
    return render(request, "opinions/mobile/rep_inbox.html", context)


def _in_person_label(user):
    names = list(Representative.objects.filter(pk__in=access.actor_for(user).representative_ids).values_list("name", flat=True))
    name = "、".join(names) or user.get_full_name() or user.get_username()
    return _("Citizen, in person to representative %(name)s") % {"name": name}


def _may_record_evaluation(actions, matter):
    """Only for an opinion this representative settled on the spot, from a citizen without an account:
    the citizen told them in person what they think of it."""
    return "evaluate" in actions and matter.raised_by_id is None and matter.timeline.filter(action="resolve_on_spot").exists()


@login_required
def detail(request, pk):
    access.require_role(request.user, Role.REPRESENTATIVE, request=request)
    matter = access.get_object(request.user, Matter.objects.filter(kind=KIND).select_related("opinion", "station", "representative"),
                               request=request, pk=pk)
    actor = access.actor_for(request.user)
    resolve_form, forward_form, evaluation_form = ResolveOnSpotForm(prefix="resolve"), ForwardForm(prefix="forward"), InPersonEvaluationForm(prefix="rate")
    kept_text = ""
    if request.method == "POST":
        action = request.POST.get("action")
        version = _expected_version(request)
        try:
            if action == "resolve_on_spot":
                resolve_form = ResolveOnSpotForm(request.POST, request.FILES, prefix="resolve")
                if resolve_form.is_valid():
                    services.resolve_on_spot(matter, actor=request.user, text=resolve_form.cleaned_data["text"],
                                             photos=resolve_form.cleaned_data["photos"], expected_version=version)
                    messages.success(request, _("Recorded as settled on the spot. The citizen is asked to judge the result."))
                    return redirect("opinions:rep_detail", pk=matter.pk)
            elif action == "forward":
                forward_form = ForwardForm(request.POST, prefix="forward")
                if forward_form.is_valid():
                    services.forward(matter, actor=request.user, note=forward_form.cleaned_data["note"].strip(), expected_version=version)
                    messages.success(request, _("Passed to the congress staff."))
                    return redirect("opinions:rep_detail", pk=matter.pk)
            elif action == "evaluate":
                evaluation_form = InPersonEvaluationForm(request.POST, prefix="rate")
                if evaluation_form.is_valid():
                    if not _may_record_evaluation(available_actions(actor, matter), matter):
                        raise engine.TransitionNotAllowed(matter, "evaluate")
                    engine.evaluate(matter, rating=evaluation_form.cleaned_data["rating"], comment=evaluation_form.cleaned_data["comment"].strip(),
                                    actor=request.user, by_label=_in_person_label(request.user), expected_version=version)
                    messages.success(request, _("The citizen's evaluation was recorded."))
                    return redirect("opinions:rep_detail", pk=matter.pk)
            else:
                messages.error(request, _("Choose one of the actions on the page."))
        except (engine.StaleMatter, engine.TransitionNotAllowed) as refusal:
            messages.error(request, refusal.message)
            kept_text = request.POST.get("resolve-text") or request.POST.get("forward-note") or request.POST.get("rate-comment") or ""
            matter.refresh_from_db()
        except PermissionDenied:
            messages.error(request, _("You cannot take this action on this opinion."))
            matter.refresh_from_db()
        except ValidationError as error:
            form = {"resolve_on_spot": resolve_form, "forward": forward_form, "evaluate": evaluation_form}[action]
            attach_service_errors(form, error)
    actions = available_actions(actor, matter)
    name, phone = matter.opinion.contact_for(actor)
    events = access.visible(request.user, matter.timeline.all()).prefetch_related("attachments")
    context = {
        "matter": matter, "opinion": matter.opinion, "status_label": matter.policy.states[matter.status].label, "place": place_name(matter.region_code),
        "contact_name": name, "contact_phone": phone, "timeline": timeline_items(events), "answers": _answers(matter),
        "resolve_form": resolve_form if "resolve_on_spot" in actions else None,
        "forward_form": forward_form if "forward" in actions else None,
        "evaluation_form": evaluation_form if _may_record_evaluation(actions, matter) else None,
        "kept_text": kept_text, "photo_limit": attachments.MAX_PHOTOS, "page_title": _("Opinion"), "back_url": reverse("opinions:rep_inbox"),
    }
    return render(request, "opinions/mobile/rep_detail.html", context)
