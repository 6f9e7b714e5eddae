"""Every step of a vote, one function each, each one transaction.

prepare (create, change while a draft) → open (the electorate is fixed, the rules locked) → attendance
(check-in on the phone, or the chair) → casting (on the phone once, or a paper ballot handed out) →
close (the box is shuffled) → the tellers' double entry of paper ballots → count → publish; and a
second round among those tied at the last place.

Refusals are VoteRefused with a Chinese (translated) message that says what to do instead."""

import hashlib
import hmac
import json
import random
import secrets

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from minyi.accounts import access
from minyi.audit import services as audit
from minyi.representatives.models import Mandate

from . import tally
from .models import Ballot, Body, Elector, Kind, Option, PaperEntry, Teller, Vote

ITEM_CHOICES = {Kind.MOTION: tally.MOTION_CHOICES, Kind.SATISFACTION: tally.SATISFACTION_CHOICES}
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed back


class VoteRefused(Exception):
    """A step the vote's state or rules do not allow; the message is for the person who tried."""


def _actor(user):
    return user if isinstance(user, access.Actor) else access.actor_for(user)


def _user(actor):
    user = getattr(actor, "user", actor)
    return user if getattr(user, "is_authenticated", False) else None


def _locked(vote):
    # NO KEY UPDATE: a ballot being inserted holds KEY SHARE on its vote (the foreign key), which a
    # plain FOR UPDATE would wait for while the close waits for that ballot's elector: a deadlock.
    return Vote.objects.select_for_update(no_key=True).get(pk=vote.pk)


def _require_staff(actor, vote):
    if not actor.may_edit_region(vote.congress.region_id):
        raise VoteRefused(_("Only the congress's staff may do this."))


def _require_state(vote, *states, message):
    if vote.state not in states:
        raise VoteRefused(message)


# --- Preparing ----------------------------------------------------------------------------------------


def _check_draft(vote, options):
    labels = [label.strip() for label, _description, _reference in options]
    if any(not label for label in labels):
        raise VoteRefused(_("Every option needs a name."))
    if len(set(labels)) != len(labels):
        raise VoteRefused(_("Two options have the same name."))
    if vote.kind == Kind.DIFFERENTIAL and not 1 <= vote.places < len(labels):
        raise VoteRefused(_("A differential vote needs more candidates than places, and at least one place."))
    if vote.kind == Kind.POLL and not 1 <= vote.places <= len(labels):
        raise VoteRefused(_("A poll keeps at least one and at most as many as there are options."))
    if vote.kind in ITEM_CHOICES and not labels:
        raise VoteRefused(_("Add at least one item to vote on."))
    if not vote.is_choice:
        vote.places = 0
    if vote.body == Body.SESSION and vote.session_id and vote.session.term.congress_id != vote.congress_id:
        raise VoteRefused(_("The session must be one of the congress's own."))
    if vote.body == Body.GROUP and (vote.group_id is None or vote.group.congress_id != vote.congress_id):
        raise VoteRefused(_("Choose one of the congress's representatives' groups."))
    if vote.body in (Body.STANDING_COMMITTEE, Body.COUNCIL) and not _member_lines(vote.member_names):
        raise VoteRefused(_("List the meeting's members, one per line."))


def _save_options(vote, options):
    vote.options.all().delete()
    Option.objects.bulk_create(
        Option(vote=vote, position=number, label=label.strip(), description=description.strip(), reference=reference)
        for number, (label, description, reference) in enumerate(options, start=1)
    )


@transaction.atomic
def create_vote(user, *, congress, options, **fields):
    """A draft vote; `options` are (label, description, reference) in ballot order."""
    actor = _actor(user)
    vote = Vote(congress=congress, created_by=_user(actor), **fields)
    _require_staff(actor, vote)
    _check_draft(vote, options)
    vote.save()
    _save_options(vote, options)
    return vote


@transaction.atomic
def change_draft(user, vote, *, options, **fields):
    actor = _actor(user)
    vote = _locked(vote)
    _require_staff(actor, vote)
    _require_state(vote, Vote.State.DRAFT, message=_("The vote is open: its rules, options and electorate can no longer change."))
    for name, value in fields.items():
        setattr(vote, name, value)
    existing = list(vote.options.values_list("label", "description", "reference"))
    if any(reference for _label, _description, reference in existing):
        # Options that stand for something elsewhere (a published candidate list) are that list's.
        if [label.strip() for label, _d, _r in options] != [label for label, _d, _r in existing]:
            raise VoteRefused(_("The options come from a published list elsewhere (e.g. the candidate projects) and cannot change here."))
        options = [(label, description, reference) for (label, description, _r), (_l, _d, reference) in zip(options, existing)]
    _check_draft(vote, options)
    vote.save()
    _save_options(vote, options)
    return vote


@transaction.atomic
def set_tellers(user, vote, tellers):
    actor = _actor(user)
    _require_staff(actor, vote)
    _require_state(vote, Vote.State.DRAFT, Vote.State.OPEN, Vote.State.CLOSED, message=_("The ballots have been counted."))
    vote.tellers.exclude(user__in=tellers).delete()
    for teller in tellers:
        Teller.objects.get_or_create(vote=vote, user=teller)


# --- Opening: the electorate --------------------------------------------------------------------------


def _member_lines(text):
    names = []
    for line in (text or "").splitlines():
        name = line.strip()
        if name and name not in names:
            names.append(name)
    return names


def electorate(vote, day=None):
    """(name, representative or None) for every member of the vote's body on `day`."""
    day = day or timezone.localdate()
    mandates = Mandate.objects.covering(day).filter(congress=vote.congress).select_related("representative").order_by("representative__name", "pk")
    if vote.body == Body.SESSION:
        if vote.session_id:
            mandates = mandates.filter(term_id=vote.session.term_id)
        return [(m.representative.name, m.representative) for m in mandates]
    if vote.body == Body.GROUP:
        mandates = mandates.filter(group_id=vote.group_id) | mandates.filter(professional_group_id=vote.group_id)
        return [(m.representative.name, m.representative) for m in mandates.distinct()]
    # Members of a standing committee are the congress's representatives; a residents' council's are
    # often representatives of the congresses above it: a listed name that is one of them votes on the phone.
    congresses, congress = [], vote.congress
    while congress is not None:
        congresses.append(congress.pk)
        congress = congress.parent
    current = {}
    for mandate in Mandate.objects.covering(day).filter(congress_id__in=congresses).select_related("representative"):
        current.setdefault(mandate.representative.name, []).append(mandate.representative)
    members = []
    for name in _member_lines(vote.member_names):
        matches = {rep.pk: rep for rep in current.get(name, [])}
        # A name two representatives share stays a paper-only member: the phone cannot tell them apart.
        members.append((name, next(iter(matches.values())) if len(matches) == 1 else None))
    return members


@transaction.atomic
def open_vote(user, vote):
    actor = _actor(user)
    vote = _locked(vote)
    _require_staff(actor, vote)
    _require_state(vote, Vote.State.DRAFT, message=_("The vote is already open."))
    options = [(o.label, o.description, o.reference) for o in vote.options.all()]
    _check_draft(vote, options)
    members = electorate(vote)
    if not members:
        raise VoteRefused(_("The voting body has no members today: nobody could vote."))
    Elector.objects.bulk_create(
        Elector(vote=vote, position=number, name=name, representative=representative)
        for number, (name, representative) in enumerate(members, start=1)
    )
    vote.electorate_size = len(members)
    vote.state = Vote.State.OPEN
    vote.opened_at = timezone.now()
    vote.save()
    audit.write("action", obj=vote, user=_user(actor), note=f"opened with {len(members)} members")
    return vote


# --- Attendance and casting ---------------------------------------------------------------------------


def elector_of(actor, vote):
    """The elector row of the signed-in representative, or None."""
    if not actor.representative_ids:
        return None
    return vote.electors.filter(representative_id__in=actor.representative_ids).first()


def _elector_locked(actor, vote):
    elector = vote.electors.select_for_update().filter(representative_id__in=actor.representative_ids).first()
    if elector is None:
        raise VoteRefused(_("You are not a member of the body that holds this vote."))
    return elector


@transaction.atomic
def check_in(user, vote):
    actor = _actor(user)
    elector = _elector_locked(actor, vote)
    vote = Vote.objects.get(pk=vote.pk)  # read after the lock: see _open_for_casting
    _require_state(vote, Vote.State.OPEN, message=_("Check-in is possible only while the vote is open."))
    if elector.present:
        return elector
    elector.attendance = Elector.Attendance.CHECK_IN
    elector.save(update_fields=["attendance"])
    return elector


@transaction.atomic
def record_attendance(user, vote, positions, *, present=True):
    """The chair records members present (or, for one who left before voting, absent)."""
    actor = _actor(user)
    vote = _locked(vote)
    _require_staff(actor, vote)
    _require_state(vote, Vote.State.OPEN, message=_("Attendance can be recorded only while the vote is open."))
    changed = 0
    for elector in vote.electors.select_for_update().filter(position__in=positions):
        if present and not elector.present:
            elector.attendance = Elector.Attendance.CHAIR
        elif not present and elector.present:
            if elector.method:
                raise VoteRefused(_("%(name)s has already voted and stays present.") % {"name": elector.name})
            elector.attendance = Elector.Attendance.ABSENT
        else:
            continue
        elector.save(update_fields=["attendance"])
        changed += 1
    return changed


def clean_marks(vote, marks, *, strict, numbers=None):
    """Marks as stored: for choices a sorted list of option numbers; for items {number: choice}.
    `strict` (a phone ballot) refuses what a paper ballot may hold and the count then invalidates:
    over-marking and unknown options. `numbers`: the options' numbers when the caller has them."""
    numbers = set(numbers) if numbers is not None else set(vote.options.values_list("position", flat=True))
    if vote.is_choice:
        try:
            chosen = sorted({int(mark) for mark in marks})
        except (TypeError, ValueError):
            raise VoteRefused(_("The ballot marks something that is not on it.")) from None
        if not set(chosen) <= numbers:
            raise VoteRefused(_("The ballot marks something that is not on it."))
        if strict and len(chosen) > vote.places:
            raise VoteRefused(
                ngettext("Mark at most %(places)d candidate.", "Mark at most %(places)d candidates.", vote.places) % {"places": vote.places}
            )
        return chosen
    choices = ITEM_CHOICES[vote.kind]
    cleaned = {}
    for number, choice in dict(marks).items():
        if not choice:
            continue
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise VoteRefused(_("The ballot marks something that is not on it.")) from None
        if number not in numbers or choice not in choices:
            raise VoteRefused(_("The ballot marks something that is not on it."))
        cleaned[str(number)] = choice
    return dict(sorted(cleaned.items(), key=lambda pair: int(pair[0])))


def _receipt():
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return "-".join(code[i:i + 4] for i in range(0, 12, 4))


def receipt_digest(vote, code):
    normalised = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    message = f"{vote.pk}:{normalised}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


@transaction.atomic
def cast(user, vote, marks, *, option_numbers=None):
    """One electronic ballot from the signed-in member. Returns the receipt code, shown once."""
    actor = _actor(user)
    elector = _elector_locked(actor, vote)
    vote = _open_for_casting(vote)
    if not vote.electronic:
        raise VoteRefused(_("This vote is held on paper ballots only."))
    if elector.method == Elector.Method.ELECTRONIC:
        raise VoteRefused(_("You have already voted. A cast ballot cannot be changed."))
    if elector.method == Elector.Method.PAPER:
        raise VoteRefused(_("You were given a paper ballot: vote on paper."))
    if not elector.present:
        raise VoteRefused(_("Check in first: only members present may vote."))
    cleaned = clean_marks(vote, marks, strict=True, numbers=option_numbers)
    code = _receipt()
    Ballot.objects.create(
        vote=vote, marks=cleaned, receipt_digest=receipt_digest(vote, code),
        elector_position=None if vote.secret else elector.position,
    )
    # A plain UPDATE: no audit entry, whose actor and time would sit in the ballot's transaction.
    Elector.objects.filter(pk=elector.pk).update(method=Elector.Method.ELECTRONIC)
    return code


def _open_for_casting(vote):
    """The vote, read after the caller locked its elector row. close_vote locks every elector before it
    shuts the box, so a ballot either commits before the close (and is shuffled and counted with the
    others) or sees the vote closed: none slips into a closed box."""
    vote = Vote.objects.get(pk=vote.pk)
    _require_state(vote, Vote.State.OPEN, message=_("The vote is closed: no more ballots are accepted."))
    return vote


@transaction.atomic
def hand_out_paper(user, vote, position):
    """A member takes a paper ballot at the hall: from now on they vote on paper only."""
    actor = _actor(user)
    elector = Elector.objects.select_for_update().filter(vote_id=vote.pk, position=position).first()
    vote = Vote.objects.get(pk=vote.pk)
    _require_staff(actor, vote)
    _require_state(vote, Vote.State.OPEN, message=_("Paper ballots are handed out only while the vote is open."))
    if not vote.paper:
        raise VoteRefused(_("This vote is held on the phone only."))
    if elector is None:
        raise VoteRefused(_("No member with this number."))
    if elector.method == Elector.Method.ELECTRONIC:
        raise VoteRefused(_("%(name)s has already voted on the phone and gets no paper ballot.") % {"name": elector.name})
    if elector.method == Elector.Method.PAPER:
        raise VoteRefused(_("%(name)s already has a paper ballot.") % {"name": elector.name})
    elector.method = Elector.Method.PAPER
    if not elector.present:
        elector.attendance = Elector.Attendance.CHAIR
    elector.save(update_fields=["method", "attendance"])
    return elector


@transaction.atomic
def print_paper_ballots(user, vote, count):
    actor = _actor(user)
    vote = _locked(vote)
    _require_staff(actor, vote)
    _require_state(vote, Vote.State.DRAFT, Vote.State.OPEN, message=_("Ballots are printed before the box closes."))
    if not 1 <= count <= 10000:
        raise VoteRefused(_("Print between 1 and 10,000 ballots."))
    vote.paper_ballots_printed = max(vote.paper_ballots_printed, count)
    vote.save(update_fields=["paper_ballots_printed"])
    return vote


# --- Closing, the tellers, counting -------------------------------------------------------------------


def _shuffle_box(vote):
    """Rewrite the box in random order under new ids, in one statement per batch; PostgreSQL's
    VACUUM then drops the old row versions (and with them the order they were written in)."""
    ballots = list(vote.ballots.values_list("marks", "paper_number", "receipt_digest", "elector_position"))
    random.SystemRandom().shuffle(ballots)
    vote.ballots.all().delete()
    Ballot.objects.bulk_create(
        (Ballot(vote=vote, marks=marks, paper_number=number, receipt_digest=digest, elector_position=position)
         for marks, number, digest, position in ballots),
        batch_size=500,
    )
    if connection.vendor == "postgresql":
        transaction.on_commit(_vacuum_ballots)


def _vacuum_ballots():
    # VACUUM cannot run in a transaction; on_commit runs after it, outside any atomic block only when
    # autocommit is on again, which it is after the outermost commit.
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {Ballot._meta.db_table}")


@transaction.atomic
def close_vote(user, vote):
    actor = _actor(user)
    vote = _locked(vote)
    _require_staff(actor, vote)
    _require_state(vote, Vote.State.OPEN, message=_("Only an open vote can be closed."))
    # Wait for the ballots being cast now (they hold their elector's lock) and keep new ones out.
    list(Elector.objects.select_for_update().filter(vote=vote).values_list("pk", flat=True))
    vote.state = Vote.State.CLOSED
    vote.closed_at = timezone.now()
    vote.present_count = vote.electors.exclude(attendance="").count()
    vote.save()
    _shuffle_box(vote)
    turnout_now = turnout(vote)
    audit.write("action", obj=vote, user=_user(actor), note=(
        f"closed: {vote.present_count} present, {turnout_now['electronic']} voted on the phone, {turnout_now['paper']} paper ballots handed out"))
    return vote


def _is_teller(actor, vote):
    return vote.tellers.filter(user=actor.user).exists()


@transaction.atomic
def enter_paper_ballot(user, vote, number, marks, *, spoilt=False):
    """One teller's reading of paper ballot `number`. Returns the ballot's state afterwards:
    "waiting" (no second reading yet), "agreed" (in the box) or "mismatch"."""
    actor = _actor(user)
    vote = _locked(vote)
    if not _is_teller(actor, vote):
        raise VoteRefused(_("Only the vote's tellers may enter paper ballots."))
    _require_state(vote, Vote.State.CLOSED, message=_("Paper ballots are entered after the box is closed and before the count."))
    if not 1 <= number <= vote.paper_ballots_printed:
        raise VoteRefused(_("There is no paper ballot number %(number)s: %(printed)s were printed.") % {"number": number, "printed": vote.paper_ballots_printed})
    if vote.ballots.filter(paper_number=number).exists():
        raise VoteRefused(_("Ballot number %(number)s has already been entered alike by two tellers.") % {"number": number})
    cleaned = None if spoilt else clean_marks(vote, marks, strict=False)
    PaperEntry.objects.update_or_create(vote=vote, paper_number=number, teller=actor.user, defaults={"marks": cleaned, "entered_at": timezone.now()})
    return _reconcile(vote, number)


def _reconcile(vote, number):
    entries = list(vote.paper_entries.filter(paper_number=number))
    if len(entries) < 2:
        return "waiting"
    readings = {}
    for entry in entries:
        key = json.dumps(entry.marks, sort_keys=True)
        readings.setdefault(key, set()).add(entry.teller_id)
    for key, tellers in readings.items():
        if len(tellers) >= 2:
            Ballot.objects.create(vote=vote, marks=json.loads(key), paper_number=number)
            return "agreed"
    return "mismatch"


def paper_progress(vote):
    """The tellers' state of every numbered ballot that has an entry: agreed, single, mismatched."""
    entered = {}
    for number, teller, marks in vote.paper_entries.values_list("paper_number", "teller_id", "marks"):
        entered.setdefault(number, []).append((teller, marks))
    agreed = set(vote.ballots.filter(paper_number__isnull=False).values_list("paper_number", flat=True))
    single = sorted(n for n, readings in entered.items() if n not in agreed and len(readings) == 1)
    mismatched = sorted(n for n, readings in entered.items() if n not in agreed and len(readings) > 1)
    return {"agreed": len(agreed), "single": single, "mismatched": mismatched, "handed_out": vote.electors.filter(method=Elector.Method.PAPER).count()}


def _as_tally_ballot(vote, marks):
    if marks is None:
        return None
    if vote.is_choice:
        return list(marks)
    return {int(number): choice for number, choice in marks.items()}


def _result_json(vote, result):
    rules = result.rules
    return {
        "rules": {"kind": rules.kind, "electorate": rules.electorate, "present": rules.present, "places": rules.places,
                  "threshold_base": rules.threshold_base, "quorum": rules.quorum},
        "quorum_met": result.quorum_met,
        "threshold": rules.base // 2 + 1,
        "cast": result.cast, "valid": result.valid, "invalid": result.invalid, "blank": result.blank,
        "counts": {str(k): v for k, v in result.counts.items()},
        "ranking": [[k, v] for k, v in result.ranking],
        "chosen": list(result.chosen), "tied": list(result.tied), "open_places": result.open_places,
        "rates": {str(k): (None if v is None else [v.numerator, v.denominator]) for k, v in result.rates.items()},
    }


def audit_file(vote):
    """The bytes anyone authorised can recount from: rules, options and every ballot, in the box's
    shuffled order, as canonical JSON. Its SHA-256 is printed on the result sheet."""
    document = {
        "vote": {"id": vote.pk, "title": vote.title, "congress": vote.congress_id, "round": vote.round_number,
                 "secret": vote.secret, **_result_json(vote, tally.Result(rules=vote.rules()))["rules"]},
        "options": [{"number": o.position, "label": o.label} for o in vote.options.all()],
        "ballots": [{"marks": marks, "paper_number": number} for marks, number in vote.ballots.order_by("id").values_list("marks", "paper_number")],
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"), indent=None).encode()


def recount(document_bytes):
    """The result recomputed from an audit file alone."""
    document = json.loads(document_bytes)
    info = document["vote"]
    rules = tally.Rules(kind=info["kind"], electorate=info["electorate"], present=info["present"], places=info["places"],
                        threshold_base=info["threshold_base"], quorum=info["quorum"])
    options = [option["number"] for option in document["options"]]
    choice = info["kind"] in (tally.DIFFERENTIAL, tally.POLL)
    ballots = [
        None if b["marks"] is None else (list(b["marks"]) if choice else {int(k): v for k, v in b["marks"].items()})
        for b in document["ballots"]
    ]
    return tally.tally(rules, options, ballots)


@transaction.atomic
def count_vote(user, vote):
    actor = _actor(user)
    vote = _locked(vote)
    _require_staff(actor, vote)
    _require_state(vote, Vote.State.CLOSED, message=_("Close the vote before counting."))
    progress = paper_progress(vote)
    if progress["mismatched"]:
        raise VoteRefused(_("The tellers disagree on paper ballots %(numbers)s: resolve them before the count.")
                          % {"numbers": "、".join(map(str, progress["mismatched"]))})
    if progress["single"]:
        raise VoteRefused(_("Paper ballots %(numbers)s have been entered by one teller only: a second teller must enter them.")
                          % {"numbers": "、".join(map(str, progress["single"]))})
    if progress["agreed"] > progress["handed_out"]:
        raise VoteRefused(_("More paper ballots were returned (%(returned)s) than handed out (%(handed)s): the vote is void and must be held again.")
                          % {"returned": progress["agreed"], "handed": progress["handed_out"]})
    _shuffle_box(vote)
    options = list(vote.options.values_list("position", flat=True))
    ballots = [_as_tally_ballot(vote, marks) for marks in vote.ballots.values_list("marks", flat=True)]
    result = tally.tally(vote.rules(), options, ballots)
    vote.result = _result_json(vote, result)
    vote.state = Vote.State.COUNTED
    vote.counted_at = timezone.now()
    vote.save()
    vote.audit_digest = hashlib.sha256(audit_file(vote)).hexdigest()
    vote.save(update_fields=["audit_digest"])
    audit.write("action", obj=vote, user=_user(actor), note=f"counted: {result.cast} ballots, audit file {vote.audit_digest}")
    return vote


@transaction.atomic
def publish(user, vote):
    actor = _actor(user)
    vote = _locked(vote)
    _require_staff(actor, vote)
    _require_state(vote, Vote.State.COUNTED, message=_("Only a counted vote can be published."))
    vote.state = Vote.State.PUBLISHED
    vote.published_at = timezone.now()
    vote.save()
    audit.write("action", obj=vote, user=_user(actor), note="published")
    return vote


@transaction.atomic
def open_second_round(user, vote):
    """The tied candidates only, for the places the tie left open, under the same rules and electorate;
    attendance carries over, the ballots start afresh."""
    actor = _actor(user)
    vote = _locked(vote)
    _require_staff(actor, vote)
    _require_state(vote, Vote.State.COUNTED, Vote.State.PUBLISHED, message=_("Count the vote first."))
    if not (vote.result or {}).get("tied"):
        raise VoteRefused(_("No tie at the last place: there is nothing for a second round to decide."))
    if Vote.objects.filter(previous_round=vote).exists():
        raise VoteRefused(_("The second round is already open."))
    tied = set(vote.result["tied"])
    first = vote
    while first.previous_round_id:
        first = first.previous_round
    second = Vote.objects.create(
        congress=vote.congress, title=_("%(title)s (round %(round)s)") % {"title": first.title, "round": vote.round_number + 1},
        kind=vote.kind, body=vote.body, session=vote.session, group=vote.group, member_names=vote.member_names,
        places=vote.result["open_places"], threshold_base=vote.threshold_base, quorum=vote.quorum, secret=vote.secret,
        electronic=vote.electronic, paper=vote.paper, state=Vote.State.OPEN, previous_round=vote,
        electorate_size=vote.electorate_size, created_by=_user(actor), opened_at=timezone.now(),
    )
    Option.objects.bulk_create(
        Option(vote=second, position=number, label=o.label, description=o.description, reference=o.reference)
        for number, o in enumerate((o for o in vote.options.all() if o.position in tied), start=1)
    )
    Elector.objects.bulk_create(
        Elector(vote=second, position=e.position, name=e.name, representative_id=e.representative_id, attendance=e.attendance)
        for e in vote.electors.all()
    )
    for teller in vote.tellers.all():
        Teller.objects.create(vote=second, user=teller.user)
    audit.write("action", obj=second, user=_user(actor), note=f"second round of vote {vote.pk}")
    return second


# --- Reading results ----------------------------------------------------------------------------------


def receipt_counted(vote, code):
    """After the count: whether the ballot with this receipt is in the counted box (never its content)."""
    if vote.state not in (Vote.State.COUNTED, Vote.State.PUBLISHED) or not code:
        return None
    return vote.ballots.filter(receipt_digest=receipt_digest(vote, code)).exists()


def rounds(vote):
    """The vote and its later rounds, first to last."""
    chain = [vote]
    while True:
        following = Vote.objects.filter(previous_round=chain[-1]).first()
        if following is None:
            return chain
        chain.append(following)


def final_choice(vote):
    """References of the options chosen over all rounds, and whether a tie is still open."""
    chosen, open_tie = [], False
    for round_vote in rounds(vote):
        if not round_vote.result:
            return chosen, True
        by_number = dict(round_vote.options.values_list("position", "reference"))
        chosen += [by_number[n] for n in round_vote.result["chosen"]]
        open_tie = bool(round_vote.result["tied"])
    return chosen, open_tie


def turnout(vote):
    """What staff see while the vote runs: attendance and how many voted, never what."""
    electors = vote.electors.all()
    return {
        "members": vote.electorate_size or 0,
        "present": electors.exclude(attendance="").count(),
        "electronic": electors.filter(method=Elector.Method.ELECTRONIC).count(),
        "paper": electors.filter(method=Elector.Method.PAPER).count(),
    }
