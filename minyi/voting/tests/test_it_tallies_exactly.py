"""Tallies checked against counts done by hand: thresholds of all members or those present, quorum,
invalid and blank ballots, ties at the last place, failed thresholds, motions and satisfaction rates."""

from fractions import Fraction

import pytest

from minyi.voting.tally import DIFFERENTIAL, MOTION, POLL, SATISFACTION, Rules, second_round, tally

CANDIDATES = ["A", "B", "C", "D", "E"]


def differential(*ballots, electorate=10, present=9, places=2, base="all"):
    return tally(Rules(kind=DIFFERENTIAL, electorate=electorate, present=present, places=places, threshold_base=base), CANDIDATES,
                 ballots)


def test_two_of_five_chosen_by_more_than_half_of_all_members():
    result = differential(["A", "B"], ["A", "B"], ["A", "C"], ["A", "C"], ["A", "B"], ["B", "D"], ["A"], ["B", "C"], [])
    # By hand: A 6, B 5, C 3, D 1, E 0; threshold > 10/2 = 5 (all members, not the 9 present).
    assert result.counts == {"A": 6, "B": 5, "C": 3, "D": 1, "E": 0}
    assert (result.cast, result.valid, result.invalid, result.blank) == (9, 9, 0, 1)
    assert result.chosen == ["A"]  # B's 5 is not more than half of 10
    assert result.open_places == 1 and result.tied == []


def test_the_threshold_may_count_those_present():
    result = differential(["A", "B"], ["A", "B"], ["A", "B"], ["A", "B"], ["A", "B"], ["C"], [], electorate=10, present=8, base="present")
    # Present 8: more than 4 needed; A 5 and B 5 pass.
    assert result.chosen == ["A", "B"] and result.open_places == 0


def test_over_marking_or_an_unknown_mark_invalidates_the_whole_ballot():
    result = differential(["A", "B", "C"], ["A", "X"], ["A", "A"], ["A", "B"], ["A"], ["A"], ["A"], ["A"])
    assert (result.valid, result.invalid) == (5, 3)
    assert result.counts["A"] == 5 and result.counts["B"] == 1 and result.counts["C"] == 0


def test_a_tie_across_the_last_place_chooses_nobody_and_opens_a_second_round():
    ballots = [["A", "B"]] * 4 + [["A", "C"]] * 3 + [["B", "C"]] * 2
    result = differential(*ballots, electorate=10, present=10, places=2)
    # A 7, B 6, C 5... C does not pass (5 is not > 5). A and B chosen, no tie.
    assert result.chosen == ["A", "B"] and not result.tied
    ballots = [["A", "B"]] * 3 + [["A", "C"]] * 3 + [["B", "C"]] * 3
    result = differential(*ballots, electorate=9, present=9, places=2)
    # A 6, B 6, C 6, all over 4.5: three tied for two places; the count picks none of them.
    assert result.chosen == [] and result.tied == ["A", "B", "C"] and result.open_places == 2
    rules, candidates = second_round(result)
    assert (rules.places, rules.electorate, candidates) == (2, 9, ["A", "B", "C"])
    rerun = tally(rules, candidates, [["B", "C"]] * 6 + [["A"]] * 3)
    assert rerun.chosen == ["B", "C"]


def test_a_tie_that_fills_the_places_exactly_chooses_all_of_them():
    ballots = [["A", "B"]] * 6 + [["C"]] * 3
    result = differential(*ballots, electorate=10, present=10, places=2)
    assert result.chosen == ["A", "B"] and not result.tied


def test_without_a_quorum_nothing_is_chosen():
    result = differential(["A", "B"], ["A", "B"], electorate=10, present=6)  # 6 is not more than 2/3 of 10
    assert not result.quorum_met and result.chosen == [] and result.open_places == 2
    assert result.counts["A"] == 2  # the count is still shown


def test_a_preference_poll_keeps_the_top_k_without_threshold_and_flags_ties():
    result = tally(Rules(kind=POLL, electorate=20, present=15, places=2), CANDIDATES,
                   [["A", "B"], ["A", "C"], ["B"], ["C"], ["D", "E"], ["A", "B", "C"]])
    # The last ballot marks 3 of at most 2: invalid. A 2, B 2, C 2, D 1, E 1.
    assert result.invalid == 1 and result.ranking[:3] == [("A", 2), ("B", 2), ("C", 2)]
    assert result.chosen == [] and result.tied == ["A", "B", "C"] and result.open_places == 2


def test_a_motion_passes_item_by_item_with_more_than_half_of_all_members():
    items = ["budget", "plan"]
    ballots = [{"budget": "for", "plan": "for"}] * 6 + [{"budget": "against", "plan": "abstain"}] * 2 + [{"budget": "for"}] + [{}] + [
        {"budget": "maybe"}]
    result = tally(Rules(kind=MOTION, electorate=12, present=11), items, ballots)
    assert (result.valid, result.invalid, result.blank) == (10, 1, 1)
    assert result.counts == {"budget": {"for": 7, "against": 2, "abstain": 0}, "plan": {"for": 6, "against": 0, "abstain": 2}}
    assert result.chosen == ["budget"]  # plan's 6 is not more than half of 12


def test_satisfaction_rates_count_satisfied_and_basically_satisfied_over_valid_judgements():
    objects = ["housing bureau", "water bureau"]
    ballots = ([{"housing bureau": "satisfied", "water bureau": "unsatisfied"}] * 3
               + [{"housing bureau": "basically_satisfied", "water bureau": "satisfied"}] * 2
               + [{"housing bureau": "unsatisfied"}] + [{"housing bureau": "excellent"}])
    result = tally(Rules(kind=SATISFACTION, electorate=8, present=7), objects, ballots)
    assert result.invalid == 1
    assert result.rates == {"housing bureau": Fraction(5, 6), "water bureau": Fraction(2, 5)}


def test_rules_that_cannot_be_counted_are_refused():
    with pytest.raises(ValueError):
        Rules(kind="lottery", electorate=10, present=10)
    with pytest.raises(ValueError):
        Rules(kind=DIFFERENTIAL, electorate=10, present=10, places=0)
    with pytest.raises(ValueError):
        Rules(kind=MOTION, electorate=10, present=11)
