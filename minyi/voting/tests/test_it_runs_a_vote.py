"""A differential vote from draft to published: the electorate fixed at opening, rules locked,
check-in, one phone ballot per member, paper ballots double-entered, the count, receipts, the
audit file, and a tie that goes to a second round."""

import hashlib
import json

import pytest

from minyi.voting import services
from minyi.voting.models import Ballot, Elector, Kind, Vote
from minyi.voting.services import VoteRefused

from .conftest import new_vote, vote_by_phone

pytestmark = pytest.mark.django_db


def test_opening_fixes_the_electorate_and_locks_the_rules(chamber):
    vote = new_vote(chamber)
    services.open_vote(chamber.world.city_staff, vote)
    vote.refresh_from_db()
    assert vote.electorate_size == 9 and vote.electors.count() == 9
    with pytest.raises(VoteRefused, match="投票已开始"):
        services.change_draft(chamber.world.city_staff, vote, options=[("甲", "", ""), ("乙", "", "")], places=1)
    with pytest.raises(VoteRefused):
        services.open_vote(chamber.world.city_staff, vote)
    # A mandate ending after the opening does not change the electorate.
    chamber.representatives[1].mandates.update(end=vote.opened_at.date(), end_reason="resignation")
    assert Vote.objects.get(pk=vote.pk).electors.count() == 9


def test_only_staff_of_the_congress_prepare_and_run_votes(chamber):
    with pytest.raises(VoteRefused):
        services.create_vote(chamber.world.dongbao_staff, congress=chamber.world.city_congress, title="x", kind=Kind.MOTION,
                             options=[("议案", "", "")])
    vote = new_vote(chamber)
    with pytest.raises(VoteRefused):
        services.open_vote(chamber.world.rep, vote)


def test_a_differential_vote_needs_more_candidates_than_places(chamber):
    with pytest.raises(VoteRefused, match="候选项数必须多于应选名额"):
        new_vote(chamber, options=("甲", "乙"), places=2)


def test_each_member_votes_once_and_never_changes_it(chamber):
    vote = new_vote(chamber)
    services.open_vote(chamber.world.city_staff, vote)
    member = chamber.users[0]
    with pytest.raises(VoteRefused, match="请先签到"):
        services.cast(member, vote, [1])
    services.check_in(member, vote)
    with pytest.raises(VoteRefused, match="最多只能选2项"):
        services.cast(member, vote, [1, 2, 3])
    with pytest.raises(VoteRefused, match="不存在的候选项"):
        services.cast(member, vote, [7])
    receipt = services.cast(member, vote, [1, 2])
    assert len(receipt) == 14
    with pytest.raises(VoteRefused, match="已经投过票"):
        services.cast(member, vote, [3])
    assert vote.ballots.count() == 1
    with pytest.raises(VoteRefused, match="不是本次投票的投票人"):
        services.cast(chamber.world.city_staff, vote, [1])
    # A member who took a paper ballot cannot also vote on the phone, nor the other way round.
    services.hand_out_paper(chamber.world.city_staff, vote, vote.electors.get(representative=chamber.representatives[1]).position)
    services.check_in(chamber.users[1], vote)
    with pytest.raises(VoteRefused, match="已领取纸质选票"):
        services.cast(chamber.users[1], vote, [1])
    with pytest.raises(VoteRefused, match="已用手机投票"):
        services.hand_out_paper(chamber.world.city_staff, vote, vote.electors.get(representative=chamber.representatives[0]).position)
    services.close_vote(chamber.world.city_staff, vote)
    with pytest.raises(VoteRefused, match="投票已截止"):
        services.cast(chamber.users[2], vote, [1])


def _hall(chamber, vote, paper_members):
    """Members 1..k vote on paper (handed out by the chair), the rest check in on the phone."""
    staff = chamber.world.city_staff
    for representative in chamber.representatives[:paper_members]:
        services.hand_out_paper(staff, vote, vote.electors.get(representative=representative).position)


def test_paper_ballots_count_once_two_tellers_agree(chamber):
    staff = chamber.world.city_staff
    vote = new_vote(chamber)
    services.print_paper_ballots(staff, vote, 12)
    services.open_vote(staff, vote)
    _hall(chamber, vote, 3)
    # Members 4–9 on the phone: 甲乙 ×4, 丙丁 ×2.
    for user, marks in zip(chamber.users[3:], [[1, 2]] * 4 + [[3, 4]] * 2):
        services.check_in(user, vote)
        services.cast(user, vote, marks)
    services.close_vote(staff, vote)
    a, b = chamber.teller_a, chamber.teller_b
    assert services.enter_paper_ballot(a, vote, 1, [1, 3]) == "waiting"
    assert services.enter_paper_ballot(b, vote, 1, [1, 3]) == "agreed"
    with pytest.raises(VoteRefused, match="已由两名计票人一致录入"):
        services.enter_paper_ballot(a, vote, 1, [2])
    assert services.enter_paper_ballot(a, vote, 5, [1, 2, 3]) == "waiting"  # over-marked: recorded, invalid at the count
    assert services.enter_paper_ballot(b, vote, 5, [1, 2, 4]) == "mismatch"
    services.enter_paper_ballot(a, vote, 9, [], spoilt=True)
    with pytest.raises(VoteRefused, match="第5号纸质选票的录入不一致"):
        services.count_vote(staff, vote)
    services.enter_paper_ballot(b, vote, 5, [1, 2, 3])  # the second teller looks again and corrects
    with pytest.raises(VoteRefused, match="第9号纸质选票只有一名计票人录入"):
        services.count_vote(staff, vote)
    services.enter_paper_ballot(b, vote, 9, [], spoilt=True)
    with pytest.raises(VoteRefused, match="只有本次投票的计票人"):
        services.enter_paper_ballot(staff, vote, 2, [1])
    with pytest.raises(VoteRefused, match="没有第13号纸质选票"):
        services.enter_paper_ballot(a, vote, 13, [1])
    vote = services.count_vote(staff, vote)
    result = vote.result
    # 6 phone + 3 paper = 9 cast; paper 5 over-marked and paper 9 spoilt are invalid.
    assert (result["cast"], result["valid"], result["invalid"], result["blank"]) == (9, 7, 2, 0)
    assert result["counts"] == {"1": 5, "2": 4, "3": 3, "4": 2}
    # 5 of 9 members is more than half of all members: 甲 chosen; 乙 with 4 is not.
    assert result["threshold"] == 5 and result["chosen"] == [1] and result["open_places"] == 1 and result["tied"] == []


def test_more_paper_ballots_back_than_handed_out_voids_the_count(chamber):
    staff = chamber.world.city_staff
    vote = new_vote(chamber)
    services.print_paper_ballots(staff, vote, 5)
    services.open_vote(staff, vote)
    _hall(chamber, vote, 1)
    services.close_vote(staff, vote)
    for number in (1, 2):
        services.enter_paper_ballot(chamber.teller_a, vote, number, [1])
        services.enter_paper_ballot(chamber.teller_b, vote, number, [1])
    with pytest.raises(VoteRefused, match="收回的纸质选票"):
        services.count_vote(staff, vote)


def test_without_quorum_nothing_is_chosen(chamber):
    staff = chamber.world.city_staff
    vote = new_vote(chamber)
    services.open_vote(staff, vote)
    vote_by_phone(chamber, vote, [[1]] * 6)  # 6 of 9 present is not more than two thirds
    vote = services.count_vote(staff, services.close_vote(staff, vote))
    assert vote.result["quorum_met"] is False and vote.result["chosen"] == []


def test_receipts_show_a_ballot_is_counted_and_nothing_else(chamber):
    staff = chamber.world.city_staff
    vote = new_vote(chamber)
    services.open_vote(staff, vote)
    receipts = vote_by_phone(chamber, vote, [[1, 2]] * 9)
    assert services.receipt_counted(vote, receipts[0]) is None  # not before the count
    vote = services.count_vote(staff, services.close_vote(staff, vote))
    assert services.receipt_counted(vote, receipts[3]) is True
    assert services.receipt_counted(vote, receipts[3].lower().replace("-", " ")) is True
    assert services.receipt_counted(vote, "AAAA-BBBB-CCCC") is False


def test_the_audit_file_recounts_to_the_published_result(chamber):
    staff = chamber.world.city_staff
    vote = new_vote(chamber)
    services.open_vote(staff, vote)
    vote_by_phone(chamber, vote, [[1, 2], [1, 3], [2, 3], [1], [], [1, 4], [2, 4], [1, 2], [3, 4]])
    vote = services.count_vote(staff, services.close_vote(staff, vote))
    document = services.audit_file(vote)
    assert hashlib.sha256(document).hexdigest() == vote.audit_digest
    recounted = services.recount(document)
    assert recounted.counts == {1: 5, 2: 4, 3: 3, 4: 3} and recounted.blank == 1
    assert [k for k, _ in recounted.ranking] == [r[0] for r in vote.result["ranking"]]
    assert "receipt" not in document.decode() and len(json.loads(document)["ballots"]) == 9


def test_a_tie_at_the_last_place_goes_to_a_second_round_among_the_tied(chamber):
    staff = chamber.world.city_staff
    vote = new_vote(chamber, options=("甲", "乙", "丙", "丁"), places=2)
    services.open_vote(staff, vote)
    # 甲 8, 乙 5, 丙 5, 丁 0: 乙 and 丙 tie for the second place, both over the threshold of 5.
    vote_by_phone(chamber, vote, [[1, 2]] * 4 + [[1, 3]] * 4 + [[2, 3]])
    vote = services.count_vote(staff, services.close_vote(staff, vote))
    assert vote.result["chosen"] == [1] and vote.result["tied"] == [2, 3] and vote.result["open_places"] == 1
    services.publish(staff, vote)
    second = services.open_second_round(staff, vote)
    with pytest.raises(VoteRefused, match="第二轮投票已经开始"):
        services.open_second_round(staff, vote)
    assert [o.label for o in second.options.all()] == ["乙", "丙"] and second.places == 1
    assert second.electorate_size == 9 and second.electors.filter(attendance="check_in").count() == 9
    assert services.final_choice(vote) == (["ref-1"], True)
    for user, marks in zip(chamber.users, [[1]] * 6 + [[2]] * 3):
        services.cast(user, second, marks)
    second = services.count_vote(staff, services.close_vote(staff, second))
    assert second.result["chosen"] == [1]
    assert services.final_choice(vote) == (["ref-1", "ref-2"], False)


def test_a_tie_with_no_tie_refuses_a_second_round(chamber):
    staff = chamber.world.city_staff
    vote = new_vote(chamber)
    services.open_vote(staff, vote)
    vote_by_phone(chamber, vote, [[1, 2]] * 9)
    vote = services.count_vote(staff, services.close_vote(staff, vote))
    with pytest.raises(VoteRefused, match="末位没有得票相同"):
        services.open_second_round(staff, vote)


def test_motions_and_satisfaction_votes(chamber):
    staff = chamber.world.city_staff
    motion = new_vote(chamber, kind=Kind.MOTION, options=("决议一", "决议二"), places=0, title="表决")
    services.open_vote(staff, motion)
    vote_by_phone(chamber, motion, [{"1": "for", "2": "against"}] * 5 + [{"1": "abstain", "2": "for"}] * 4)
    motion = services.count_vote(staff, services.close_vote(staff, motion))
    assert motion.result["chosen"] == [1] and motion.result["counts"]["2"] == {"for": 4, "against": 5, "abstain": 0}

    judged = new_vote(chamber, kind=Kind.SATISFACTION, options=("市水务局", "市住建局"), places=0, title="满意度测评")
    services.open_vote(staff, judged)
    services.check_in(chamber.users[0], judged)
    with pytest.raises(VoteRefused, match="不存在的候选项"):
        services.cast(chamber.users[0], judged, {"1": "delighted"})
    vote_by_phone(chamber, judged, [{"1": "satisfied", "2": "unsatisfied"}] * 6 + [{"1": "basically_satisfied"}] * 2 + [{}])
    judged = services.count_vote(staff, services.close_vote(staff, judged))
    assert judged.result["rates"] == {"1": [1, 1], "2": [0, 1]} and judged.result["blank"] == 1


def test_attendance_by_the_chair_counts_for_the_quorum(chamber):
    staff = chamber.world.city_staff
    vote = new_vote(chamber)
    services.open_vote(staff, vote)
    positions = list(vote.electors.values_list("position", flat=True))
    assert services.record_attendance(staff, vote, positions[:7]) == 7
    services.check_in(chamber.users[0], vote)
    services.cast(chamber.users[0], vote, [1])
    with pytest.raises(VoteRefused, match="已投票，不能登记为缺席"):
        services.record_attendance(staff, vote, [vote.electors.get(method=Elector.Method.ELECTRONIC).position], present=False)
    vote = services.close_vote(staff, vote)
    assert vote.present_count == 7 and Ballot.objects.filter(vote=vote).count() == 1


def test_a_draft_keeps_the_options_a_list_elsewhere_gave_it(chamber):
    vote = new_vote(chamber)  # options carry references ref-1 … ref-4, as a project year's do
    staff = chamber.world.city_staff
    labels = [("甲", "", ""), ("乙", "", ""), ("丙", "", ""), ("丁", "", "")]
    services.change_draft(staff, vote, options=labels, places=1)
    assert list(vote.options.values_list("reference", flat=True)) == ["ref-1", "ref-2", "ref-3", "ref-4"]
    with pytest.raises(VoteRefused, match="不能在这里修改"):
        services.change_draft(staff, vote, options=labels[:3], places=1)
