"""The suggestion kind's policy: its states, who may take each step, its deadlines and its rules
for replies (class, letter, contact first), judgements (the lead representative's settles the
round; co-signers judge beside it) and follow-up (B-class stays open; still unsatisfied after
re-handling goes to committee supervision).

    collecting ─submit─▶ submitted ─register─▶ registered ─assign─▶ assigned ─sign─▶ handling
        │ withdraw          │ return ▲ resubmit                     │ reply            │ reply
        ▼                   ▼        │                              ▼                  ▼
    withdrawn           returned ────┘                           replied ◀──────────────┘
                                                                    │ evaluate: A/C → closed, B → following_up
                                                                    │ rehandle (不满意, once) → handling
                                                                    │ 不满意 again → supervised
                                   following_up ─reply (solved: A)─▶ replied
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from minyi.matters import policies
from minyi.matters.policies import State, any_of, is_lead_unit, is_owner_staff

KIND = "suggestion"
CLASSES = ("A", "B", "C", "D")
CLASS_WORDS = {
    "A": _("A: solved or basically solved"),
    "B": _("B: being solved or in the plan"),
    "C": _("C: cannot be solved now for lack of conditions or other reasons"),
    "D": _("D: kept for reference"),
}


def _actor(actor):
    from minyi.accounts import access

    return actor if isinstance(actor, access.Actor) else access.actor_for(actor)


def is_lead_representative(actor, matter):
    return matter.representative_id is not None and matter.representative_id in _actor(actor).representative_ids


def is_signer(actor, matter):
    """The lead representative or a co-signer who confirmed."""
    from .models import Signer

    ids = _actor(actor).representative_ids
    return bool(ids) and Signer.objects.filter(
        suggestion_id=matter.pk, representative_id__in=ids, state=Signer.State.CONFIRMED
    ).exists()


def settings_for(congress_id):
    """The congress's settings row, or an unsaved one with the defaults."""
    from .models import Settings

    return Settings.objects.filter(congress_id=congress_id).first() or Settings(congress_id=congress_id)


class SuggestionPolicy(policies.Policy):
    key = KIND
    label = _("Representative's suggestion")
    initial = "submitted"
    states = {
        "collecting": State(_("Waiting for co-signers")),
        "submitted": State(_("Waiting for review")),
        "returned": State(_("Returned for revision")),
        "registered": State(_("Registered, waiting for assignment")),
        "assigned": State(_("Assigned, waiting for signature")),
        "handling": State(_("Being handled")),
        "replied": State(_("Replied, waiting for evaluation")),
        "following_up": State(_("Being followed up until solved")),
        "supervised": State(_("Under committee supervision")),
        "closed": State(_("Closed"), terminal=True),
        "withdrawn": State(_("Withdrawn"), terminal=True),
    }
    transitions = {
        ("collecting", "submit"): ("submitted", any_of(is_lead_representative, is_owner_staff)),
        ("collecting", "withdraw"): ("withdrawn", any_of(is_lead_representative, is_owner_staff)),
        ("submitted", "register"): ("registered", is_owner_staff),
        ("submitted", "return"): ("returned", is_owner_staff),
        ("submitted", "withdraw"): ("withdrawn", any_of(is_lead_representative, is_owner_staff)),
        ("returned", "resubmit"): ("submitted", any_of(is_lead_representative, is_owner_staff)),
        ("returned", "withdraw"): ("withdrawn", any_of(is_lead_representative, is_owner_staff)),
        ("registered", "assign"): ("assigned", is_owner_staff),
        ("assigned", "sign"): ("handling", is_lead_unit),
        ("assigned", "reply"): ("replied", is_lead_unit),
        ("assigned", "reassign"): ("registered", is_owner_staff),
        ("handling", "reply"): ("replied", is_lead_unit),
        ("handling", "reassign"): ("registered", is_owner_staff),
        ("replied", "evaluate"): ("closed", any_of(is_signer, is_owner_staff)),
        ("replied", "rehandle"): ("handling", any_of(is_signer, is_owner_staff)),
        ("following_up", "reply"): ("replied", is_lead_unit),
        ("following_up", "close"): ("closed", is_owner_staff),
        ("supervised", "close"): ("closed", is_owner_staff),
    }
    response_actions = frozenset({"register"})
    max_rehandling_rounds = 1
    # Yellow from 2 working days before a 3-day signing deadline, 12 before a 3-month reply.
    warning_workdays = 2
    reassignment_closed_message = _("A re-assignment can only be asked for within the re-assignment period after assignment.")

    def deadline_rules(self, matter):
        rules = settings_for(matter.owner_congress_id)
        return {"sign": rules.sign_rule, "handle": rules.reply_rule, "rehandle": rules.rehandle_rule, "co_handle": rules.co_unit_rule}

    def reassignment_window_open(self, assignment, today):
        """Within the congress's period (7 working days) from assignment, signed or not."""
        from minyi.workdays.calendar import Calendar

        if assignment.state not in ("assigned", "signed"):
            return False
        matter = assignment.matter
        rule = settings_for(matter.owner_congress_id).reassign_rule
        return today <= Calendar(matter.owner_congress_id).deadline(assignment.assigned_at, rule).date

    def check_reply(self, matter, assignment, details):
        from .models import Contact

        rules = settings_for(matter.owner_congress_id)
        allowed = CLASSES if rules.use_class_d else CLASSES[:3]
        errors = {}
        if details.get("reply_class") not in allowed:
            errors["reply_class"] = _("Choose the reply's class (%(classes)s).") % {"classes": "/".join(allowed)}
        if rules.require_letter and not details.get("documents"):
            errors["letter"] = _("Upload the reply letter, signed by the unit's head and sealed, as a PDF.")
        if not Contact.objects.filter(assignment=assignment, stage=Contact.Stage.BEFORE).exists():
            errors["contact"] = _("Record your contact with the representative before replying: the law asks the unit to hear them first.")
        if errors:
            raise ValidationError(errors)

    def decides_round(self, matter, actor):
        """The lead representative's judgement (the formal feedback form) settles the round; staff may
        enter it from a paper form. Co-signers' judgements are recorded beside it."""
        actor = _actor(actor)
        return is_lead_representative(actor, matter) or is_owner_staff(actor, matter)

    def evaluated_state(self, matter, rating, rehandle):
        if rating == "unsatisfied":
            return "supervised"  # no re-handling round left
        latest = matter.replies.filter(kind="reply").order_by("-at", "-id").first()
        return "following_up" if latest is not None and latest.reply_class == "B" else None

    def on_evaluated(self, matter, evaluation, rehandle):
        """A B-class reply judged acceptable stays with the lead unit until solved, due at the end of
        the handling year; one handed to supervision frees the units."""
        from minyi.matters.models import Assignment

        if matter.status == "following_up":
            lead = matter.assignments.filter(round=matter.round, role=Assignment.Role.LEAD).exclude(
                state=Assignment.State.WITHDRAWN).order_by("-id").first()
            matter.assignments.filter(round=matter.round, role=Assignment.Role.CO).exclude(
                state=Assignment.State.WITHDRAWN).update(state=Assignment.State.DONE)
            if lead is not None:
                lead.state = Assignment.State.SIGNED
                lead.handle_due = follow_up_due(matter)
                lead.handle_rule = "year_end"
                lead.provisional = False  # a fixed date, not counted on the calendar
                lead.deadline_state = "normal"
                lead.save(update_fields=["state", "handle_due", "handle_rule", "provisional", "deadline_state"])
        elif matter.status == "supervised":
            matter.assignments.exclude(state__in=[Assignment.State.DONE, Assignment.State.WITHDRAWN]).update(state=Assignment.State.DONE)

    def evaluator(self, matter):
        from minyi.accounts.models import Role, RoleGrant

        grant = RoleGrant.objects.filter(role=Role.REPRESENTATIVE, representative_id=matter.representative_id).select_related("user").first()
        return grant.user if grant else None

    def is_public(self, matter):
        suggestion = getattr(matter, "suggestion", None)
        if suggestion is None or not suggestion.publish_consent or matter.status not in ("replied", "following_up", "supervised", "closed"):
            return False
        from .models import ReplyLetter

        latest = matter.replies.filter(kind="reply").order_by("-at", "-id").first()
        return latest is not None and not ReplyLetter.objects.filter(reply=latest, publish_consent=False).exists()


def follow_up_due(matter):
    """A followed-up suggestion is due at the end of its handling year."""
    year = getattr(getattr(matter, "suggestion", None), "year", None) or matter.created_at.year
    return datetime.date(year, 12, 31)


policies.register(SuggestionPolicy)
