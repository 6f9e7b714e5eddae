"""Every step of a suggestion's life, one function each, each one transaction on the engine.

Raising (alone or jointly, by the representative or by staff for them, adopting citizens'
opinions), co-signers' confirmation, review (register with a number, or return with the reasons),
the planned units, assignment (one or a whole assignment meeting's batch), the units' contacts
with the representatives and their confirmation, the reply with its class and letter, judgements,
key suggestions, the year's roll-over and a new term's numbers."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.matters import services as engine
from minyi.matters.models import Assignment, Channel, Matter, TimelineEvent
from minyi.matters.services import StaleMatter, TransitionNotAllowed  # noqa: F401  (callers catch them from here)
from minyi.organisations.models import Congress, Session, Term

from .models import Category, Contact, KeySuggestion, NumberSequence, ReplyLetter, Signer, Suggestion
from .policy import KIND, follow_up_due, is_owner_staff, settings_for

TITLE_LIMIT = 100
TEXT_LIMIT = 10000
INTERNAL = TimelineEvent.Visibility.INTERNAL


def _actor(user):
    return user if isinstance(user, access.Actor) else access.actor_for(user)


def _user(actor):
    user = getattr(actor, "user", actor)
    return user if getattr(user, "is_authenticated", False) else None


# --- Raising ------------------------------------------------------------------------------------


@dataclass
class Draft:
    """What a representative (or staff for them) writes; validated by `validate_draft`."""

    title: str = ""
    text: str = ""
    category: str = ""
    session_id: int | None = None
    co_signer_ids: list = field(default_factory=list)
    publish_consent: bool = True
    documents: list = field(default_factory=list)  # cleaned by attachments.clean_document
    photos: list = field(default_factory=list)  # cleaned by attachments.clean_photos
    adopted_matter_ids: list = field(default_factory=list)


def current_mandates(representative, day=None):
    """The representative's current mandates in congresses on the platform, closest to the people first."""
    mandates = representative.mandates.covering(day or timezone.localdate()).filter(congress__isnull=False, congress__is_active=True).select_related(
        "congress__region", "term")
    return sorted(mandates, key=lambda mandate: -mandate.congress.region.level)


def validate_draft(draft, *, lead, congress):
    """Every problem at once, keyed by field. Returns (term, session, co-signers, adopted opinions)."""
    from minyi.representatives.models import Representative

    errors = {}
    title, text = (draft.title or "").strip(), (draft.text or "").strip()
    if len(title) < 4:
        errors["title"] = _("Give the suggestion a title of at least 4 characters.")
    elif len(title) > TITLE_LIMIT:
        errors["title"] = _("A title may have at most %(limit)d characters.") % {"limit": TITLE_LIMIT}
    if len(text) < 20:
        errors["text"] = _("Set out the problem and what you suggest in at least 20 characters.")
    elif len(text) > TEXT_LIMIT:
        errors["text"] = _("The text has %(count)d characters; at most %(limit)d are allowed.") % {"count": len(text), "limit": TEXT_LIMIT}
    if not Category.objects.filter(code=draft.category, is_active=True).exists():
        errors["category"] = _("Choose the suggestion's area from the list.")
    today = timezone.localdate()
    term = congress.term_on(today) if congress else None
    if congress is None or not any(m.congress_id == congress.pk for m in current_mandates(lead)):
        errors["congress"] = _("The lead representative holds no current seat in that congress.")
    elif term is None:
        errors["congress"] = _("The congress has no current term on the platform; ask its office to enter it.")
    session = None
    if draft.session_id:
        session = Session.objects.filter(pk=draft.session_id, term=term).first() if term else None
        if session is None:
            errors["session_id"] = _("Choose a session of the congress's current term, or none for a suggestion between sessions.")
    co_signers = list(Representative.objects.filter(pk__in=[i for i in draft.co_signer_ids if i != lead.pk]))
    if len(co_signers) != len({i for i in draft.co_signer_ids if i != lead.pk}):
        errors["co_signer_ids"] = _("A co-signer could not be found.")
    elif congress is not None and any(not any(m.congress_id == congress.pk for m in current_mandates(r)) for r in co_signers):
        errors["co_signer_ids"] = _("Every co-signer must be a current representative of the same congress.")
    adopted = list(Matter.objects.filter(pk__in=draft.adopted_matter_ids, kind="opinion"))
    if len(adopted) != len(set(draft.adopted_matter_ids)):
        errors["adopted_matter_ids"] = _("An adopted opinion could not be found.")
    if errors:
        raise ValidationError(errors)
    return term, session, co_signers, adopted


def raise_suggestion(draft, *, actor, lead, congress, idempotency_key=None):
    """A new suggestion. With co-signers it waits for their confirmations; alone it goes straight to
    review. Staff may enter one for a representative (from a paper form). Adopted opinions point
    to it from then on. Returns the Suggestion. The same `idempotency_key` (a form's one-time token,
    an API caller's Idempotency-Key) for the same lead always returns the one suggestion it made."""
    existing = raised_with(lead, idempotency_key)
    if existing:
        return existing
    key = _idempotency(lead, idempotency_key)
    try:
        return _raise(draft, actor=actor, lead=lead, congress=congress, key=key)
    except IntegrityError:
        existing = Suggestion.objects.filter(idempotency_key=key).first() if key else None
        if existing is None:
            raise
        return existing  # the same key, raised at the same moment by a second request


def _idempotency(lead, key):
    return f"{lead.pk}:{key}"[:100] if key else None


def raised_with(lead, idempotency_key):
    """The suggestion `lead` already raised with this key, if any."""
    key = _idempotency(lead, idempotency_key)
    return Suggestion.objects.filter(idempotency_key=key).first() if key else None


@transaction.atomic
def _raise(draft, *, actor, lead, congress, key):
    actor = _actor(actor)
    by_staff = not (lead.pk in actor.representative_ids)
    if by_staff and not (actor.is_system_admin or (actor.is_congress_staff and congress and congress.pk in actor.congress_ids)):
        raise PermissionDenied
    term, session, co_signers, adopted = validate_draft(draft, lead=lead, congress=congress)
    if adopted and access.visible(actor.user, Matter.objects.filter(pk__in=[m.pk for m in adopted])).count() != len(adopted):
        raise PermissionDenied
    title, text = draft.title.strip(), draft.text.strip()
    matter = engine.open_matter(
        KIND, actor=actor, title=title, text=text, region_code=congress.region_id, owner_congress=congress,
        channel=Channel.STAFF_ENTRY if by_staff else Channel.REPRESENTATIVE, category=draft.category, representative=lead,
        raised_by=None if by_staff else actor.user, state="collecting" if co_signers else "submitted",
        data={"co_signers": [r.pk for r in co_signers], "session": session.pk if session else None,
              "adopted": [m.pk for m in adopted]},
    )
    suggestion = Suggestion.objects.create(
        matter=matter, term=term, session=session, year=timezone.localdate().year, publish_consent=draft.publish_consent,
        entered_by_staff=by_staff, idempotency_key=key,
    )
    Signer.objects.create(suggestion=suggestion, representative=lead, is_lead=True, state=Signer.State.CONFIRMED,
                          answered_at=timezone.now())
    for representative in co_signers:
        Signer.objects.create(suggestion=suggestion, representative=representative)
    from minyi.matters.attachments import save_documents, save_photos

    save_photos(matter, list(draft.photos), event=matter.opening_event, user=actor.user)
    save_documents(matter, list(draft.documents), event=matter.opening_event, user=actor.user)
    for opinion in adopted:
        engine.convert(opinion, into=matter, actor=actor, note=_("Taken up into the suggestion “%(title)s”.") % {"title": title})
    return suggestion


@transaction.atomic
def answer_invitation(suggestion, *, actor, confirm):
    """A co-signer confirms (the suggestion now counts for them too) or declines. When nobody is left
    to answer, the suggestion goes to review by itself."""
    actor = _actor(actor)
    matter = engine._lock(suggestion.matter)
    signer = Signer.objects.select_for_update().filter(
        suggestion=suggestion, representative_id__in=actor.representative_ids, is_lead=False).first()
    if signer is None:
        raise PermissionDenied
    if signer.state != Signer.State.INVITED or matter.status != "collecting":
        raise ValidationError(_("This invitation has already been answered."))
    signer.state = Signer.State.CONFIRMED if confirm else Signer.State.DECLINED
    signer.answered_at = timezone.now()
    signer.save(update_fields=["state", "answered_at"])
    engine._save(matter)
    engine._event(matter, "cosign" if confirm else "cosign_declined", actor=actor, from_status=matter.status,
                  data={"representative": signer.representative_id})
    if not suggestion.signers.filter(state=Signer.State.INVITED).exists():
        engine._move(matter, "submit", actor=actor, system=True)
        engine._finish(None, matter, "submit", actor=None, moved=("collecting", matter.status), label=_("System"),
                       note=_("Every co-signer has answered."))
    engine._sync(suggestion.matter, matter)
    return signer


@transaction.atomic
def submit(suggestion, *, actor, drop_unanswered=False, expected_version=None):
    """The lead sends a joint suggestion to review. Co-signers who have not answered block it,
    unless the lead drops them (they are then recorded as not having signed)."""
    waiting = suggestion.signers.filter(state=Signer.State.INVITED)
    if waiting.exists():
        if not drop_unanswered:
            names = "、".join(s.representative.name for s in waiting.select_related("representative"))
            raise ValidationError(_("Waiting for %(names)s to confirm. Wait for them, or send it without their signature.") % {"names": names})
        waiting.update(state=Signer.State.DECLINED, answered_at=timezone.now())
    return engine.transition(suggestion.matter, "submit", actor=actor, expected_version=expected_version,
                             data={"dropped": drop_unanswered})


@transaction.atomic
def withdraw(suggestion, *, actor, reason="", expected_version=None):
    return engine.transition(suggestion.matter, "withdraw", actor=actor, note=reason, expected_version=expected_version)


@transaction.atomic
def revise(suggestion, draft, *, actor, expected_version=None):
    """The lead rewrites a returned suggestion and sends it to review again."""
    matter = suggestion.matter
    if matter.status != "returned":
        raise TransitionNotAllowed(matter, "resubmit")
    lead = matter.representative
    errors = {}
    try:
        validate_draft(Draft(title=draft.title, text=draft.text, category=draft.category, session_id=suggestion.session_id),
                       lead=lead, congress=matter.owner_congress)
    except ValidationError as error:
        errors = error.message_dict
    if errors:
        raise ValidationError(errors)
    event = engine.transition(matter, "resubmit", actor=actor, expected_version=expected_version,
                              data={"previous_title": matter.title, "revision": suggestion.revision + 1})
    from minyi.matters import search

    Matter.objects.filter(pk=matter.pk).update(title=draft.title.strip(), text=draft.text.strip(), category=draft.category,
                                               search_text=search.words_of(draft.title.strip(), draft.text.strip()))
    matter.refresh_from_db()
    suggestion.revision += 1
    suggestion.save(update_fields=["revision"])
    return event


# --- Review -------------------------------------------------------------------------------------


def _sequence_for(suggestion, settings):
    session = suggestion.session if settings.number_per_session else None
    congress_id = suggestion.matter.owner_congress_id
    # Created outside the row lock: two registrations racing to create it meet the unique constraint.
    try:
        with transaction.atomic():
            sequence, _created = NumberSequence.objects.get_or_create(congress_id=congress_id, term=suggestion.term, session=session)
    except IntegrityError:
        sequence = NumberSequence.objects.get(congress_id=congress_id, term=suggestion.term, session=session)
    return NumberSequence.objects.select_for_update().get(pk=sequence.pk)


def number_label(settings, suggestion, number):
    per_session = suggestion.session_id is not None and settings.number_per_session
    return (settings.session_number_format if per_session else settings.number_format).format(
        number=number, year=suggestion.year, term=suggestion.term.number,
        session=suggestion.session.number if suggestion.session_id else 0,
    )


@transaction.atomic
def register(suggestion, *, actor, note="", expected_version=None):
    """Admissible: the suggestion takes the next number of its sequence (locked, in this
    transaction: no gaps, no duplicates) and waits for assignment."""
    matter = engine._lock(suggestion.matter, expected_version)
    if matter.status != "submitted":
        raise TransitionNotAllowed(matter, "register")
    if not is_owner_staff(_actor(actor), matter):
        raise PermissionDenied
    suggestion = Suggestion.objects.select_related("term", "session").get(pk=suggestion.pk)
    settings = settings_for(matter.owner_congress_id)
    sequence = _sequence_for(suggestion, settings)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    suggestion.sequence, suggestion.number = sequence, sequence.last_number
    suggestion.number_label = number_label(settings, suggestion, sequence.last_number)
    suggestion.save(update_fields=["sequence", "number", "number_label"])
    event = engine.transition(matter, "register", actor=actor, note=note, data={"number": suggestion.number, "label": suggestion.number_label})
    engine._sync(suggestion.matter, Matter.objects.get(pk=matter.pk))
    return event


@transaction.atomic
def return_for_revision(suggestion, *, actor, reasons, note="", expected_version=None):
    """Not admissible as it stands: back to the lead representative with the reasons (from the
    statutory list) and a note; they may revise and send it again, or withdraw it."""
    valid = set(Suggestion.Admissibility.values)
    reasons = [r for r in reasons if r in valid]
    if not reasons:
        raise ValidationError({"reasons": _("Choose at least one reason from the list.")})
    words = "；".join(str(Suggestion.Admissibility(r).label) for r in reasons)
    event = engine.transition(suggestion.matter, "return", actor=actor, note=f"{words}。{note}".strip() if note else words,
                              expected_version=expected_version, data={"reasons": reasons})
    suggestion.return_reasons = reasons
    suggestion.save(update_fields=["return_reasons"])
    return event


@transaction.atomic
def plan_units(suggestion, *, actor, lead=None, co_units=()):
    """The office's proposed units (拟办意见), used when the assignment meeting assigns in a batch."""
    if not is_owner_staff(_actor(actor), suggestion.matter):
        raise PermissionDenied
    if suggestion.matter.status not in ("submitted", "registered"):
        raise TransitionNotAllowed(suggestion.matter, "plan")
    _check_units(suggestion.matter, lead, co_units, required=False)
    suggestion.planned_lead = lead
    suggestion.save(update_fields=["planned_lead"])
    suggestion.planned_co_units.set([u for u in co_units if lead is None or u.pk != lead.pk])
    return suggestion


def assignable_units(matter):
    """The active units of the holding congress's government (its region's own units)."""
    from minyi.organisations.models import Unit

    return Unit.objects.filter(region_id=matter.owner_congress.region_id, is_active=True).order_by("name")


def _check_units(matter, lead, co_units, *, required=True):
    if lead is None:
        if required:
            raise ValidationError({"lead": _("Choose the lead unit.")})
        return
    wanted = {u.pk for u in [lead, *co_units]}
    if assignable_units(matter).filter(pk__in=wanted).count() != len(wanted):
        raise ValidationError({"lead": _("Choose active units of the congress's own government.")})


# --- Assignment ---------------------------------------------------------------------------------


def assignment_dues(suggestions):
    """{suggestion pk: the date by which staff must have assigned it}: the congress's period (5 working
    days) from its arrival in review, for inter-session suggestions; session suggestions wait for the
    assignment meeting and are left out. One query for the arrival times, one calendar per congress."""
    from django.db.models import Min, Q

    from minyi.workdays.calendar import Calendar

    between = [s.pk for s in suggestions if s.session_id is None]
    rows = (Suggestion.objects.filter(pk__in=between)
            .annotate(received=Min("matter__timeline__at", filter=Q(matter__timeline__to_status="submitted")))
            .values_list("pk", "received", "matter__created_at", "matter__owner_congress_id"))
    calendars, rules, dues = {}, {}, {}
    for pk, received, created, congress_id in rows:
        if congress_id not in calendars:
            calendars[congress_id], rules[congress_id] = Calendar(congress_id), settings_for(congress_id).assign_rule
        dues[pk] = calendars[congress_id].deadline(received or created, rules[congress_id]).date
    return dues


def assignment_due(suggestion):
    """When staff must have assigned this suggestion (None for a session suggestion)."""
    return assignment_dues([suggestion]).get(suggestion.pk)


def overdue_for_assignment(suggestions, today=None):
    """Those of `suggestions` (waiting for review or assignment) past their assignment date."""
    suggestions = list(suggestions)
    today = today or timezone.localdate()
    dues = assignment_dues(suggestions)
    return [s for s in suggestions if s.pk in dues and dues[s.pk] < today]



@transaction.atomic
def assign(suggestion, *, actor, lead, co_units=(), note="", expected_version=None):
    _check_units(suggestion.matter, lead, co_units)
    return engine.assign(suggestion.matter, lead=lead, co_units=co_units, actor=actor, note=note, expected_version=expected_version)


@dataclass
class BatchResult:
    assigned: list = field(default_factory=list)  # suggestions
    skipped: list = field(default_factory=list)  # (suggestion, reason)


def assign_batch(suggestions, *, actor, note=""):
    """The assignment meeting (交办会): each registered suggestion goes to its planned units, each in
    its own transaction; one already assigned by someone else, or without planned units, is skipped
    with the reason and the others go on."""
    result = BatchResult()
    for suggestion in suggestions:
        lead = suggestion.planned_lead
        if lead is None:
            result.skipped.append((suggestion, _("No proposed lead unit.")))
            continue
        try:
            assign(suggestion, actor=actor, lead=lead, co_units=list(suggestion.planned_co_units.all()), note=note)
        except TransitionNotAllowed:
            result.skipped.append((suggestion, _("Already assigned, or no longer waiting for assignment.")))
        except ValidationError as error:
            result.skipped.append((suggestion, "；".join(error.messages)))
        else:
            result.assigned.append(suggestion)
    return result


# --- Handling -----------------------------------------------------------------------------------


@transaction.atomic
def record_contact(assignment, *, actor, representative, method, stage, happened_on, note):
    """The unit records a contact with one of the suggestion's representatives; they are asked to confirm it."""
    if not access.can(_user(actor), "progress", assignment):
        raise PermissionDenied
    matter = engine._lock(assignment.matter)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    errors = {}
    if not Signer.objects.filter(suggestion_id=matter.pk, representative=representative, state=Signer.State.CONFIRMED).exists():
        errors["representative"] = _("Choose one of the suggestion's representatives.")
    if method not in Contact.Method.values:
        errors["method"] = _("Choose how you were in contact.")
    if stage not in Contact.Stage.values:
        errors["stage"] = _("Choose before or after the reply.")
    today = timezone.localdate()
    if not isinstance(happened_on, datetime.date) or happened_on > today:
        errors["happened_on"] = _("Give the date of the contact; it cannot be in the future.")
    elif happened_on < timezone.localtime(assignment.assigned_at).date():
        errors["happened_on"] = _("The contact cannot be before the suggestion was assigned to you.")
    if len((note or "").strip()) < 5:
        errors["note"] = _("Say in a few words what was discussed.")
    if stage == Contact.Stage.BEFORE and assignment.state not in Assignment.OPEN_STATES:
        errors["stage"] = _("The reply has been sent: record this contact as after the reply.")
    if errors:
        raise ValidationError(errors)
    contact = Contact.objects.create(assignment=assignment, representative=representative, method=method, stage=stage,
                                     happened_on=happened_on, note=note.strip(), recorded_by=_user(actor))
    now = timezone.now()
    assignment.last_response_at = now
    assignment.save(update_fields=["last_response_at"])
    matter.last_response_at = now
    engine._finish(None, matter, "contact", actor=actor, moved=None, note=contact.note, fields=["last_response_at"],
                   data={"assignment": assignment.pk, "unit": assignment.unit_id, "contact": contact.pk, "method": method,
                         "stage": stage, "date": str(happened_on), "representative": representative.pk})
    return contact


@transaction.atomic
def confirm_contact(contact, *, actor, happened, note=""):
    """The representative says the contact happened (or did not, with a remark)."""
    actor = _actor(actor)
    contact = Contact.objects.select_for_update().select_related("assignment__matter").get(pk=contact.pk)
    matter = contact.assignment.matter
    if contact.representative_id not in actor.representative_ids and not is_owner_staff(actor, matter):
        raise PermissionDenied
    if contact.confirmation != Contact.Confirmation.PENDING:
        raise ValidationError(_("This contact has already been confirmed or disputed."))
    if not happened and len(note.strip()) < 2:
        raise ValidationError({"note": _("Say what was not as recorded.")})
    contact.confirmation = Contact.Confirmation.CONFIRMED if happened else Contact.Confirmation.DISPUTED
    contact.confirmed_by, contact.confirmed_at, contact.confirmation_note = actor.user, timezone.now(), note.strip()
    contact.save(update_fields=["confirmation", "confirmed_by", "confirmed_at", "confirmation_note"])
    locked = engine._lock(matter)
    engine._finish(None, locked, "contact_confirmed" if happened else "contact_disputed", actor=actor, moved=None, note=note.strip(),
                   data={"assignment": contact.assignment_id, "contact": contact.pk})
    return contact


def clean_letter(upload):
    """The signed and sealed reply letter: a PDF (a scan of the paper letter), at most 20 MB."""
    from minyi.matters.attachments import clean_document

    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".pdf"):
        raise ValidationError({"letter": _("%(name)s: upload the signed and sealed letter as a PDF file.") % {"name": name}})
    try:
        return clean_document(upload)
    except ValidationError as error:
        raise ValidationError({"letter": error.messages}) from None


@transaction.atomic
def reply(assignment, *, actor, text, reply_class, letter=None, signed_by="", publish_consent=True, expected_version=None):
    """The lead unit's reply: class, text, the signed letter (a PDF). The policy refuses it without a
    contact with the representative first, without a class, or without the letter."""
    text = (text or "").strip()
    if len(text) < 10:
        raise ValidationError({"text": _("Write the reply in at least 10 characters.")})
    if letter is not None:
        letter = clean_letter(letter)
    answer = engine.reply(assignment, text=text, actor=actor, expected_version=expected_version,
                          documents=[letter] if letter else [], reply_class=reply_class)
    attachment = answer.matter.attachments.filter(kind="document").order_by("-id").first() if letter else None
    ReplyLetter.objects.create(reply=answer, letter=attachment, signed_by=(signed_by or "").strip()[:50], publish_consent=publish_consent)
    return answer


def evaluate(suggestion, *, actor, rating, comment="", expected_version=None):
    return engine.evaluate(suggestion.matter, rating=rating, comment=(comment or "").strip(), actor=actor, expected_version=expected_version)


# --- Key suggestions ----------------------------------------------------------------------------


@transaction.atomic
def designate_key(suggestion, *, actor, year, chosen_on, leading_leader, supervising_committee, plan, chosen_by=""):
    matter = engine._lock(suggestion.matter)
    if not is_owner_staff(_actor(actor), matter):
        raise PermissionDenied
    if matter.status in ("collecting", "submitted", "returned", "withdrawn", "closed"):
        raise ValidationError(_("Only a registered suggestion still being handled can be made a key suggestion."))
    errors = {}
    if not (leading_leader or "").strip():
        errors["leading_leader"] = _("Name the leader who leads the supervision.")
    if not (supervising_committee or "").strip():
        errors["supervising_committee"] = _("Name the supervising committee.")
    if len((plan or "").strip()) < 10:
        errors["plan"] = _("Set out the supervision plan in at least 10 characters.")
    if KeySuggestion.objects.filter(suggestion=suggestion).exists():
        errors["__all__"] = _("This suggestion is already a key suggestion.")
    if errors:
        raise ValidationError(errors)
    key = KeySuggestion.objects.create(
        suggestion=suggestion, year=year, chosen_on=chosen_on, leading_leader=leading_leader.strip(),
        supervising_committee=supervising_committee.strip(), plan=plan.strip(), chosen_by=(chosen_by or "").strip() or _("Chairperson's meeting"),
        created_by=_user(actor),
    )
    engine._finish(None, matter, "designate_key", actor=actor, moved=None, note=key.plan,
                   data={"leader": key.leading_leader, "committee": key.supervising_committee, "year": year})
    return key


# --- The year and the term ----------------------------------------------------------------------


def roll_over(*, to_year, actor=None, congress_ids=None):
    """B-class suggestions still followed up move into `to_year` with their history; their lead unit's
    follow-up is due at that year's end. `congress_ids`: only those congresses' (a staff member's
    own); None: all. Returns how many rolled over. Idempotent."""
    moved = 0
    candidates = Suggestion.objects.filter(matter__kind=KIND, matter__status="following_up", year__lt=to_year)
    if congress_ids is not None:
        candidates = candidates.filter(matter__owner_congress_id__in=congress_ids)
    candidates = candidates.values_list("pk", flat=True)
    for pk in candidates:
        with transaction.atomic():
            matter = Matter.objects.select_for_update().get(pk=pk)
            suggestion = Suggestion.objects.select_for_update().get(pk=pk)
            if matter.status != "following_up" or suggestion.year >= to_year:
                continue
            previous = suggestion.year
            suggestion.year = to_year
            suggestion.save(update_fields=["year"])
            matter.suggestion = suggestion
            lead = matter.assignments.filter(round=matter.round, role=Assignment.Role.LEAD, state=Assignment.State.SIGNED).order_by("-id").first()
            if lead is not None:
                lead.handle_due = follow_up_due(matter)
                lead.provisional = False
                lead.deadline_state = "normal"
                lead.save(update_fields=["handle_due", "provisional", "deadline_state"])
            engine._save(matter)
            engine._event(matter, "roll_over", actor=actor, from_status=matter.status, label=_("System") if actor is None else "",
                          data={"from_year": previous, "to_year": to_year})
            moved += 1
    return moved


def renumber_for_term(congress, new_term, *, actor=None):
    """A new term: suggestions still open from earlier terms take numbers in the new term's
    inter-session sequence and keep their earlier numbers. Returns how many were renumbered."""
    if new_term.congress_id != congress.pk:
        raise ValidationError(_("The term belongs to another congress."))
    open_states = ["registered", "assigned", "handling", "replied", "following_up", "supervised"]
    settings = settings_for(congress.pk)
    renumbered = 0
    candidates = Suggestion.objects.filter(matter__owner_congress=congress, matter__status__in=open_states).exclude(term=new_term)
    for pk in candidates.order_by("term__start", "number").values_list("pk", flat=True):
        with transaction.atomic():
            matter = Matter.objects.select_for_update().get(pk=pk)
            suggestion = Suggestion.objects.select_for_update().select_related("term").get(pk=pk)
            if suggestion.term_id == new_term.pk:
                continue
            earlier = {"term": suggestion.term.number, "label": suggestion.number_label}
            suggestion.earlier_numbers = [*suggestion.earlier_numbers, earlier]
            suggestion.term, suggestion.session = new_term, None
            sequence = _sequence_for(suggestion, settings)
            sequence.last_number += 1
            sequence.save(update_fields=["last_number"])
            suggestion.sequence, suggestion.number = sequence, sequence.last_number
            suggestion.number_label = number_label(settings, suggestion, sequence.last_number)
            suggestion.save(update_fields=["earlier_numbers", "term", "session", "sequence", "number", "number_label"])
            engine._save(matter)
            engine._event(matter, "renumber", actor=actor, from_status=matter.status, label=_("System") if actor is None else "",
                          data={"from": earlier, "to": {"term": new_term.number, "label": suggestion.number_label}})
            renumbered += 1
    return renumbered


def congresses_for(actor):
    """The congresses whose suggestions `actor` handles as staff."""
    actor = _actor(actor)
    if actor.is_system_admin:
        return Congress.objects.filter(is_active=True, kind=Congress.Kind.CONGRESS)
    return Congress.objects.filter(pk__in=actor.congress_ids, is_active=True)


def terms_of(congress):
    return Term.objects.filter(congress=congress).order_by("-start")
