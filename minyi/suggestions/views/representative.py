"""The representative's phone pages for suggestions: their own suggestions and what waits for them
(invitations to co-sign, replies to judge, contacts to confirm, returned ones to revise), raising a
new one (alone or jointly, adopting citizens' opinions), and one suggestion with the actions its
state allows. Every step is a call to `services`; these views only load (through `access`),
dispatch and show."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.core import navigation
from minyi.matters import attachments
from minyi.matters import services as engine
from minyi.matters.models import Assignment, Attachment, Evaluation, Matter, Rating, Reply
from minyi.matters.policies import available_actions
from minyi.opinions.views.citizen import timeline_items
from minyi.representatives.models import Representative

from .. import services
from ..forms_rep import ContactAnswerForm, EvaluationForm, RaiseForm, ReviseForm, WithdrawForm, attach_service_errors
from ..models import Contact, ReplyLetter, Signer, Suggestion
from ..policy import CLASS_WORDS, KIND

PAGE_SIZE = 20
TABS = ("action", "lead", "cosigned")


# --- Loading ------------------------------------------------------------------------------------


def _suggestions(user):
    return access.visible(user, Suggestion.objects.filter(matter__kind=KIND)).select_related("matter", "matter__representative")


def _needing_action(actor):
    """The pks of the actor's suggestions that wait for them, with why: {pk: [reason, …]}."""
    ids = actor.representative_ids
    if not ids:
        return {}
    mine = _suggestions(actor.user)
    reasons = {}

    def add(pks, reason):
        for pk in pks:
            reasons.setdefault(pk, []).append(reason)

    add(mine.filter(matter__status="collecting", signers__representative_id__in=ids, signers__is_lead=False,
                    signers__state=Signer.State.INVITED).values_list("pk", flat=True), _("Invited to co-sign"))
    add(mine.filter(matter__status="returned", matter__representative_id__in=ids).values_list("pk", flat=True), _("Returned to revise"))
    add(access.visible(actor.user, Contact.objects.filter(representative_id__in=ids, confirmation=Contact.Confirmation.PENDING))
        .values_list("assignment__matter_id", flat=True).distinct(), _("Contact to confirm"))
    # A judgement counts for the latest reply only: a follow-up reply (B → A) is judged again.
    judged = Evaluation.objects.filter(matter_id=OuterRef("matter_id"), round=OuterRef("matter__round"), by=actor.user,
                                       at__gte=OuterRef("matter__replied_at"))
    add(mine.filter(matter__status="replied", signers__representative_id__in=ids, signers__state=Signer.State.CONFIRMED)
        .exclude(Exists(judged)).values_list("pk", flat=True), _("Reply to judge"))
    return {pk: list(dict.fromkeys(words)) for pk, words in reasons.items()}


def waiting_badge(actor):
    """The number on the tab bar: suggestions that wait for this representative."""
    if not actor.representative_ids:
        return None
    return len(_needing_action(actor)) or None


def _deciding_evaluation(matter):
    """The judgement that settled the latest round (the lead's, or staff's from the paper form)."""
    event = matter.timeline.filter(action__in=["evaluate", "rehandle"]).order_by("-at", "-id").first()
    pk = (event.data or {}).get("evaluation") if event else None
    return Evaluation.objects.filter(pk=pk).first() if pk else None


def _units(user, matter):
    rows = access.visible(user, Assignment.objects.filter(matter=matter, round=matter.round)).exclude(
        state=Assignment.State.WITHDRAWN).select_related("unit").order_by("role", "id")
    return sorted(rows, key=lambda a: (a.role != Assignment.Role.LEAD, a.pk))


def _latest_reply(user, matter):
    return access.visible(user, Reply.objects.filter(matter=matter, kind=Reply.Kind.REPLY)).order_by("-at", "-id").first()


def _row(user, suggestion, reasons):
    matter = suggestion.matter
    reply = _latest_reply(user, matter)
    mine = Evaluation.objects.filter(matter=matter, by=user).order_by("-at", "-id").first()
    deciding = _deciding_evaluation(matter)
    return {
        "suggestion": suggestion, "matter": matter, "status_label": matter.policy.states[matter.status].label,
        "units": _units(user, matter), "reply_class": reply.reply_class if reply else "",
        "mine": mine, "lead": deciding if deciding and (mine is None or deciding.pk != mine.pk) else None, "reasons": reasons,
    }


# --- The list -----------------------------------------------------------------------------------


@login_required
def rep_list(request):
    actor = access.require_role(request.user, Role.REPRESENTATIVE, request=request)
    waiting = _needing_action(actor)
    tab = request.GET.get("tab") or ("action" if waiting else "lead")
    if tab not in TABS:
        tab = "action"
    mine = _suggestions(request.user)
    ids = actor.representative_ids
    if tab == "action":
        mine = mine.filter(pk__in=list(waiting))
    elif tab == "lead":
        mine = mine.filter(matter__representative_id__in=ids)
    else:
        mine = mine.filter(signers__representative_id__in=ids, signers__is_lead=False).exclude(
            signers__representative_id__in=ids, signers__state=Signer.State.DECLINED).distinct()
    page = Paginator(mine.order_by("-matter__created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [_row(request.user, s, waiting.get(s.pk, [])) for s in page]
    context = {"tab": tab, "page": page, "items": items, "waiting_count": len(waiting), "page_title": _("My suggestions"),
               "may_raise": bool(ids)}
    return render(request, "suggestions/mobile/rep_list.html", context)


# --- Raising ------------------------------------------------------------------------------------


def _lead_of(actor):
    return Representative.objects.filter(pk__in=actor.representative_ids).order_by("pk").first()


def _adoptable(user, values):
    ids = [int(v) for v in values if str(v).isdigit()][:20]
    return list(access.visible(user, Matter.objects.filter(kind="opinion", pk__in=ids, converted_to__isnull=True)).order_by("pk")) if ids else []


@login_required
def rep_new(request):
    """Double submission: the form carries a one-time token, the service's idempotency key, so a
    second POST with the same token goes to the suggestion the first one made."""
    actor = access.require_role(request.user, Role.REPRESENTATIVE, request=request)
    lead = _lead_of(actor)
    mandates = services.current_mandates(lead) if lead else []
    if not mandates:
        return render(request, "suggestions/mobile/rep_new.html", {"form": None, "page_title": _("Raise a suggestion"),
                                                                     "back_url": reverse("suggestions:rep_list")})
    source = request.POST if request.method == "POST" else request.GET
    adoptable = _adoptable(request.user, source.getlist("adopt"))
    if request.method == "POST":
        form = RaiseForm(request.POST, request.FILES, mandates=mandates, lead=lead, adoptable=adoptable)
        if form.is_valid():
            token = form.cleaned_data["token"] or None
            try:
                suggestion = services.raised_with(lead, token)
                if suggestion is not None:
                    messages.info(request, _("This suggestion was already sent; here it is."))
                else:
                    suggestion = services.raise_suggestion(form.draft(), actor=request.user, lead=lead, congress=form.chosen_congress(),
                                                           idempotency_key=token)
                    _raised_message(request, suggestion)
                return redirect("suggestions:rep_detail", pk=suggestion.pk)
            except ValidationError as error:
                attach_service_errors(form, error)
            except (PermissionDenied, engine.TransitionNotAllowed):
                form.add_error(None, _("One of the adopted opinions can no longer be taken up. Remove it and send again."))
    else:
        form = RaiseForm(mandates=mandates, lead=lead, adoptable=adoptable)
    context = {"form": form, "adoptable": adoptable, "photo_limit": attachments.MAX_PHOTOS, "page_title": _("Raise a suggestion"),
               "back_url": reverse("suggestions:rep_list"), "photos_lost": form.is_bound and bool(request.FILES)}
    return render(request, "suggestions/mobile/rep_new.html", context)


def _raised_message(request, suggestion):
    if suggestion.matter.status == "collecting":
        messages.success(request, _("Saved. It goes to review when every co-signer has confirmed."))
    else:
        messages.success(request, _("Sent to the representative work committee for review."))


# --- One suggestion -----------------------------------------------------------------------------


def _expected_version(request):
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _my_contact(request, matter, actor):
    try:
        pk = int(request.POST.get("contact", ""))
    except ValueError:
        raise Http404 from None
    contact = access.visible(request.user, Contact.objects.filter(pk=pk, assignment__matter=matter,
                                                                    representative_id__in=actor.representative_ids)).first()
    if contact is None:
        raise Http404
    return contact


class _Forms:
    def __init__(self, matter):
        self.revise = ReviseForm(prefix="revise", initial={"title": matter.title, "text": matter.text, "category": matter.category})
        self.withdraw = WithdrawForm(prefix="withdraw")
        self.evaluate = EvaluationForm(prefix="rate")
        self.contact = ContactAnswerForm(prefix="contact")
        self.contact_pk = None


def _act(request, suggestion, actor, forms):
    """Do what the POST asks; returns a redirect when done, None to show the page again with errors."""
    matter = suggestion.matter
    action = request.POST.get("action")
    version = _expected_version(request)
    try:
        if action in ("accept", "decline"):
            services.answer_invitation(suggestion, actor=request.user, confirm=action == "accept")
            messages.success(request, _("You confirmed your signature.") if action == "accept" else _("You declined to co-sign."))
        elif action in ("submit", "submit_without"):
            services.submit(suggestion, actor=request.user, drop_unanswered=action == "submit_without", expected_version=version)
            messages.success(request, _("Sent to the representative work committee for review."))
        elif action == "withdraw":
            forms.withdraw = WithdrawForm(request.POST, prefix="withdraw")
            if not forms.withdraw.is_valid():
                return None
            services.withdraw(suggestion, actor=request.user, reason=forms.withdraw.cleaned_data["reason"].strip(), expected_version=version)
            messages.success(request, _("The suggestion was withdrawn."))
        elif action == "revise":
            forms.revise = ReviseForm(request.POST, prefix="revise")
            if not forms.revise.is_valid():
                return None
            services.revise(suggestion, forms.revise.draft(), actor=request.user, expected_version=version)
            messages.success(request, _("Revised and sent to review again."))
        elif action in ("confirm_contact", "dispute_contact"):
            contact = _my_contact(request, matter, actor)
            forms.contact = ContactAnswerForm(request.POST, prefix="contact")
            forms.contact_pk = contact.pk
            if not forms.contact.is_valid():
                return None
            services.confirm_contact(contact, actor=request.user, happened=action == "confirm_contact",
                                     note=forms.contact.cleaned_data["note"] or "")
            messages.success(request, _("Thank you: the contact is confirmed.") if action == "confirm_contact"
                             else _("Recorded that the contact did not happen as the unit says."))
        elif action == "evaluate":
            forms.evaluate = EvaluationForm(request.POST, prefix="rate")
            if not forms.evaluate.is_valid():
                return None
            services.evaluate(suggestion, actor=request.user, rating=forms.evaluate.cleaned_data["rating"],
                              comment=forms.evaluate.cleaned_data["comment"], expected_version=version)
            messages.success(request, _("Your judgement was recorded."))
        else:
            messages.error(request, _("Choose one of the actions on the page."))
            return None
    except (engine.StaleMatter, engine.TransitionNotAllowed) as refusal:
        messages.error(request, refusal.message)
        return None
    except PermissionDenied:
        messages.error(request, _("You cannot take this action on this suggestion."))
        return None
    except ValidationError as error:
        form = {"revise": forms.revise, "withdraw": forms.withdraw, "evaluate": forms.evaluate,
                "confirm_contact": forms.contact, "dispute_contact": forms.contact}.get(action)
        if form is not None and form.is_bound:
            attach_service_errors(form, error)
        else:
            for text in error.messages:
                messages.error(request, text)
        return None
    return redirect("suggestions:rep_detail", pk=suggestion.pk)


def _replies(user, matter):
    replies = access.visible(user, Reply.objects.filter(matter=matter, kind=Reply.Kind.REPLY)).select_related(
        "assignment__unit").order_by("at", "id")
    letters = {letter.reply_id: letter for letter in access.visible(user, ReplyLetter.objects.filter(reply__in=replies)).select_related("letter")}
    return [{"reply": r, "class_words": CLASS_WORDS.get(r.reply_class, r.reply_class), "letter": letters.get(r.pk)} for r in replies]


def _contacts(user, matter, actor):
    rows = access.visible(user, Contact.objects.filter(assignment__matter=matter)).select_related(
        "assignment__unit", "representative").order_by("happened_on", "id")
    return [{"contact": c, "mine_pending": c.representative_id in actor.representative_ids and c.confirmation == Contact.Confirmation.PENDING}
            for c in rows]


def _evaluations(user, matter):
    return access.visible(user, Evaluation.objects.filter(matter=matter)).order_by("round", "at", "id")


@login_required
def rep_detail(request, pk):
    actor = access.require_role(request.user, Role.REPRESENTATIVE, request=request)
    suggestion = access.get_object(request.user, Suggestion.objects.filter(matter__kind=KIND).select_related(
        "matter", "matter__representative", "matter__owner_congress", "term", "session"), request=request, pk=pk)
    matter = suggestion.matter
    forms = _Forms(matter)
    if request.method == "POST":
        done = _act(request, suggestion, actor, forms)
        if done is not None:
            return done
        suggestion = Suggestion.objects.select_related("matter", "matter__representative", "term", "session").get(pk=suggestion.pk)
        matter = suggestion.matter
    actions = available_actions(actor, matter)
    signers = list(access.visible(request.user, Signer.objects.filter(suggestion=suggestion)).select_related("representative"))
    my_signer = next((s for s in signers if s.representative_id in actor.representative_ids), None)
    is_lead = matter.representative_id in actor.representative_ids
    judged = (Evaluation.objects.filter(matter=matter, round=matter.round, by=request.user, at__gte=matter.replied_at).first()
              if matter.replied_at else None)
    waiting = [s for s in signers if s.state == Signer.State.INVITED]
    events = access.visible(request.user, matter.timeline.all()).prefetch_related("attachments")
    opening = access.visible(request.user, Attachment.objects.filter(matter=matter, event__action="open")).order_by("id")
    if forms.revise.is_bound is False and matter.status == "returned":
        forms.revise = ReviseForm(prefix="revise", initial={"title": matter.title, "text": matter.text, "category": matter.category})
    return_reasons = [Suggestion.Admissibility(r).label for r in suggestion.return_reasons if r in Suggestion.Admissibility.values]
    return_note = ""
    if matter.status == "returned":
        last_return = matter.timeline.filter(action="return").order_by("-at", "-id").first()
        return_note = last_return.note if last_return else ""
        words = "；".join(str(label) for label in return_reasons)
        if words and return_note.startswith(words):  # the service writes the reasons' words before the staff's note
            return_note = return_note[len(words):].lstrip("。").strip()
    context = {
        "suggestion": suggestion, "matter": matter, "status_label": matter.policy.states[matter.status].label,
        "signers": signers, "my_signer": my_signer, "is_lead": is_lead,
        "units": _units(request.user, matter), "contacts": _contacts(request.user, matter, actor),
        "replies": _replies(request.user, matter), "evaluations": _evaluations(request.user, matter),
        "timeline": timeline_items(events), "photos": [a for a in opening if a.kind == Attachment.Kind.IMAGE],
        "documents": [a for a in opening if a.kind != Attachment.Kind.IMAGE],
        "adopted": access.visible(request.user, Matter.objects.filter(converted_to=matter)).order_by("pk"),
        "return_reasons": return_reasons,
        "return_note": return_note, "forms": forms, "waiting": waiting,
        "may_answer": my_signer is not None and not my_signer.is_lead and my_signer.state == Signer.State.INVITED and matter.status == "collecting",
        "may_submit": "submit" in actions and is_lead, "may_withdraw": "withdraw" in actions and is_lead,
        "may_revise": "resubmit" in actions and is_lead,
        "may_evaluate": "evaluate" in actions and judged is None, "judged": judged, "decides": is_lead,
        "category_name": _category_name(matter.category), "ratings": Rating,
        "page_title": _("Suggestion"), "back_url": reverse("suggestions:rep_list"),
    }
    return render(request, "suggestions/mobile/rep_detail.html", context)


def _category_name(code):
    from ..models import Category

    return Category.objects.filter(code=code).values_list("name", flat=True).first() or code


def register_navigation():
    """Menu entries and workbench items of these pages."""
    navigation.register("mobile", gettext_lazy("Suggestions"), "suggestions:rep_list", roles=[Role.REPRESENTATIVE], icon="bulb",
                        order=110, badge=waiting_badge)
