"""Representatives' suggestions over JSON: the whole lifecycle with the services and permissions of
the pages. Every suggestion is loaded through `access` (outside the caller's scope: 404), every step
is a service call (not the caller's step: 403; not possible now or the version is stale: 409; bad
input: 422 with messages per field), and every change takes the `version` the caller last read.

The engine's own steps work on suggestions too (/api/matters/{id}/supervisions, /api/assignments/{id}/sign,
…/contribution, …/extension-requests); a suggestion's reply needs its class and letter, so it is sent here."""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from minyi.accounts import access
from minyi.matters import api as matters_api
from minyi.matters.attachments import clean_document
from minyi.matters.models import Assignment, Matter, Rating, Reply
from minyi.organisations.models import Congress
from minyi.representatives.models import Representative

from . import services
from .models import Contact, ReplyLetter, Signer, Suggestion
from .policy import CLASSES, KIND

router = Router(tags=["suggestions"], auth=matters_api.AUTH)
NOTE_LIMIT = matters_api.NOTE_LIMIT


# --- Schemas ------------------------------------------------------------------------------------------


class SuggestionIn(Schema):
    title: str = Field(description="4 to 100 characters.")
    text: str = Field(description="The problem and what is suggested, 20 to 10,000 characters.")
    category: str = Field(description="An area code (城乡建设…) from the congress's list.")
    congress: int | None = Field(None, description="The congress it is raised in; the lead's only current congress when empty.")
    lead_representative: int | None = Field(None, description="Staff entering it for a representative: their id. "
                                                                "A representative raising their own leaves it empty.")
    session: int | None = Field(None, description="A session of the current term (大会建议); empty between sessions.")
    co_signers: list[int] = Field(default_factory=list, description="Representatives invited to sign jointly (联名).")
    adopted_opinions: list[int] = Field(default_factory=list, description="Citizens' opinions (matter ids) taken up into it.")
    publish_consent: bool = Field(True, description="The representative agrees to publication once replied.")


class InvitationIn(Schema):
    confirm: bool = Field(description="true: sign jointly; false: decline.")


class SubmitIn(matters_api.Versioned):
    drop_unanswered: bool = Field(False, description="Send it without the co-signers who have not answered.")


class ReviseIn(matters_api.Versioned):
    title: str
    text: str
    category: str


class WithdrawIn(matters_api.Versioned):
    reason: str = Field("", max_length=NOTE_LIMIT)


class ReturnIn(matters_api.Versioned):
    reasons: list[Literal[tuple(Suggestion.Admissibility.values)]] = Field(description="Reasons from the statutory list.")
    note: str = Field("", max_length=NOTE_LIMIT)


class PlanIn(Schema):
    lead: int | None = Field(None, description="The proposed lead unit; empty clears it.")
    co_units: list[int] = Field(default_factory=list)


class AssignIn(matters_api.Versioned):
    lead: int
    co_units: list[int] = Field(default_factory=list)
    note: str = Field("", max_length=NOTE_LIMIT)


class ContactIn(Schema):
    assignment: int | None = Field(None, description="Your unit's assignment; your current one when empty.")
    representative: int = Field(description="One of the suggestion's representatives.")
    method: Literal[tuple(Contact.Method.values)]
    stage: Literal[tuple(Contact.Stage.values)] = Contact.Stage.BEFORE
    happened_on: date
    note: str = Field(max_length=NOTE_LIMIT)


class ConfirmationIn(Schema):
    happened: bool = Field(description="true: it happened as recorded; false: dispute it, saying why in `note`.")
    note: str = Field("", max_length=NOTE_LIMIT)


class ReplyIn(matters_api.Versioned):
    text: str = Field(max_length=NOTE_LIMIT * 5)
    reply_class: str = Field(description="A, B, C (or D where the congress uses it).")
    assignment: int | None = Field(None, description="Your unit's lead assignment; your current one when empty.")
    signed_by: str = Field("", max_length=50, description="The unit head who signed the letter.")
    publish_consent: bool = Field(True, description="The unit agrees to the letter's publication.")


class EvaluationIn(matters_api.Versioned):
    rating: Literal[tuple(Rating.values)]
    comment: str = Field("", max_length=NOTE_LIMIT)


class KeyIn(Schema):
    year: int = Field(ge=2000, le=2100)
    chosen_on: date
    leading_leader: str = Field(max_length=50)
    supervising_committee: str = Field(max_length=100)
    plan: str = Field(max_length=NOTE_LIMIT * 5)
    chosen_by: str = Field("", max_length=100)


class SuggestionFilters(Schema):
    status: str | None = None
    congress: int | None = None
    year: int | None = None
    category: str | None = None
    q: str | None = Field(None, max_length=200, description="Words in the title or text (Chinese words understood).")
    page: int = Field(1, ge=1)
    page_size: int = Field(matters_api.PAGE_SIZE, ge=1, le=matters_api.MAX_PAGE_SIZE)


class SuggestionSummary(Schema):
    id: int
    number: str
    title: str
    status: str
    status_label: str
    year: int
    congress: matters_api.CongressOut
    session: int | None
    category: str
    lead_representative: str | None
    joint: bool
    created_at: datetime
    version: int


class SuggestionPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[SuggestionSummary]


# --- Helpers ----------------------------------------------------------------------------------------


def _user(request):
    return matters_api.user_of(request)


def _suggestion(request, pk):
    matter = matters_api.load_matter(request, pk)
    if matter.kind != KIND:
        raise Http404
    return Suggestion.objects.select_related("matter__owner_congress", "term", "session").get(pk=matter.pk)


def _detail(request, pk):
    return matters_api.fresh_detail(request, pk)


def _units(matter, ids, field):
    found = {u.pk: u for u in services.assignable_units(matter).filter(pk__in=ids)}
    if any(i not in found for i in ids):
        raise matters_api.field_error(field, _("Choose a handling unit from the list."))
    return [found[i] for i in ids]


def _my_assignment(request, suggestion, assignment_id, *, lead_only=False):
    """The caller's assignment on the suggestion: the one named, or their unit's current one."""
    assignments = access.visible(_user(request), Assignment.objects.filter(matter_id=suggestion.pk).select_related("matter"))
    if assignment_id is not None:
        found = assignments.filter(pk=assignment_id).first()
        if found is None:
            raise Http404
        return found
    actor = access.actor_for(_user(request))
    mine = assignments.filter(unit_id__in=actor.unit_ids).exclude(state=Assignment.State.WITHDRAWN)
    if lead_only:
        mine = mine.filter(role=Assignment.Role.LEAD)
    found = mine.order_by("-round", "role", "-id").first()
    if found is None:
        raise PermissionDenied
    return found


# --- Reading ------------------------------------------------------------------------------------------


def _summaries(suggestions):
    out = []
    for s in suggestions:
        matter = s.matter
        out.append({
            "id": s.pk, "number": s.number_label, "title": matter.title, "status": matter.status,
            "status_label": matters_api.status_label(matter), "year": s.year,
            "congress": {"id": matter.owner_congress_id, "name": matter.owner_congress.name}, "session": s.session_id,
            "category": matter.category, "lead_representative": matter.representative.name if matter.representative_id else None,
            "joint": s.signer_count > 1, "created_at": matter.created_at, "version": matter.version,
        })
    return out


@router.get("", response=SuggestionPage, summary="List the suggestions you may see",
            description="Staff see their congresses' suggestions, a unit those assigned to it, a representative those "
                        "they lead or signed. Newest first.")
def list_suggestions(request, filters: Query[SuggestionFilters]):
    from django.db.models import Count, Q

    from minyi.matters import search

    matters = access.visible(_user(request), Matter.objects.filter(kind=KIND))
    if filters.q:
        matters = search.matching(matters, filters.q)
    rows = Suggestion.objects.filter(pk__in=matters.values("pk")).select_related("matter__owner_congress", "matter__representative")
    if filters.status:
        rows = rows.filter(matter__status=filters.status)
    if filters.congress:
        rows = rows.filter(matter__owner_congress_id=filters.congress)
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.category:
        rows = rows.filter(matter__category=filters.category)
    rows = rows.annotate(signer_count=Count("signers", filter=Q(signers__state=Signer.State.CONFIRMED))).order_by("-matter__created_at", "-pk")
    page = matters_api.paginate(rows, filters.page, filters.page_size)
    page["items"] = _summaries(page["items"])
    return page


@router.get("/{int:suggestion_id}", response=matters_api.MatterDetail, summary="One suggestion, its timeline and what you may do now",
            description="The engine's detail of the matter; `details` carries the suggestion's own parts (number, signers, "
                        "contacts, reply letters, key-suggestion designation) as far as you may see them.")
def get_suggestion(request, suggestion_id: int):
    _suggestion(request, suggestion_id)
    return _detail(request, suggestion_id)


# --- Raising ------------------------------------------------------------------------------------------


def _lead_and_congress(request, body):
    actor = access.actor_for(_user(request))
    errors = {}
    if body.lead_representative is not None:
        lead = Representative.objects.filter(pk=body.lead_representative).first()
        if lead is None:
            errors["lead_representative"] = _("The representative could not be found.")
    elif actor.representative_ids:
        lead = Representative.objects.filter(pk__in=actor.representative_ids).order_by("pk").first()
    else:
        lead = None
        errors["lead_representative"] = _("Name the representative you enter the suggestion for.")
    congress = None
    if body.congress is not None:
        congress = Congress.objects.filter(pk=body.congress, is_active=True).first()
        if congress is None:
            errors["congress"] = _("The congress could not be found.")
    elif lead is not None:
        mandates = services.current_mandates(lead)
        if len(mandates) == 1:
            congress = mandates[0].congress
        else:
            errors["congress"] = _("Choose the congress the suggestion is raised in.")
    if errors:
        raise ValidationError(errors)
    return lead, congress


@router.post("", response={201: matters_api.MatterDetail}, summary="Raise a suggestion (representative, or staff for one)",
             description="JSON, or multipart with the same fields and `documents` (PDF, Word…). With co-signers it waits "
                         "for their confirmation; alone it goes straight to review. Send an `Idempotency-Key` header (8–64 "
                         "letters, digits, - or _): a retry with the same key returns the suggestion the first call made.",
             openapi_extra=matters_api.body_with_files(SuggestionIn, {"documents": "Documents attached to the suggestion."}))
def raise_suggestion(request):
    key = request.headers.get("Idempotency-Key", "").strip()
    if key and not matters_api.IDEMPOTENCY_KEY.match(key):
        raise ValidationError({"Idempotency-Key": _("Send an Idempotency-Key of 8 to 64 letters, digits, hyphens or underscores.")})
    body, uploads = matters_api.read_body(request, SuggestionIn, files=["documents"])
    lead, congress = _lead_and_congress(request, body)
    existing = services.raised_with(lead, key)
    if existing is not None:
        return Status(201, _detail(request, existing.pk))  # a retry: the first result, unchanged
    documents = []
    for upload in uploads["documents"]:
        try:
            documents.append(clean_document(upload))
        except ValidationError as error:
            raise ValidationError({"documents": error.messages}) from None
    draft = services.Draft(title=body.title, text=body.text, category=body.category, session_id=body.session,
                           co_signer_ids=body.co_signers, publish_consent=body.publish_consent, documents=documents,
                           adopted_matter_ids=body.adopted_opinions)
    suggestion = services.raise_suggestion(draft, actor=_user(request), lead=lead, congress=congress, idempotency_key=key or None)
    return Status(201, _detail(request, suggestion.pk))


@router.post("/{int:suggestion_id}/invitation", response=matters_api.MatterDetail, summary="Confirm or decline a joint signature (co-signer)")
def answer_invitation(request, suggestion_id: int, body: InvitationIn):
    suggestion = _suggestion(request, suggestion_id)
    services.answer_invitation(suggestion, actor=_user(request), confirm=body.confirm)
    return _detail(request, suggestion_id)


@router.post("/{int:suggestion_id}/submit", response=matters_api.MatterDetail, summary="Send a joint suggestion to review (lead)")
def submit(request, suggestion_id: int, body: SubmitIn):
    suggestion = _suggestion(request, suggestion_id)
    with matters_api.refusals():
        services.submit(suggestion, actor=_user(request), drop_unanswered=body.drop_unanswered, expected_version=body.version)
    return _detail(request, suggestion_id)


@router.post("/{int:suggestion_id}/revise", response=matters_api.MatterDetail, summary="Revise a returned suggestion and send it again")
def revise(request, suggestion_id: int, body: ReviseIn):
    suggestion = _suggestion(request, suggestion_id)
    with matters_api.refusals():
        services.revise(suggestion, services.Draft(title=body.title, text=body.text, category=body.category), actor=_user(request),
                        expected_version=body.version)
    return _detail(request, suggestion_id)


@router.post("/{int:suggestion_id}/withdraw", response=matters_api.MatterDetail, summary="Withdraw (lead, before registration)")
def withdraw(request, suggestion_id: int, body: WithdrawIn):
    suggestion = _suggestion(request, suggestion_id)
    with matters_api.refusals():
        services.withdraw(suggestion, actor=_user(request), reason=body.reason, expected_version=body.version)
    return _detail(request, suggestion_id)


# --- Review and assignment (staff) --------------------------------------------------------------------


@router.post("/{int:suggestion_id}/register", response=matters_api.MatterDetail, summary="Register and number (代工委)")
def register(request, suggestion_id: int, body: matters_api.NoteIn):
    suggestion = _suggestion(request, suggestion_id)
    with matters_api.refusals():
        services.register(suggestion, actor=_user(request), note=body.note, expected_version=body.version)
    return _detail(request, suggestion_id)


@router.post("/{int:suggestion_id}/return", response=matters_api.MatterDetail, summary="Return for revision, with the reasons")
def return_(request, suggestion_id: int, body: ReturnIn):
    suggestion = _suggestion(request, suggestion_id)
    matters_api._may(request, suggestion.matter, "return")
    with matters_api.refusals():
        services.return_for_revision(suggestion, actor=_user(request), reasons=body.reasons, note=body.note,
                                     expected_version=body.version)
    return _detail(request, suggestion_id)


@router.post("/{int:suggestion_id}/plan", response=matters_api.MatterDetail, summary="Propose the units (拟办意见) for the assignment meeting")
def plan(request, suggestion_id: int, body: PlanIn):
    suggestion = _suggestion(request, suggestion_id)
    if not services.is_owner_staff(access.actor_for(_user(request)), suggestion.matter):
        raise PermissionDenied
    lead = _units(suggestion.matter, [body.lead], "lead")[0] if body.lead is not None else None
    co_units = _units(suggestion.matter, list(dict.fromkeys(body.co_units)), "co_units")
    with matters_api.refusals():
        services.plan_units(suggestion, actor=_user(request), lead=lead, co_units=co_units)
    return _detail(request, suggestion_id)


@router.post("/{int:suggestion_id}/assign", response=matters_api.MatterDetail, summary="Assign to a lead unit and co-units (交办)")
def assign(request, suggestion_id: int, body: AssignIn):
    suggestion = _suggestion(request, suggestion_id)
    matters_api._may(request, suggestion.matter, "assign")
    lead = _units(suggestion.matter, [body.lead], "lead")[0]
    co_units = _units(suggestion.matter, [u for u in dict.fromkeys(body.co_units) if u != body.lead], "co_units")
    with matters_api.refusals():
        services.assign(suggestion, actor=_user(request), lead=lead, co_units=co_units, note=body.note, expected_version=body.version)
    return _detail(request, suggestion_id)


# --- Handling -----------------------------------------------------------------------------------------


@router.post("/{int:suggestion_id}/contacts", response={201: matters_api.MatterDetail},
             summary="Record contact with a representative (unit; before the reply is required)")
def record_contact(request, suggestion_id: int, body: ContactIn):
    suggestion = _suggestion(request, suggestion_id)
    assignment = _my_assignment(request, suggestion, body.assignment)
    representative = Representative.objects.filter(pk=body.representative).first()
    if representative is None:
        raise matters_api.field_error("representative", _("Choose one of the suggestion's representatives."))
    with matters_api.refusals():
        services.record_contact(assignment, actor=_user(request), representative=representative, method=body.method,
                                stage=body.stage, happened_on=body.happened_on, note=body.note)
    return Status(201, _detail(request, suggestion_id))


@router.post("/{int:suggestion_id}/contacts/{int:contact_id}/confirmation", response=matters_api.MatterDetail,
             summary="Confirm or dispute a recorded contact (the representative contacted)")
def confirm_contact(request, suggestion_id: int, contact_id: int, body: ConfirmationIn):
    _suggestion(request, suggestion_id)
    contact = access.visible(_user(request), Contact.objects.filter(pk=contact_id, assignment__matter_id=suggestion_id)).first()
    if contact is None:
        raise Http404
    services.confirm_contact(contact, actor=_user(request), happened=body.happened, note=body.note)
    return _detail(request, suggestion_id)


@router.post("/{int:suggestion_id}/reply", response=matters_api.MatterDetail,
             summary="The lead unit's reply: class, text and the signed letter (PDF)",
             description="multipart/form-data with the fields and the `letter` (a PDF of at most 20 MB), or JSON when the "
                         "congress does not require the letter. Refused without a contact with the representative first.",
             openapi_extra=matters_api.body_with_files(ReplyIn, {"letter": "The signed and sealed reply letter, as one PDF."}))
def reply(request, suggestion_id: int):
    body, uploads = matters_api.read_body(request, ReplyIn, files=["letter"])
    suggestion = _suggestion(request, suggestion_id)
    assignment = _my_assignment(request, suggestion, body.assignment, lead_only=True)
    if not access.can(_user(request), "reply", assignment):
        raise PermissionDenied
    letters = uploads["letter"]
    if len(letters) > 1:
        raise matters_api.field_error("letter", _("Upload the reply letter as one PDF file."))
    with matters_api.refusals():
        services.reply(assignment, actor=_user(request), text=body.text, reply_class=body.reply_class.strip().upper(),
                       letter=letters[0] if letters else None, signed_by=body.signed_by, publish_consent=body.publish_consent,
                       expected_version=body.version)
    return _detail(request, suggestion_id)


@router.post("/{int:suggestion_id}/evaluation", response=matters_api.MatterDetail,
             summary="Judge the reply 满意 / 基本满意 / 不满意 (representatives; staff from a paper form)")
def evaluate(request, suggestion_id: int, body: EvaluationIn):
    suggestion = _suggestion(request, suggestion_id)
    with matters_api.refusals():
        services.evaluate(suggestion, actor=_user(request), rating=body.rating, comment=body.comment, expected_version=body.version)
    return _detail(request, suggestion_id)


@router.post("/{int:suggestion_id}/key", response={201: matters_api.MatterDetail}, summary="Make it a key suggestion (重点督办建议, staff)")
def designate_key(request, suggestion_id: int, body: KeyIn):
    suggestion = _suggestion(request, suggestion_id)
    services.designate_key(suggestion, actor=_user(request), year=body.year, chosen_on=body.chosen_on, leading_leader=body.leading_leader,
                           supervising_committee=body.supervising_committee, plan=body.plan, chosen_by=body.chosen_by)
    return Status(201, _detail(request, suggestion_id))


@router.get("/{int:suggestion_id}/units", response=list[matters_api.UnitOut], summary="Units staff may assign it to")
def units(request, suggestion_id: int):
    suggestion = _suggestion(request, suggestion_id)
    if not services.is_owner_staff(access.actor_for(_user(request)), suggestion.matter):
        raise PermissionDenied
    return [{"id": u.pk, "name": u.name} for u in services.assignable_units(suggestion.matter)]


# --- What a suggestion adds to the engine's answers ---------------------------------------------------


def _details(user, matter):
    suggestion = Suggestion.objects.filter(pk=matter.pk).select_related("term", "session", "planned_lead").first()
    if suggestion is None:
        return {}
    actor = access.actor_for(user)
    staff = services.is_owner_staff(actor, matter)
    signers = access.visible(user, Signer.objects.filter(suggestion=suggestion).select_related("representative"))
    contacts = access.visible(user, Contact.objects.filter(assignment__matter_id=matter.pk).select_related("representative"))
    letters = access.visible(user, ReplyLetter.objects.filter(reply__matter_id=matter.pk, reply__kind=Reply.Kind.REPLY).select_related("reply"))
    key = getattr(suggestion, "key", None)
    details = {
        "number": suggestion.number, "number_label": suggestion.number_label, "earlier_numbers": suggestion.earlier_numbers,
        "year": suggestion.year, "term": suggestion.term.number, "session": suggestion.session.number if suggestion.session_id else None,
        "publish_consent": suggestion.publish_consent, "entered_by_staff": suggestion.entered_by_staff,
        "return_reasons": suggestion.return_reasons, "revision": suggestion.revision,
        "reply_classes": list(CLASSES),
        "signers": [{"representative": s.representative_id, "name": s.representative.name, "is_lead": s.is_lead, "state": s.state}
                    for s in signers],
        "contacts": [{"id": c.pk, "assignment": c.assignment_id, "representative": c.representative_id,
                      "representative_name": c.representative.name, "method": c.method, "stage": c.stage,
                      "happened_on": c.happened_on.isoformat(), "note": c.note, "confirmation": c.confirmation}
                     for c in contacts],
        "letters": [{"reply": letter.reply_id, "round": letter.reply.round, "reply_class": letter.reply.reply_class,
                     "signed_by": letter.signed_by, "publish_consent": letter.publish_consent,
                     "url": f"{matters_api.API_ROOT}/matters/attachments/{letter.letter_id}" if letter.letter_id else None}
                    for letter in letters],
        "key": None if key is None else {"year": key.year, "chosen_on": key.chosen_on.isoformat(), "leading_leader": key.leading_leader,
                                         "supervising_committee": key.supervising_committee, "plan": key.plan},
    }
    if staff:
        details["planned_lead"] = suggestion.planned_lead_id
        details["planned_co_units"] = list(suggestion.planned_co_units.values_list("pk", flat=True))
    return details


matters_api.register_kind(
    KIND,
    details=_details,
    assignable_units=services.assignable_units,
    paths={"prefix": "suggestions", "submit": "submit", "withdraw": "withdraw", "register": "register", "return": "return",
           "resubmit": "revise", "reply": "reply"},
)

