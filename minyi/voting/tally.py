"""Counting ballots, exactly and reproducibly, for the four kinds of vote (DOMAIN.md "Voting").

Pure functions over plain values: no database, no clock, no randomness. The same rules and the same
ballots always give the same result, so anyone holding the audit file can recompute it.

- differential (差额票决): N candidates for M places; a ballot marks at most M of them. A ballot that
  marks more (over-marking), or marks something that is not a candidate, is invalid as a whole; an
  empty ballot is valid and counts as cast. A candidate is chosen with more than half of the threshold
  base (all members of the body when the vote opened, unless the congress counts those present) and a
  place in the top M. Candidates tied across the last place are not chosen by the count: the places
  they contest stay open for a second round among them only.
- poll (票选 / preference poll): choose up to K of N; everyone is ranked by votes, the top K kept, no
  threshold; a tie across the K-th place is flagged the same way.
- motion (表决): 赞成 / 反对 / 弃权 on each item; an item passes with more than half of the base voting for.
- satisfaction (满意度测评): 满意 / 基本满意 / 不满意 on each object; the rate is (满意 + 基本满意) ÷ the
  valid ballots that judged the object.

A vote needs its quorum (more than two thirds of the members present, unless the rules say none)
before any count means anything: without it the result says so and chooses nothing."""

from dataclasses import dataclass, field
from fractions import Fraction

DIFFERENTIAL, POLL, MOTION, SATISFACTION = "differential", "poll", "motion", "satisfaction"
KINDS = (DIFFERENTIAL, POLL, MOTION, SATISFACTION)
MOTION_CHOICES = ("for", "against", "abstain")
SATISFACTION_CHOICES = ("satisfied", "basically_satisfied", "unsatisfied")


@dataclass(frozen=True)
class Rules:
    """What the vote was opened with; nothing here changes once it is open."""

    kind: str
    electorate: int  # members of the body when the vote opened
    present: int  # members checked in (or recorded present by the chair)
    places: int = 0  # differential: M places; poll: at most K marks and K kept
    threshold_base: str = "all"  # "all" members (the law's default) or those "present"
    quorum: str = "two_thirds"  # "two_thirds" present, or "none"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of vote {self.kind!r}")
        if self.threshold_base not in ("all", "present") or self.quorum not in ("two_thirds", "none"):
            raise ValueError("unknown threshold base or quorum rule")
        if self.kind in (DIFFERENTIAL, POLL) and self.places < 1:
            raise ValueError("a choice needs at least one place")
        if not 0 <= self.present <= self.electorate:
            raise ValueError("more members present than in the body")

    @property
    def quorum_met(self):
        return self.quorum == "none" or Fraction(self.present) > Fraction(2, 3) * self.electorate

    @property
    def base(self):
        return self.electorate if self.threshold_base == "all" else self.present

    def passes(self, votes):
        """More than half of the base."""
        return Fraction(votes) > Fraction(self.base, 2)


@dataclass
class Result:
    rules: Rules
    cast: int = 0
    valid: int = 0
    invalid: int = 0
    blank: int = 0
    counts: dict = field(default_factory=dict)  # option → votes; motion/satisfaction: item → {choice: n}
    ranking: list = field(default_factory=list)  # [(option, votes)] most votes first, ties in option order
    chosen: list = field(default_factory=list)  # differential/poll: chosen options; motion: items passed
    tied: list = field(default_factory=list)  # options tied across the last place (a second round decides)
    open_places: int = 0  # places the count could not fill: a tie, or too few over the threshold
    rates: dict = field(default_factory=dict)  # satisfaction: item → Fraction

    @property
    def quorum_met(self):
        return self.rules.quorum_met


def tally(rules, options, ballots):
    """Count `ballots` for `options` (candidates, items or objects, in ballot order) under `rules`.

    A ballot is, for differential and poll votes, the collection of options it marks; for motions and
    satisfaction votes, a mapping item → choice (an item left out is not judged on that ballot); None
    is a paper ballot the tellers found spoilt (marked so it cannot be read), invalid as a whole."""
    options = list(options)
    if len(set(options)) != len(options):
        raise ValueError("options must be distinct")
    result = Result(rules=rules, cast=len(ballots))
    if rules.kind in (DIFFERENTIAL, POLL):
        _count_choice(result, options, ballots)
    else:
        _count_items(result, options, ballots, MOTION_CHOICES if rules.kind == MOTION else SATISFACTION_CHOICES)
    if not rules.quorum_met:
        result.chosen, result.tied, result.open_places = [], [], rules.places
        return result
    if rules.kind == DIFFERENTIAL:
        _choose(result, options, eligible=lambda votes: rules.passes(votes))
    elif rules.kind == POLL:
        _choose(result, options, eligible=lambda votes: votes > 0)
    elif rules.kind == MOTION:
        result.chosen = [item for item in options if rules.passes(result.counts[item]["for"])]
    else:
        result.rates = {item: _rate(result.counts[item]) for item in options}
    return result


def _count_choice(result, options, ballots):
    known = set(options)
    result.counts = {option: 0 for option in options}
    for ballot in ballots:
        marks = [] if ballot is None else list(ballot)
        if ballot is None or len(set(marks)) != len(marks) or len(marks) > result.rules.places or not set(marks) <= known:
            result.invalid += 1
            continue
        result.valid += 1
        if not marks:
            result.blank += 1
        for option in marks:
            result.counts[option] += 1
    order = {option: position for position, option in enumerate(options)}
    result.ranking = sorted(result.counts.items(), key=lambda pair: (-pair[1], order[pair[0]]))


def _count_items(result, items, ballots, choices):
    known = set(items)
    result.counts = {item: {choice: 0 for choice in choices} for item in items}
    for ballot in ballots:
        marks = {} if ballot is None else dict(ballot)
        if ballot is None or not set(marks) <= known or any(choice not in choices for choice in marks.values()):
            result.invalid += 1
            continue
        result.valid += 1
        if not marks:
            result.blank += 1
        for item, choice in marks.items():
            result.counts[item][choice] += 1


def _choose(result, options, *, eligible):
    """The top places among the eligible; a tie across the last place leaves those places open."""
    places = result.rules.places
    candidates = [(option, votes) for option, votes in result.ranking if eligible(votes)]
    if len(candidates) <= places:
        result.chosen = [option for option, _votes in candidates]
        result.open_places = places - len(candidates)
        return
    cutoff = candidates[places - 1][1]
    above = [option for option, votes in candidates if votes > cutoff]
    at_cutoff = [option for option, votes in candidates if votes == cutoff]
    if len(above) + len(at_cutoff) == places:
        result.chosen = above + at_cutoff
        return
    result.chosen = above
    result.tied = at_cutoff
    result.open_places = places - len(above)


def _rate(counts):
    judged = sum(counts.values())
    return Fraction(counts["satisfied"] + counts["basically_satisfied"], judged) if judged else None


def second_round(result):
    """The rules and candidates of the second round a tie calls for: the tied candidates only, for the
    places left open, with the first round's electorate and rules. None when no tie is open."""
    if not result.tied:
        return None
    rules = result.rules
    return Rules(kind=rules.kind, electorate=rules.electorate, present=rules.present, places=result.open_places,
                 threshold_base=rules.threshold_base, quorum=rules.quorum), list(result.tied)
