"""Units' scores on suggestions: the negative list (负面清单) of the "double evaluation".

Every unit starts the year at 100 and loses the indicator's points for each item found. The items
are computed, never typed: from the assignments (deadlines, signing), the contacts, the replies
and their letters, the deciding judgements and the supervision records and timeline events. Each
item names the unit, the indicator, the suggestion, the day and what was found, so a unit can see
every point it lost.

The year of an item is the year of its day: a deadline missed is dated on the deadline, a reply
on the day it was sent, a judgement on the day it was given, a quarter without supervision on the
quarter's last day, a re-raised suggestion on the day the new one was raised.

How each indicator is found (the congress may change the points, or not count one at all):

- late_sign: an assignment signed after its sign-by day, or still unsigned after it.
- late_reassignment: a re-assignment request dated after the re-assignment window (the engine
  refuses new ones, so these are requests entered for the unit afterwards, or kept from before a
  rule was shortened).
- no_contact: a reply with no contact "before the reply" recorded before it that the
  representative did not dispute (a disputed contact does not count as one).
- late_reply: the first reply of a first-round lead assignment after its reply-by day (the
  extended day when an extension was approved), or none yet and the day has passed.
- incomplete_reply: a reply without a class, or without its signed letter.
- unsatisfied: a round settled with 不满意 (the deciding judgement, the lead representative's or
  the one staff entered; co-signers' judgements beside it do not count).
- late_rehandling: a re-handling round's reply after its one-month day, or none and it passed.
- b_not_followed: a B-class reply given in the year with no follow-up by the lead unit (recorded
  progress or a further reply) by the year's end; found once the year has ended.
- key_supervision_missed: a key suggestion of the year with no supervision record in a quarter
  (from the quarter it was chosen in, up to the last quarter ended, while it was still open).
- re_raised: a suggestion raised in the year whose title is near-identical to a suggestion of
  the year before in the same congress: the earlier one's lead unit loses the points. Near-
  identical: the titles' words (search.words_of, without the frame words 关于, 建议, 的…) overlap
  by at least 80% (Jaccard: shared words / all words of both).
"""

import datetime
import functools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.accounts import access
from minyi.matters.models import Assignment, DeadlineExtension, Matter, ReassignmentRequest, Reply, Supervision, TimelineEvent
from minyi.workdays.calendar import Calendar, local_date

from .models import Contact, KeySuggestion, ReplyLetter, ScoringRule, Suggestion
from .policy import KIND, settings_for

START = Decimal(100)
SIMILARITY = 0.8
FRAME_WORDS = frozenset({"关于", "建议", "的", "意见", "对", "和", "与", "及", "进一步", "问题", "有关"})

# code → (label, default points deducted per item)
INDICATORS = {
    "late_sign": (gettext_lazy("Signed late"), Decimal(1)),
    "late_reassignment": (gettext_lazy("Re-assignment asked after the window"), Decimal(2)),
    "no_contact": (gettext_lazy("No contact with the representative before the reply"), Decimal(3)),
    "late_reply": (gettext_lazy("Replied late"), Decimal(3)),
    "incomplete_reply": (gettext_lazy("Reply without class or without the signed letter"), Decimal(2)),
    "unsatisfied": (gettext_lazy("Reply judged unsatisfactory"), Decimal(3)),
    "late_rehandling": (gettext_lazy("Re-handling reply late"), Decimal(2)),
    "b_not_followed": (gettext_lazy("B-class reply not followed up within the year"), Decimal(2)),
    "key_supervision_missed": (gettext_lazy("Key suggestion without supervision in a quarter"), Decimal(2)),
    "re_raised": (gettext_lazy("The same suggestion raised again the next year"), Decimal(3)),
}


@dataclass
class Item:
    unit_id: int
    indicator: str
    matter_id: int
    date: datetime.date
    detail: str
    points: Decimal = Decimal(0)

    @property
    def label(self):
        return str(INDICATORS[self.indicator][0])


@dataclass
class UnitScore:
    unit_id: int
    unit_name: str
    score: Decimal
    deducted: Decimal
    items: list
    place: int = 0

    @property
    def counts(self):
        return Counter(item.indicator for item in self.items)


@dataclass
class Result:
    congress_id: int
    year: int
    rules: dict  # code → (points, counted)
    ranking: list  # UnitScore, best first
    items: list  # every Item behind every point

    def for_unit(self, unit_id):
        return next((row for row in self.ranking if row.unit_id == unit_id), None)


# --- The congress's rules -------------------------------------------------------------------------


def rules_for(congress_id):
    """{indicator: (points, counted)}: the congress's own rows over the defaults."""
    rules = {code: (points, True) for code, (_label, points) in INDICATORS.items()}
    for row in ScoringRule.objects.filter(congress_id=congress_id, indicator__in=list(INDICATORS)):
        rules[row.indicator] = (row.points, row.is_active)
    return rules


@transaction.atomic
def save_rules(congress, values, *, actor):
    """`values`: {indicator: (points, counted)}. Only the congress's staff (not leaders) change them."""
    actor = actor if isinstance(actor, access.Actor) else access.actor_for(actor)
    from minyi.accounts.models import Role

    if not (actor.is_system_admin or (Role.CONGRESS_STAFF in actor.roles and congress.pk in actor.congress_ids)):
        raise PermissionDenied
    errors = {}
    for code, (points, _counted) in values.items():
        if code not in INDICATORS:
            errors[code] = _("Unknown indicator.")
        elif points is None or points < 0 or points > 100:
            errors[code] = _("Points must be between 0 and 100.")
    if errors:
        raise ValidationError(errors)
    for code, (points, counted) in values.items():
        ScoringRule.objects.update_or_create(congress=congress, indicator=code, defaults={"points": points, "is_active": counted})


# --- Computation ----------------------------------------------------------------------------------


def _day(value):
    return local_date(value) if isinstance(value, datetime.datetime) else value


@functools.lru_cache(maxsize=50000)
def title_words(title):
    from minyi.matters import search

    return frozenset(w for w in search.words_of(title).split() if w not in FRAME_WORDS)


def similar(a, b):
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


class _Finder:
    def __init__(self, congress_id, year, today):
        self.congress_id, self.year, self.today = congress_id, year, today
        self.calendar = Calendar(congress_id)
        self.settings = settings_for(congress_id)
        self.items = []
        matters = Matter.objects.filter(kind=KIND, owner_congress_id=congress_id)
        self.matters = matters
        self.assignments = {
            row["pk"]: row
            for row in Assignment.objects.filter(matter__in=matters).values(
                "pk", "matter_id", "unit_id", "role", "state", "round", "assigned_at", "sign_due", "signed_at", "handle_due",
                "handle_rule", "replied_at")
        }
        self.labels = dict(Suggestion.objects.filter(matter__in=matters).values_list("pk", "number_label"))
        self.titles = dict(matters.values_list("pk", "title"))

    def add(self, unit_id, indicator, matter_id, date, detail):
        if date is not None and date.year == self.year:
            self.items.append(Item(unit_id, indicator, matter_id, date, detail))

    def run(self):
        self._lead_index()
        self.late_sign()
        self.late_reassignment()
        self.replies()
        self.unsatisfied()
        self.b_not_followed()
        self.key_supervision_missed()
        self.re_raised()
        return self.items

    def _lead_index(self):
        self.leads, self.last_lead = {}, {}
        for a in sorted(self.assignments.values(), key=lambda a: (a["round"], a["pk"])):
            if a["role"] == Assignment.Role.LEAD and a["state"] != Assignment.State.WITHDRAWN:
                self.leads[(a["matter_id"], a["round"])] = a
                self.last_lead[a["matter_id"]] = a

    def late_sign(self):
        for a in self.assignments.values():
            due = a["sign_due"]
            if due is None:
                continue
            if a["signed_at"] is not None:
                signed = _day(a["signed_at"])
                if signed > due:
                    self.add(a["unit_id"], "late_sign", a["matter_id"], due,
                             _("Sign by %(due)s, signed %(day)s.") % {"due": due, "day": signed})
            elif a["state"] == Assignment.State.ASSIGNED and self.today > due:
                self.add(a["unit_id"], "late_sign", a["matter_id"], due, _("Sign by %(due)s, not signed yet.") % {"due": due})

    def late_reassignment(self):
        rule = self.settings.reassign_rule
        rows = ReassignmentRequest.objects.filter(assignment__matter__in=self.matters).values("assignment_id", "requested_at")
        for row in rows:
            a = self.assignments[row["assignment_id"]]
            end = self.calendar.deadline(a["assigned_at"], rule).date
            asked = _day(row["requested_at"])
            if asked > end:
                self.add(a["unit_id"], "late_reassignment", a["matter_id"], asked,
                         _("Asked %(day)s; the window ended %(end)s.") % {"day": asked, "end": end})

    def _due(self, a, extensions):
        """The reply-by day that applied to the assignment's first reply."""
        if a["handle_rule"] != "year_end" and a["handle_due"]:
            return a["handle_due"]
        if a["pk"] in extensions:
            return extensions[a["pk"]]
        rule = self.settings.reply_rule if a["round"] == 1 else self.settings.rehandle_rule
        return self.calendar.deadline(a["assigned_at"], rule).date

    def replies(self):
        replies = list(Reply.objects.filter(matter__in=self.matters, kind=Reply.Kind.REPLY).order_by("at", "pk").values(
            "pk", "assignment_id", "matter_id", "reply_class", "at"))
        letters = dict(ReplyLetter.objects.filter(reply__matter__in=self.matters).values_list("reply_id", "letter_id"))
        contacts = defaultdict(list)
        for row in Contact.objects.filter(assignment__matter__in=self.matters, stage=Contact.Stage.BEFORE).exclude(
                confirmation=Contact.Confirmation.DISPUTED).values("assignment_id", "happened_on"):
            contacts[row["assignment_id"]].append(row["happened_on"])
        extensions = dict(DeadlineExtension.objects.filter(
            assignment__matter__in=self.matters, state=DeadlineExtension.State.APPROVED).order_by("decided_at").values_list(
            "assignment_id", "new_due"))
        first = {}
        for r in replies:
            a = self.assignments[r["assignment_id"]]
            day = _day(r["at"])
            first.setdefault(r["assignment_id"], r)
            if not any(happened <= day for happened in contacts[r["assignment_id"]]):
                self.add(a["unit_id"], "no_contact", r["matter_id"], day,
                         _("Replied %(day)s without an undisputed contact before the reply.") % {"day": day})
            if not r["reply_class"] or not letters.get(r["pk"]):
                missing = _("class") if not r["reply_class"] else _("signed letter")
                self.add(a["unit_id"], "incomplete_reply", r["matter_id"], day,
                         _("Reply of %(day)s without its %(missing)s.") % {"day": day, "missing": missing})
        for a in self.assignments.values():
            if a["role"] != Assignment.Role.LEAD or a["state"] == Assignment.State.WITHDRAWN:
                continue
            indicator = "late_reply" if a["round"] == 1 else "late_rehandling"
            reply = first.get(a["pk"])
            if reply is None and not (a["state"] in Assignment.OPEN_STATES and a["handle_rule"] != "year_end"):
                continue
            due = self._due(a, extensions)
            if due is None:
                continue
            if reply is not None:
                day = _day(reply["at"])
                if day > due:
                    self.add(a["unit_id"], indicator, a["matter_id"], due,
                             _("Reply by %(due)s, replied %(day)s.") % {"due": due, "day": day})
            elif self.today > due:
                self.add(a["unit_id"], indicator, a["matter_id"], due, _("Reply by %(due)s, no reply yet.") % {"due": due})

    def unsatisfied(self):
        events = TimelineEvent.objects.filter(matter__in=self.matters, action__in=["evaluate", "rehandle"]).values(
            "matter_id", "at", "data")
        for event in events:
            data = event["data"] or {}
            if data.get("rating") != "unsatisfied":
                continue
            lead = self.leads.get((event["matter_id"], data.get("round", 1)))
            if lead is None:
                continue
            day = _day(event["at"])
            self.add(lead["unit_id"], "unsatisfied", event["matter_id"], day,
                     _("Judged unsatisfactory on %(day)s (round %(round)s).") % {"day": day, "round": data.get("round", 1)})

    def b_not_followed(self):
        end = datetime.date(self.year, 12, 31)
        if self.today <= end:
            return
        b_replies = Reply.objects.filter(matter__in=self.matters, kind=Reply.Kind.REPLY, reply_class="B").values(
            "assignment_id", "matter_id", "at")
        later_replies = defaultdict(list)
        for row in Reply.objects.filter(matter__in=self.matters, kind=Reply.Kind.REPLY).values("matter_id", "at"):
            later_replies[row["matter_id"]].append(row["at"])
        progress = defaultdict(list)
        for row in TimelineEvent.objects.filter(matter__in=self.matters, action="progress").values("matter_id", "at"):
            progress[row["matter_id"]].append(row["at"])
        for r in b_replies:
            day = _day(r["at"])
            if day.year != self.year:
                continue
            followed = any(r["at"] < at and _day(at) <= end for at in later_replies[r["matter_id"]] + progress[r["matter_id"]])
            if not followed:
                a = self.assignments[r["assignment_id"]]
                self.add(a["unit_id"], "b_not_followed", r["matter_id"], end,
                         _("B-class reply of %(day)s, no follow-up by %(end)s.") % {"day": day, "end": end})

    def key_supervision_missed(self):
        keys = KeySuggestion.objects.filter(year=self.year, suggestion__matter__in=self.matters).values(
            "suggestion_id", "chosen_on", "suggestion__matter__closed_at")
        visits_by_matter = defaultdict(list)
        for matter_id, at in Supervision.objects.filter(matter_id__in=[k["suggestion_id"] for k in keys]).values_list("matter_id", "at"):
            visits_by_matter[matter_id].append(at)
        for key in keys:
            matter_id = key["suggestion_id"]
            closed = _day(key["suggestion__matter__closed_at"]) if key["suggestion__matter__closed_at"] else None
            lead = self.last_lead.get(matter_id)
            if lead is None:
                continue
            visits = [_day(at) for at in visits_by_matter[matter_id]]
            start_quarter = (max(key["chosen_on"], datetime.date(self.year, 1, 1)).month - 1) // 3
            for quarter in range(start_quarter, 4):
                first = datetime.date(self.year, quarter * 3 + 1, 1)
                last = (datetime.date(self.year + (quarter == 3), (quarter * 3 + 3) % 12 + 1, 1) - datetime.timedelta(days=1))
                if last >= self.today or (closed is not None and closed < first):
                    break
                if not any(first <= day <= last for day in visits):
                    self.add(lead["unit_id"], "key_supervision_missed", matter_id, last,
                             _("No supervision record between %(first)s and %(last)s.") % {"first": first, "last": last})

    def re_raised(self):
        rows = Suggestion.objects.filter(matter__in=self.matters).exclude(matter__status__in=["withdrawn", "returned"]).values(
            "pk", "matter__title", "matter__created_at")
        earlier, new = [], []
        for row in rows:
            raised = _day(row["matter__created_at"])
            if raised.year == self.year - 1:
                earlier.append(row)
            elif raised.year == self.year:
                new.append(row)
        if not earlier or not new:
            return
        index = defaultdict(set)
        words = {}
        for row in earlier:
            words[row["pk"]] = title_words(row["matter__title"])
            for word in words[row["pk"]]:
                index[word].add(row["pk"])
        for row in new:
            # The closest earlier suggestion, if near-identical: one item per suggestion raised again.
            mine = title_words(row["matter__title"])
            if not mine:
                continue
            # Only titles sharing one of the rarest words can reach the threshold (prefix filtering):
            # with Jaccard >= s, at least s x |mine| of my words are shared.
            rarest = sorted(mine, key=lambda word: len(index.get(word, ())))[: len(mine) - math.ceil(SIMILARITY * len(mine)) + 1]
            candidates = {pk for word in rarest for pk in index.get(word, ())}
            best = max(((similar(mine, words[pk]), -pk) for pk in candidates), default=None)
            if best is None or best[0] < SIMILARITY:
                continue
            pk = -best[1]
            lead = self.last_lead.get(pk)
            if lead is not None:
                day = _day(row["matter__created_at"])
                self.add(lead["unit_id"], "re_raised", pk, day,
                         _("Raised again on %(day)s as %(number)s “%(title)s”.") % {
                             "day": day, "number": self.labels.get(row["pk"]) or "", "title": row["matter__title"]})


def compute(congress_id, year, *, today=None):
    """Every item behind every point of (congress, year), each unit's score and the ranking."""
    from minyi.organisations.models import Unit

    today = today or timezone.localdate()
    rules = rules_for(congress_id)
    finder = _Finder(congress_id, year, today)
    found = finder.run()
    items = []
    for item in found:
        points, counted = rules[item.indicator]
        if counted:
            item.points = points
            items.append(item)
    items.sort(key=lambda i: (i.date, i.matter_id, i.indicator))
    # Every unit with an assignment of the congress's suggestions this year is ranked, even without items.
    unit_ids = {a["unit_id"] for a in finder.assignments.values() if _day(a["assigned_at"]).year == year}
    unit_ids |= {item.unit_id for item in items}
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    by_unit = defaultdict(list)
    for item in items:
        by_unit[item.unit_id].append(item)
    ranking = []
    for unit_id in unit_ids:
        deducted = sum((item.points for item in by_unit[unit_id]), Decimal(0))
        ranking.append(UnitScore(unit_id, names.get(unit_id, str(unit_id)), START - deducted, deducted, by_unit[unit_id]))
    ranking.sort(key=lambda row: (-row.score, row.unit_name))
    place, previous = 0, None
    for position, row in enumerate(ranking, start=1):
        if row.score != previous:
            place, previous = position, row.score
        row.place = place
    return Result(congress_id, year, rules, ranking, items)


def suggestion_label(matter_id, labels, titles):
    return f"{labels.get(matter_id) or ''} {titles.get(matter_id, '')}".strip()
