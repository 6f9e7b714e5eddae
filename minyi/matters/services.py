"""One function per transition. Each runs in one transaction: lock the matter, check the
version the caller saw, check permission (the policy's predicate or the access module), change
state, append a timeline event, bump the version, queue the after-commit hooks."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minyi.accounts import access
from minyi.workdays.calendar import Calendar

from . import events, search
from .models import (
    Assignment,
    DeadlineExtension,
    Evaluation,
    Matter,
    Rating,
    ReassignmentRequest,
    Reply,
    Supervision,
    TimelineEvent,
)
from .policies import ENGINE_ACTIONS, is_evaluator, registry

PUBLIC = TimelineEvent.Visibility.PUBLIC
INTERNAL = TimelineEvent.Visibility.INTERNAL


class StaleMatter(Exception):
    message = _("This matter has changed since you opened it; reload and try again.")

    def __str__(self):
        return str(self.message)


class TransitionNotAllowed(Exception):
    message = _("This action is not possible in the matter's current state.")

    def __init__(self, matter=None, action=""):
        self.matter, self.action = matter, action
        super().__init__(f"{action!r} from {getattr(matter, 'status', '')!r}")

    def __str__(self):
        return str(self.message)


def _user(actor):
    if actor is None:
        return None
    user = actor.user if isinstance(actor, access.Actor) else actor
    return user if getattr(user, "is_authenticated", False) else None


def _label(actor, default=""):
    user = _user(actor)
    if user is None:
        return default
    return (getattr(user, "full_name", "") or user.get_username())[:100]


def _deny(actor, action, obj):
    from minyi.audit.services import record_denial

    record_denial(_user(actor), action, obj)
    raise PermissionDenied


def _lock(matter, expected_version=None):
    locked = Matter.objects.select_for_update().get(pk=matter.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleMatter
    return locked


def _sync(target, source):
    """Copy the saved row's values onto the caller's object, so it does not go stale itself."""
    for field in Matter._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def _event(matter, action, *, actor, from_status="", to_status="", note="", data=None, visibility=PUBLIC, label=""):
    event = TimelineEvent.objects.create(
        matter=matter,
        at=timezone.now(),
        actor=_user(actor),
        actor_label=label or _label(actor),
        action=action,
        from_status=from_status,
        to_status=to_status or from_status,
        note=note,
        data=data or {},
        visibility=visibility,
    )
    events.emit(
        {
            "event_id": event.pk,
            "matter_id": matter.pk,
            "kind": matter.kind,
            "action": action,
            "from_status": event.from_status,
            "to_status": event.to_status,
            "visibility": visibility,
        }
    )
    return event


def _save(matter, *fields):
    matter.version += 1
    matter.save(update_fields=[*fields, "version", "updated_at"])


def _move(matter, action, *, actor, system=False, required=True):
    """Check (status, action) in the kind's table and the predicate; set the new status.
    Returns (from, to), or None when the action is optional and the table has no entry."""
    policy = registry.get(matter.kind)
    entry = policy.transitions.get((matter.status, action))
    if entry is None:
        if required:
            raise TransitionNotAllowed(matter, action)
        return None
    target, predicate = entry
    if not system and not predicate(access.actor_for(_user(actor)) if not isinstance(actor, access.Actor) else actor, matter):
        _deny(actor, f"matter:{action}", matter)
    old = matter.status
    matter.status = target
    if policy.is_terminal(target) and matter.closed_at is None:
        matter.closed_at = timezone.now()
    return old, target


def _finish(caller, matter, action, *, actor, moved, note="", data=None, visibility=PUBLIC, fields=(), label=""):
    old, new = moved if moved else (matter.status, matter.status)
    _save(matter, "status", "closed_at", *fields)
    event = _event(matter, action, actor=actor, from_status=old, to_status=new, note=note, data=data, visibility=visibility, label=label)
    if caller is not None and caller is not matter:
        _sync(caller, matter)
    return event


def _check(actor, action, obj):
    if not access.can(_user(actor), action, obj):
        _deny(actor, action, obj)


def get_matter(user, *, action="view", request=None, **lookup):
    """Load one matter through the access scope (404 outside it); views and the API start here."""
    return access.get_object(user, Matter.objects.all(), action=action, request=request, **lookup)


# --- Raising and generic transitions ----------------------------------------------------------


# `raised_by` left out means the person acting raised the matter; None means nobody's account did (a
# representative or staff entering it for a citizen, who then evaluates by tracking code).
THE_ACTOR = object()


@transaction.atomic
def open_matter(kind, *, actor, title, text, region_code, owner_congress, channel="h5", category="", representative=None,
                station=None, handling_class="general", green_channel=False, raised_by=THE_ACTOR, note="", data=None, state=None):
    """Create a matter of `kind` in its policy's initial state (or `state`, one of the kind's states
    its service chose: a joint suggestion starts waiting for its co-signers), with its first
    timeline event."""
    policy = registry.get(kind)
    matter = Matter(
        kind=kind, title=title, text=text, region_code=region_code, owner_congress=owner_congress, channel=channel,
        category=category, representative=representative, station=station, handling_class=handling_class,
        green_channel=green_channel, raised_by=_user(actor) if raised_by is THE_ACTOR else raised_by,
        search_text=search.words_of(title, text),
    )
    if state is not None and state not in policy.states:
        raise ValueError(f"{state!r} is not a state of kind {kind!r}")
    matter.status = state or policy.initial_state(matter)
    matter.save()
    event = _event(matter, "open", actor=actor, to_status=matter.status, note=note, data=data)
    matter.opening_event = event
    return matter


@transaction.atomic
def transition(matter, action, *, actor, note="", data=None, expected_version=None, visibility=PUBLIC):
    """A kind-specific action from the kind's table (accept, return, resolve on the spot…)."""
    if action in ENGINE_ACTIONS:
        raise ValueError(f"{action!r} is an engine operation; call its own service")
    locked = _lock(matter, expected_version)
    moved = _move(locked, action, actor=actor)
    fields = []
    if action in registry.get(locked.kind).response_actions:
        locked.last_response_at = timezone.now()
        fields.append("last_response_at")
    return _finish(matter, locked, action, actor=actor, moved=moved, note=note, data=data, visibility=visibility, fields=fields)


# --- Assignment and handling -------------------------------------------------------------------


def _deadlines(calendar, start, rules, *names):
    return {name: calendar.deadline(start, rules[name]) for name in names}


@transaction.atomic
def assign(matter, *, lead, co_units=(), actor, note="", expected_version=None):
    """Hand the matter to a lead unit and co-handling units, with sign and handling deadlines from
    the kind's rules on the holding congress's working-day calendar."""
    locked = _lock(matter, expected_version)
    moved = _move(locked, "assign", actor=actor)
    co_units = [u for u in co_units if u.pk != lead.pk]
    now = timezone.now()
    rules = registry.get(locked.kind).deadline_rules(locked)
    rules.setdefault("co_handle", rules["handle"])
    due = _deadlines(Calendar(locked.owner_congress_id), now, rules, "sign", "handle", "co_handle")
    created = []
    for unit, role in [(lead, Assignment.Role.LEAD)] + [(u, Assignment.Role.CO) for u in co_units]:
        handle = due["handle"] if role == Assignment.Role.LEAD else due["co_handle"]
        created.append(
            Assignment.objects.create(
                matter=locked, unit=unit, role=role, round=locked.round, assigned_at=now,
                sign_due=due["sign"].date, sign_rule=due["sign"].rule,
                handle_due=handle.date, handle_rule=handle.rule,
                provisional=due["sign"].provisional or handle.provisional,
            )
        )
    data = {
        "lead": lead.pk, "co_units": [u.pk for u in co_units],
        "sign_due": str(due["sign"].date), "sign_rule": due["sign"].rule,
        "handle_due": str(due["handle"].date), "handle_rule": due["handle"].rule,
    }
    if co_units:
        data.update({"co_handle_due": str(due["co_handle"].date), "co_handle_rule": due["co_handle"].rule})
    _finish(matter, locked, "assign", actor=actor, moved=moved, note=note, data=data)
    return created


def _lock_assignment(assignment, expected_version):
    matter = _lock(assignment.matter, expected_version)
    current = Assignment.objects.select_for_update().get(pk=assignment.pk)
    return matter, current


def _respond(assignment, now, *fields):
    assignment.last_response_at = now
    assignment.save(update_fields=[*fields, "last_response_at"])


def _sync_assignment(target, source):
    for field in Assignment._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


@transaction.atomic
def sign(assignment, *, actor, note="", expected_version=None):
    matter, current = _lock_assignment(assignment, expected_version)
    _check(actor, "sign", current)
    if current.state != Assignment.State.ASSIGNED:
        raise TransitionNotAllowed(matter, "sign")
    now = timezone.now()
    current.state, current.signed_at = Assignment.State.SIGNED, now
    if current.deadline_state != "normal":
        current.deadline_state = "normal"
    _respond(current, now, "state", "signed_at", "deadline_state")
    matter.last_response_at = now
    # The lead unit's signature moves the matter on (when the kind has a "sign" step); a co-unit's does not.
    moved = _move(matter, "sign", actor=actor, required=False) if current.role == Assignment.Role.LEAD else None
    _finish(None, matter, "sign", actor=actor, moved=moved, note=note, data={"assignment": current.pk, "unit": current.unit_id},
            fields=["last_response_at"])
    _sync(assignment.matter, matter)
    _sync_assignment(assignment, current)
    return assignment


@transaction.atomic
def record_progress(assignment, *, note, actor, expected_version=None):
    matter, current = _lock_assignment(assignment, expected_version)
    _check(actor, "progress", current)
    if not current.is_open:
        raise TransitionNotAllowed(matter, "progress")
    now = timezone.now()
    _respond(current, now)
    matter.last_response_at = now
    _finish(None, matter, "progress", actor=actor, moved=None, note=note, data={"assignment": current.pk, "unit": current.unit_id},
            fields=["last_response_at"])
    _sync(assignment.matter, matter)
    _sync_assignment(assignment, current)
    return assignment


@transaction.atomic
def record_contribution(assignment, *, text, actor, expected_version=None):
    """A co-handling unit's written opinion, sent to the lead unit."""
    matter, current = _lock_assignment(assignment, expected_version)
    _check(actor, "contribute", current)
    if current.role != Assignment.Role.CO or not current.is_open:
        raise TransitionNotAllowed(matter, "contribute")
    now = timezone.now()
    reply = Reply.objects.create(matter=matter, assignment=current, kind=Reply.Kind.CONTRIBUTION, round=current.round, text=text,
                                 by=_user(actor), at=now)
    current.state, current.replied_at = Assignment.State.CONTRIBUTED, now
    current.signed_at = current.signed_at or now
    _respond(current, now, "state", "replied_at", "signed_at")
    matter.last_response_at = now
    _finish(None, matter, "contribute", actor=actor, moved=None, note=text, visibility=INTERNAL,
            data={"assignment": current.pk, "unit": current.unit_id, "reply": reply.pk}, fields=["last_response_at"])
    _sync(assignment.matter, matter)
    _sync_assignment(assignment, current)
    return reply


@transaction.atomic
def reply(assignment, *, text, actor, expected_version=None, documents=(), photos=(), reply_class=""):
    """The lead unit's answer; it goes to whoever evaluates (and to every matter merged into this one).
    `photos` (cleaned by attachments.clean_photos) and `documents` (checked by clean_document) are
    saved with the reply's timeline event, in the same transaction. The kind checks first that the
    unit may reply and that the reply is complete (a suggestion's class, letter and contact)."""
    matter, current = _lock_assignment(assignment, expected_version)
    _check(actor, "reply", current)
    if current.role != Assignment.Role.LEAD:
        raise ValidationError(_("Only the lead unit replies; a co-handling unit sends its contribution to the lead unit."))
    if not current.is_open:
        raise TransitionNotAllowed(matter, "reply")
    registry.get(matter.kind).check_reply(matter, current, {"reply_class": reply_class, "documents": list(documents), "text": text})
    moved = _move(matter, "reply", actor=actor)
    now = timezone.now()
    answer = Reply.objects.create(matter=matter, assignment=current, round=current.round, text=text, by=_user(actor), at=now,
                                  reply_class=reply_class)
    current.state, current.replied_at = Assignment.State.REPLIED, now
    current.signed_at = current.signed_at or now
    _respond(current, now, "state", "replied_at", "signed_at")
    matter.replied_at = matter.last_response_at = now
    event = _finish(None, matter, "reply", actor=actor, moved=moved, note=text,
                    data={"assignment": current.pk, "reply": answer.pk, **({"reply_class": reply_class} if reply_class else {})},
                    fields=["replied_at", "last_response_at"])
    if photos or documents:
        from .attachments import save_documents, save_photos

        save_photos(matter, list(photos), event=event, user=_user(actor))
        save_documents(matter, list(documents), event=event, user=_user(actor))
    for merged in Matter.objects.select_for_update().filter(merged_into=matter):
        _save(merged)
        _event(merged, "reply", actor=actor, from_status=merged.status, note=text, data={"reply": answer.pk, "via": matter.pk})
    _sync(assignment.matter, matter)
    _sync_assignment(assignment, current)
    return answer


# --- Deadlines ----------------------------------------------------------------------------------


@transaction.atomic
def request_extension(assignment, *, reason, rule, actor, expected_version=None):
    """Ask for a longer handling period: `rule` is the whole period from assignment ("workdays:30")."""
    matter, current = _lock_assignment(assignment, expected_version)
    _check(actor, "request_extension", current)
    if not current.is_open:
        raise TransitionNotAllowed(matter, "request_extension")
    Calendar.from_entries().deadline(current.assigned_at, rule)  # a malformed rule fails here, before anything is saved
    extension = DeadlineExtension.objects.create(
        assignment=current, requested_by=_user(actor), reason=reason, old_due=current.handle_due, rule=rule
    )
    now = timezone.now()
    _respond(current, now)
    _finish(None, matter, "request_extension", actor=actor, moved=None, note=reason, visibility=INTERNAL,
            data={"assignment": current.pk, "extension": extension.pk, "rule": rule, "old_due": str(current.handle_due)})
    _sync(assignment.matter, matter)
    return extension


@transaction.atomic
def decide_extension(extension, *, approve, actor, note="", expected_version=None):
    assignment = extension.assignment
    matter, current = _lock_assignment(assignment, expected_version)
    extension = DeadlineExtension.objects.select_for_update().get(pk=extension.pk)
    _check(actor, "decide_extension", matter)
    if extension.state != DeadlineExtension.State.REQUESTED:
        raise TransitionNotAllowed(matter, "decide_extension")
    now = timezone.now()
    extension.decided_by, extension.decided_at = _user(actor), now
    data = {"assignment": current.pk, "extension": extension.pk, "rule": extension.rule, "old_due": str(current.handle_due)}
    if approve:
        due = Calendar(matter.owner_congress_id).deadline(current.assigned_at, extension.rule)
        extension.state, extension.new_due = DeadlineExtension.State.APPROVED, due.date
        current.handle_due, current.handle_rule, current.provisional = due.date, due.rule, due.provisional
        current.deadline_state = "normal"
        current.save(update_fields=["handle_due", "handle_rule", "provisional", "deadline_state"])
        data["new_due"] = str(due.date)
    else:
        extension.state = DeadlineExtension.State.REFUSED
    extension.save(update_fields=["state", "new_due", "decided_by", "decided_at"])
    _finish(None, matter, "extension_approved" if approve else "extension_refused", actor=actor, moved=None, note=note,
            visibility=INTERNAL, data=data)
    _sync(assignment.matter, matter)
    _sync_assignment(assignment, current)
    return extension


# --- Re-assignment ------------------------------------------------------------------------------


def reassignment_window_open(assignment, now=None):
    """Whether the unit may still ask to be relieved: the kind's rule (by default before signing,
    while the sign deadline runs)."""
    from minyi.workdays.calendar import local_date

    return registry.get(assignment.matter.kind).reassignment_window_open(assignment, local_date(now or timezone.now()))


@transaction.atomic
def request_reassignment(assignment, *, reason, actor, suggested_unit="", expected_version=None):
    matter, current = _lock_assignment(assignment, expected_version)
    _check(actor, "request_reassignment", current)
    if not reassignment_window_open(current):
        raise ValidationError(registry.get(matter.kind).reassignment_closed_message)
    if current.reassignment_requests.filter(state=ReassignmentRequest.State.REQUESTED).exists():
        raise ValidationError(_("A re-assignment request for this assignment is already waiting for a decision."))
    request = ReassignmentRequest.objects.create(
        assignment=current, requested_by=_user(actor), reason=reason, suggested_unit=suggested_unit[:100]
    )
    _respond(current, timezone.now())
    _finish(None, matter, "request_reassignment", actor=actor, moved=None, note=reason, visibility=INTERNAL,
            data={"assignment": current.pk, "unit": current.unit_id, "request": request.pk, "suggested_unit": suggested_unit})
    _sync(assignment.matter, matter)
    return request


@transaction.atomic
def decide_reassignment(request, *, approve, actor, note="", expected_version=None):
    """Staff decide. Approved: the assignment is withdrawn; for the lead unit the matter goes back
    to staff to assign again (the kind's "reassign" step), a co-unit simply leaves."""
    matter, current = _lock_assignment(request.assignment, expected_version)
    request = ReassignmentRequest.objects.select_for_update().get(pk=request.pk)
    _check(actor, "decide_reassignment", matter)
    if request.state != ReassignmentRequest.State.REQUESTED:
        raise TransitionNotAllowed(matter, "decide_reassignment")
    moved = None
    if approve:
        if current.role == Assignment.Role.LEAD:
            moved = _move(matter, "reassign", actor=actor)
            for other in matter.assignments.filter(round=matter.round).exclude(state__in=[Assignment.State.DONE, Assignment.State.WITHDRAWN]):
                other.state = Assignment.State.WITHDRAWN
                other.save(update_fields=["state"])
        else:
            current.state = Assignment.State.WITHDRAWN
            current.save(update_fields=["state"])
    request.state = ReassignmentRequest.State.APPROVED if approve else ReassignmentRequest.State.REFUSED
    request.decided_by, request.decided_at, request.decision_note = _user(actor), timezone.now(), note
    request.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    _finish(None, matter, "reassignment_approved" if approve else "reassignment_refused", actor=actor, moved=moved, note=note,
            visibility=INTERNAL, data={"assignment": current.pk, "unit": current.unit_id, "request": request.pk})
    _sync(request.assignment.matter, matter)
    return request


@transaction.atomic
def add_supervision(matter, *, method, note="", result="", actor, expected_version=None):
    locked = _lock(matter, expected_version)
    _check(actor, "supervise", locked)
    record = Supervision.objects.create(matter=locked, by=_user(actor), method=method, note=note, result=result)
    _finish(matter, locked, "supervise", actor=actor, moved=None, note=note, visibility=INTERNAL,
            data={"supervision": record.pk, "method": method, "result": result})
    return record


# --- Evaluation, re-handling, closing ------------------------------------------------------------


@transaction.atomic
def evaluate(matter, *, rating, comment="", actor, by_label="", expected_version=None, code_holder=False):
    """满意 / 基本满意 close the matter; 不满意 opens a new round for the same lead unit while the
    kind allows one, else closes it. A matter merged into another is judged by its own citizen:
    the evaluation is recorded on it for the main matter's round and changes no state.

    `code_holder`: the caller has checked that the person holds the matter's tracking code (and
    phone digits): a citizen without an account evaluates as the person who raised it."""
    if rating not in Rating.values:
        raise ValidationError(_("Choose satisfied, basically satisfied or unsatisfied."))
    locked = _lock(matter, expected_version)
    policy = registry.get(locked.kind)
    label = by_label or _label(actor)
    if locked.merged_into_id:
        root = Matter.objects.select_for_update().get(pk=locked.merged_into_id)
        if not code_holder and not is_evaluator(actor if isinstance(actor, access.Actor) else access.actor_for(_user(actor)), locked):
            _deny(actor, "matter:evaluate", locked)
        if root.replied_at is None:
            raise TransitionNotAllowed(locked, "evaluate")
        evaluation = Evaluation.objects.create(matter=locked, round=root.round, rating=rating, comment=comment, by=_user(actor), by_label=label,
                                               at=timezone.now())
        _finish(matter, locked, "evaluate", actor=actor, moved=None, note=comment, label=label,
                data={"rating": rating, "evaluation": evaluation.pk, "main": root.pk})
        _save(root)
        _event(root, "evaluate_merged", actor=actor, note=comment, visibility=INTERNAL, label=label,
               data={"rating": rating, "evaluation": evaluation.pk, "from_matter": locked.pk})
        return evaluation
    if not code_holder and not policy.decides_round(locked, actor):
        return _evaluate_beside(matter, locked, rating=rating, comment=comment, actor=actor, label=label)
    rehandle = rating == Rating.UNSATISFIED and locked.round <= policy.max_rehandling_rounds
    action = "rehandle" if rehandle else "evaluate"
    has_lead = locked.assignments.filter(round=locked.round, role=Assignment.Role.LEAD).exclude(state=Assignment.State.WITHDRAWN).exists()
    target = policy.rehandle_state(locked, has_lead) if rehandle else policy.evaluated_state(locked, rating, rehandle)
    moved = _move(locked, action, actor=actor, system=code_holder)
    if target and target != locked.status:
        locked.status = target
        locked.closed_at = timezone.now() if policy.is_terminal(target) else None
        moved = (moved[0], target)
    evaluation = Evaluation.objects.create(matter=locked, round=locked.round, rating=rating, comment=comment, by=_user(actor), by_label=label,
                                           at=timezone.now())
    data = {"rating": rating, "evaluation": evaluation.pk, "round": locked.round}
    open_or_replied = locked.assignments.filter(round=locked.round).exclude(state=Assignment.State.WITHDRAWN)
    if rehandle:
        lead = open_or_replied.filter(role=Assignment.Role.LEAD).order_by("-id").first()
        for previous in open_or_replied:
            previous.state = Assignment.State.DONE
            previous.save(update_fields=["state"])
        locked.round += 1
        locked.replied_at = None
        if lead is not None:
            now = timezone.now()
            due = Calendar(locked.owner_congress_id).deadline(now, policy.deadline_rules(locked)["rehandle"])
            new = Assignment.objects.create(
                matter=locked, unit_id=lead.unit_id, role=Assignment.Role.LEAD, round=locked.round, assigned_at=now,
                state=Assignment.State.SIGNED, signed_at=now, handle_due=due.date, handle_rule=due.rule, provisional=due.provisional,
            )
            data.update({"assignment": new.pk, "handle_due": str(due.date), "handle_rule": due.rule})
    elif policy.is_terminal(locked.status):
        _close_assignments(locked)
    policy.on_evaluated(locked, evaluation, rehandle)
    _finish(matter, locked, action, actor=actor, moved=moved, note=comment, data=data, fields=["round", "replied_at"], label=label)
    return evaluation


def _evaluate_beside(matter, locked, *, rating, comment, actor, label):
    """A judgement that does not settle the round (a co-signer's): recorded, internal until the
    round is settled, the matter's state unchanged. Once per person and round."""
    user = _user(actor)
    entry = registry.get(locked.kind).transitions.get((locked.status, "evaluate"))
    if entry is None:
        raise TransitionNotAllowed(locked, "evaluate")
    if not entry[1](actor if isinstance(actor, access.Actor) else access.actor_for(user), locked):
        _deny(actor, "matter:evaluate", locked)
    if Evaluation.objects.filter(matter=locked, round=locked.round, by=user, at__gte=locked.replied_at).exists():
        raise ValidationError(_("You have already judged this reply."))
    evaluation = Evaluation.objects.create(matter=locked, round=locked.round, rating=rating, comment=comment, by=user, by_label=label,
                                           at=timezone.now())
    _finish(matter, locked, "evaluate_beside", actor=actor, moved=None, note=comment, label=label, visibility=INTERNAL,
            data={"rating": rating, "evaluation": evaluation.pk, "round": locked.round})
    return evaluation


def _close_assignments(matter, state=Assignment.State.DONE):
    for assignment in matter.assignments.exclude(state__in=[Assignment.State.DONE, Assignment.State.WITHDRAWN]):
        assignment.state = state
        assignment.save(update_fields=["state"])


@transaction.atomic
def close(matter, *, reason, actor, expected_version=None):
    locked = _lock(matter, expected_version)
    moved = _move(locked, "close", actor=actor)
    _close_assignments(locked)
    return _finish(matter, locked, "close", actor=actor, moved=moved, note=reason)


def auto_close_unevaluated(now=None):
    """Close every replied matter nobody evaluated within its kind's `auto_close_after_days`; the
    periodic job calls this. Returns how many were closed."""
    now = now or timezone.now()
    closed = 0
    for policy in registry:
        states = [state for (state, action) in policy.transitions if action == "auto_close"]
        if not states:
            continue
        cutoff = now - datetime.timedelta(days=policy.auto_close_after_days)
        candidates = Matter.objects.filter(kind=policy.key, status__in=states, replied_at__lt=cutoff, merged_into__isnull=True)
        for pk in candidates.values_list("pk", flat=True):
            with transaction.atomic():
                locked = Matter.objects.select_for_update().get(pk=pk)
                if locked.status not in states or locked.replied_at is None or locked.replied_at >= cutoff:
                    continue  # another worker got there first
                moved = _move(locked, "auto_close", actor=None, system=True)
                _close_assignments(locked)
                _finish(None, locked, "auto_close", actor=None, moved=moved, label=str(_("System")),
                        note=str(_("Closed without an evaluation after %(days)d days.") % {"days": policy.auto_close_after_days}),
                        data={"days": policy.auto_close_after_days})
                closed += 1
    return closed


# --- Conversion --------------------------------------------------------------------------------


@transaction.atomic
def convert(matter, *, into, actor, note="", expected_version=None):
    """The matter is taken up into another matter of another kind (a citizen's opinion adopted into a
    representative's suggestion): it leaves its own loop through its kind's "convert" step and
    points to `into`, whose progress its raiser follows from then on."""
    locked = _lock(matter, expected_version)
    if locked.converted_to_id:
        raise ValidationError(_("This matter has already been taken up into another one."))
    moved = _move(locked, "convert", actor=actor)
    locked.converted_to = into
    _close_assignments(locked, Assignment.State.WITHDRAWN)
    _finish(matter, locked, "convert", actor=actor, moved=moved, note=note, fields=["converted_to"],
            data={"into": into.pk, "into_kind": into.kind})
    return locked


# --- Merging and routing ------------------------------------------------------------------------


@transaction.atomic
def merge(matter, *, into, actor, note="", expected_version=None):
    """Fold a duplicate into `into`: the duplicate stops being handled on its own (open assignments
    withdrawn), matters merged into it follow it to `into`, and its citizen gets `into`'s reply and
    evaluates it."""
    if matter.pk == into.pk:
        raise ValidationError(_("A matter cannot be merged into itself."))
    first, second = sorted([matter.pk, into.pk])
    locked_pair = {m.pk: m for m in Matter.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk")}
    locked, target = locked_pair[matter.pk], locked_pair[into.pk]
    if expected_version is not None and locked.version != expected_version:
        raise StaleMatter
    if target.merged_into_id or registry.get(target.kind).is_terminal(target.status):
        raise ValidationError(_("Merge into a matter that is still open and not itself merged."))
    moved = _move(locked, "merge", actor=actor)
    locked.merged_into = target
    _close_assignments(locked, Assignment.State.WITHDRAWN)
    followers = list(Matter.objects.select_for_update().filter(merged_into=locked))
    for follower in followers:
        follower.merged_into = target
        _save(follower, "merged_into")
        _event(follower, "merge_followed", actor=actor, from_status=follower.status, visibility=INTERNAL,
               data={"into": target.pk, "via": locked.pk})
    _finish(matter, locked, "merge", actor=actor, moved=moved, note=note, fields=["merged_into"],
            data={"into": target.pk, "into_code": target.tracking_code})
    _save(target)
    _event(target, "merged_in", actor=actor, from_status=target.status, note=note, visibility=INTERNAL,
           data={"from_matter": locked.pk, "followers": [f.pk for f in followers]})
    return locked


def _route(matter, action, to_congress, *, actor, note, expected_version, allowed):
    locked = _lock(matter, expected_version)
    if not allowed(locked.owner_congress, to_congress):
        raise ValidationError(_("The matter cannot be sent to that congress."))
    moved = _move(locked, action, actor=actor)
    previous = locked.owner_congress_id
    locked.owner_congress = to_congress
    return _finish(matter, locked, action, actor=actor, moved=moved, note=note, fields=["owner_congress"],
                   data={"from_congress": previous, "to_congress": to_congress.pk})


@transaction.atomic
def escalate(matter, *, to_congress, actor, note="", expected_version=None):
    """提级: the congress above takes the matter over."""
    return _route(matter, "escalate", to_congress, actor=actor, note=note, expected_version=expected_version,
                  allowed=lambda current, target: current.parent_id == target.pk)


@transaction.atomic
def send_down(matter, *, to_congress, actor, note="", expected_version=None):
    """下转: a congress below takes the matter over."""
    return _route(matter, "send_down", to_congress, actor=actor, note=note, expected_version=expected_version,
                  allowed=lambda current, target: target.parent_id == current.pk)


# --- Organisation changes ------------------------------------------------------------------------


def on_unit_merged(sender, *, source, target, actor=None, **kwargs):
    """Inside merge_units' transaction: open assignments of the merged unit move to the unit it joined."""
    moved, withdrawn = {}, {}
    for assignment in Assignment.objects.select_for_update().filter(unit=source, state__in=Assignment.OPEN_STATES):
        already = Assignment.objects.filter(
            matter_id=assignment.matter_id, round=assignment.round, unit=target
        ).exclude(state=Assignment.State.WITHDRAWN).exists()
        if already:
            # The unit it joined already handles this matter: one assignment per unit and round.
            assignment.state = Assignment.State.WITHDRAWN
            assignment.save(update_fields=["state"])
            withdrawn.setdefault(assignment.matter_id, []).append(assignment.pk)
        else:
            assignment.unit = target
            assignment.save(update_fields=["unit"])
            moved.setdefault(assignment.matter_id, []).append(assignment.pk)
    for matter in Matter.objects.select_for_update().filter(pk__in=set(moved) | set(withdrawn)):
        _save(matter)
        _event(matter, "unit_merged", actor=actor, from_status=matter.status, visibility=INTERNAL,
               data={"from_unit": source.pk, "to_unit": target.pk, "assignments": moved.get(matter.pk, []),
                     "withdrawn": withdrawn.get(matter.pk, [])})
    return moved
