"""A vote on paper: numbered ballots one per page, the counted result for signing, the result and
the box as a spreadsheet, and the recount of an audit file on the command line — checked on the
real PDFs (pypdf), the real workbook (openpyxl) and the real command."""

import hashlib
import io
import json
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from minyi.voting import documents, services
from minyi.voting.management.commands import recount_vote
from minyi.voting.models import Kind

from .conftest import new_vote, vote_by_phone

pytestmark = pytest.mark.django_db

PROJECTS = ("城区老旧小区改造提升工程", "农村饮水安全巩固提升工程", "中小学食堂及饮水设施改造", "社区居家养老服务中心建设")
DESCRIPTION = "对全市城区2000年以前建成的老旧小区实施改造，" * 4  # long enough to be cut on the ballot


def pages_text(pdf):
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text):
    """The text with the PDF's line breaks taken out (Chinese breaks anywhere)."""
    return text.replace("\n", "")


def projects_vote(chamber):
    staff = chamber.world.city_staff
    vote = new_vote(chamber, options=PROJECTS, places=2)
    return services.change_draft(staff, vote, options=[(label, DESCRIPTION, f"ref-{n}") for n, label in enumerate(PROJECTS, start=1)], places=2)


def counted_with_paper_and_a_tie(chamber):
    """Members 1–3 vote on paper (ballots 1, 2 and a spoilt 3), members 4–9 on the phone.
    By hand: 城区 6, 农村 5, 中小学 5, 社区 0; threshold 5 of 9; 农村 and 中小学 tie for the second place."""
    staff = chamber.world.city_staff
    vote = projects_vote(chamber)
    services.print_paper_ballots(staff, vote, 12)
    services.open_vote(staff, vote)
    for representative in chamber.representatives[:3]:
        services.hand_out_paper(staff, vote, vote.electors.get(representative=representative).position)
    for user, marks in zip(chamber.users[3:], [[1, 2], [1, 2], [1, 3], [1, 3], [2, 3], [2, 3]]):
        services.check_in(user, vote)
        services.cast(user, vote, marks)
    services.close_vote(staff, vote)
    for teller in (chamber.teller_a, chamber.teller_b):
        services.enter_paper_ballot(teller, vote, 1, [1, 2])
        services.enter_paper_ballot(teller, vote, 2, [1, 3])
        services.enter_paper_ballot(teller, vote, 3, [], spoilt=True)
    vote = services.count_vote(staff, vote)
    assert vote.result["chosen"] == [1] and vote.result["tied"] == [2, 3] and vote.result["counts"] == {"1": 6, "2": 5, "3": 5, "4": 0}
    return vote


def counted_motion(chamber):
    staff = chamber.world.city_staff
    motion = new_vote(chamber, kind=Kind.MOTION, options=("关于批准2026年市级财政决算的决议", "关于修改《荆门市城市管理条例》的决定"),
                      places=0, title="市人大常委会议案表决", secret=False)
    services.open_vote(staff, motion)
    vote_by_phone(chamber, motion, [{"1": "for", "2": "against"}] * 5 + [{"1": "abstain", "2": "for"}] * 4)
    return services.count_vote(staff, services.close_vote(staff, motion))


def counted_satisfaction(chamber):
    """By hand: 市水务局 5 满意 2 基本满意 1 不满意 → 7/8 = 87.50%; 市住建局 2 满意 5 不满意 → 2/7 = 28.57%; one blank."""
    staff = chamber.world.city_staff
    judged = new_vote(chamber, kind=Kind.SATISFACTION, options=("市水务局", "市住房和城乡建设局"), places=0, title="2026年度部门工作满意度测评")
    services.open_vote(staff, judged)
    vote_by_phone(chamber, judged, [{"1": "satisfied", "2": "unsatisfied"}] * 5 + [{"1": "basically_satisfied", "2": "satisfied"}] * 2
                  + [{"1": "unsatisfied"}, {}])
    return services.count_vote(staff, services.close_vote(staff, judged))


# --- Paper ballots ---------------------------------------------------------------------------------


def test_paper_ballots_are_numbered_one_per_page_in_parts(chamber):
    vote = projects_vote(chamber)
    # Five ballots rendered two at a time: three parts joined into one document, in order.
    texts = pages_text(documents.paper_ballots_pdf(vote, 5, per_part=2))
    assert len(texts) == 5
    for number, text in enumerate(texts, start=1):
        assert f"第{number:04d}号" in text
        assert sum(f"第{other:04d}号" in text for other in range(1, 6)) == 1
    third = texts[2]
    assert "荆门市人民代表大会" in third and "2027年民生实事项目票决" in third and "选 票" in third
    assert all(label in third for label in PROJECTS)
    assert "每张选票最多可选2项，多选无效" in flat(third) and "在同意的候选项目后的方格内划“○”" in flat(third)
    # A secret vote: no name on the ballot.
    assert "无记名投票" in third and "代表姓名" not in third
    # The description is cut short, not left to run over the page.
    assert "对全市城区2000年以前建成的老旧小区实施改造" in third and DESCRIPTION.strip("，") not in flat(third)


def test_a_batch_of_ten_thousand_is_numbered_to_five_digits_and_nothing_else_is_printed(chamber):
    vote = projects_vote(chamber)
    assert documents.serial_label(7, 320) == "第0007号" and documents.serial_label(7, 10000) == "第00007号"
    with pytest.raises(ValueError):
        documents.paper_ballots_pdf(vote, 0)
    with pytest.raises(ValueError):
        documents.paper_ballots_pdf(vote, 10001)


def test_motion_and_satisfaction_ballots_have_three_boxes_per_item(chamber):
    motion = new_vote(chamber, kind=Kind.MOTION, options=("关于批准2026年市级财政决算的决议", "关于修改《荆门市城市管理条例》的决定"),
                      places=0, title="市人大常委会议案表决", secret=False)
    (text,) = pages_text(documents.paper_ballots_pdf(motion, 1))
    assert "第0001号" in text and "关于修改《荆门市城市管理条例》的决定" in text
    assert "赞成 反对 弃权" in text and "每项只能划一个" in flat(text)
    assert "记名投票" in text and "无记名投票" not in text and "代表姓名" in text  # an open vote: the member signs

    judged = new_vote(chamber, kind=Kind.SATISFACTION, options=("市水务局", "市住房和城乡建设局"), places=0, title="2026年度部门工作满意度测评")
    (text,) = pages_text(documents.paper_ballots_pdf(judged, 1))
    assert "满意 基本满意 不满意" in text and "市住房和城乡建设局" in text and "测评对象" in text and "每项只能划一个" in flat(text)


def test_a_ballot_of_many_options_stays_on_one_page_and_a_longer_one_has_its_number_on_each(chamber):
    labels = [f"第{n}号候选民生实事项目" for n in range(1, 25)]
    vote = new_vote(chamber, options=labels, places=10, title="二十四选十")
    (text,) = pages_text(documents.paper_ballots_pdf(vote, 1))
    assert "第24号候选民生实事项目" in text and "最多可选10项" in flat(text)

    judged = new_vote(chamber, kind=Kind.SATISFACTION, options=[f"市直单位{n:02d}" for n in range(1, 41)], places=0, title="四十个单位测评")
    texts = pages_text(documents.paper_ballots_pdf(judged, 2))
    assert len(texts) == 4
    assert ["第0001号" in t for t in texts] == [True, True, False, False] and ["第0002号" in t for t in texts] == [False, False, True, True]
    assert "市直单位01" in texts[2] and "市直单位40" in texts[3] and "满意 基本满意 不满意" in texts[3]  # the table's head again


# --- The result sheet ------------------------------------------------------------------------------


def test_the_result_sheet_shows_the_count_the_tie_and_the_audit_digest(chamber):
    vote = counted_with_paper_and_a_tie(chamber)
    texts = pages_text(documents.result_sheet_pdf(vote))
    assert len(texts) == 1
    text = texts[0]
    assert "计票结果报告单" in text and "2027年民生实事项目票决" in text and "第一轮" in text and "差额票决" in text
    assert "9 9 9 8 1 0" in text  # 应到 实到 收回 有效 无效 空白
    assert "符合法定人数" in text and "得票超过全体代表（9名）的半数，即至少5票" in text
    assert "1 1 城区老旧小区改造提升工程 6 当选" in text
    assert "2 2 农村饮水安全巩固提升工程 5 并列，需第二轮" in text and "2 3 中小学食堂及饮水设施改造 5 并列，需第二轮" in text
    assert "4 4 社区居家养老服务中心建设 0 未当选" in text
    assert "尚有1个名额未产生，须在并列者中进行第二轮票决" in text
    assert vote.audit_digest in text and len(vote.audit_digest) == 64
    assert "总监票人" in text and "主持人" in text and "计票人甲" in text and "计票人乙" in text

    # The second round among the tied says so.
    staff = chamber.world.city_staff
    services.publish(staff, vote)
    second = services.open_second_round(staff, vote)
    for user, marks in zip(chamber.users, [[1]] * 6 + [[2]] * 3):
        services.cast(user, second, marks)
    second = services.count_vote(staff, services.close_vote(staff, second))
    (text,) = pages_text(documents.result_sheet_pdf(second))
    assert "第二轮" in text and "1 1 农村饮水安全巩固提升工程 6 当选" in text and "并列" not in text


def test_motion_and_satisfaction_result_sheets(chamber):
    (text,) = pages_text(documents.result_sheet_pdf(counted_motion(chamber)))
    assert "1 关于批准2026年市级财政决算的决议 5 0 4 通过" in text and "2 关于修改《荆门市城市管理条例》的决定 4 5 0 未通过" in text
    assert "赞成票超过全体代表（9名）的半数，即至少5票" in text and "记名投票" in text

    (text,) = pages_text(documents.result_sheet_pdf(counted_satisfaction(chamber)))
    assert "1 市水务局 5 2 1 87.50%" in text and "2 市住房和城乡建设局 2 0 5 28.57%" in text
    assert "9 9 9 9 0 1" in text


def test_no_result_sheet_before_the_count(chamber):
    vote = projects_vote(chamber)
    with pytest.raises(ValueError):
        documents.result_sheet_pdf(vote)
    with pytest.raises(ValueError):
        documents.result_workbook(vote)


# --- The workbook ----------------------------------------------------------------------------------


def read_workbook(data):
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["计票结果", "选票明细"]
    return workbook["计票结果"], workbook["选票明细"]


def table_rows(sheet, first_header):
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == first_header)
    body = []
    for row in rows[start + 1:]:
        if not isinstance(row[0], int):
            break
        body.append(row)
    return rows, rows[start], body


def test_the_workbook_holds_the_stored_result_and_every_ballot(chamber):
    vote = counted_with_paper_and_a_tie(chamber)
    result, box = read_workbook(documents.result_workbook(vote))
    rows, header, body = table_rows(result, "名次")
    assert rows[2][:6] == ("应到人数", "实到人数", "收回选票", "有效票", "无效票", "其中空白票")
    assert rows[3][:6] == (9, 9, 9, 8, 1, 0)
    assert vote.audit_digest in rows[4]
    assert header[:5] == ("名次", "编号", "候选项目", "得票数", "结果")
    assert [(r[1], r[3]) for r in body] == [tuple(pair) for pair in vote.result["ranking"]]
    assert [r[0] for r in body] == [1, 2, 2, 4] and [r[4] for r in body] == ["当选", "并列，需第二轮", "并列，需第二轮", "未当选"]
    assert result.freeze_panes == f"A{rows.index(header) + 2}"

    ballots = list(box.iter_rows(values_only=True))
    assert ballots[0] == ("序号", "纸质选票编号", "选票内容") and box.freeze_panes == "A2"
    assert [b[0] for b in ballots[1:]] == list(range(1, 10))
    assert Counter(b[2] for b in ballots[1:]) == Counter({"1、2": 3, "1、3": 3, "2、3": 2, "废票": 1})
    assert sorted(b[1] for b in ballots[1:] if b[1]) == [1, 2, 3]
    assert {b[1]: b[2] for b in ballots[1:] if b[1]} == {1: "1、2", 2: "1、3", 3: "废票"}
    # In the box's order, and nothing that could lead back to a voter.
    assert [b[2] for b in ballots[1:]] == [documents.marks_text(vote, m) for m in vote.ballots.order_by("id").values_list("marks", flat=True)]
    assert not any(digest in str(b) for b in ballots for digest in vote.ballots.exclude(receipt_digest="").values_list("receipt_digest", flat=True))


def test_the_workbook_of_items_has_counts_and_a_percentage(chamber):
    judged = counted_satisfaction(chamber)
    result, box = read_workbook(documents.result_workbook(judged))
    _rows, header, body = table_rows(result, "编号")
    assert header == ("编号", "测评对象", "满意", "基本满意", "不满意", "满意率")
    assert [r[:5] for r in body] == [(1, "市水务局", 5, 2, 1), (2, "市住房和城乡建设局", 2, 0, 5)]
    assert body[0][5] == pytest.approx(7 / 8) and body[1][5] == pytest.approx(2 / 7)
    rate_cell = next(row[5] for row in result.iter_rows() if row[0].value == 1)
    assert rate_cell.number_format == "0.00%"
    marks = Counter(row[2] for row in box.iter_rows(min_row=2, values_only=True))
    assert marks == Counter({"1:满意 2:不满意": 5, "1:基本满意 2:满意": 2, "1:不满意": 1, "（空白）": 1})

    motion = counted_motion(chamber)
    _result, box = read_workbook(documents.result_workbook(motion))
    assert Counter(row[2] for row in box.iter_rows(min_row=2, values_only=True)) == Counter({"1:赞成 2:反对": 5, "1:弃权 2:赞成": 4})


# --- Recounting on the command line ----------------------------------------------------------------


def test_the_command_recounts_an_audit_file_and_checks_it_against_the_vote(chamber, tmp_path):
    vote = counted_with_paper_and_a_tie(chamber)
    audit = services.audit_file(vote)
    path = tmp_path / "audit.json"
    path.write_bytes(audit)

    out = io.StringIO()
    call_command("recount_vote", str(path), stdout=out)
    printed = out.getvalue()
    assert hashlib.sha256(audit).hexdigest() == vote.audit_digest and vote.audit_digest in printed
    assert "应到9名，实到9名；收回选票9张，有效票8张，无效票1张，其中空白票0张。" in printed
    assert "符合法定人数" in printed and "至少5票" in printed
    lines = [" ".join(line.split()) for line in printed.splitlines()]
    assert "1 1 城区老旧小区改造提升工程 6 当选" in lines and "2 3 中小学食堂及饮水设施改造 5 并列，需第二轮" in lines
    assert "当选：1 城区老旧小区改造提升工程" in printed and "2 农村饮水安全巩固提升工程、3 中小学食堂及饮水设施改造" in printed

    out = io.StringIO()
    call_command("recount_vote", str(path), vote=vote.pk, stdout=out)
    assert "一致" in out.getvalue()

    # One ballot changed: the recount no longer matches what was stored, nor the digest printed.
    document = json.loads(audit)
    spoilt = next(ballot for ballot in document["ballots"] if ballot["marks"] is None)
    spoilt["marks"] = [2]
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    errors = io.StringIO()
    with pytest.raises(CommandError, match="不一致") as refused:
        call_command("recount_vote", str(tampered), vote=vote.pk, stdout=io.StringIO(), stderr=errors)
    assert "counts" in str(refused.value) and "SHA-256" in str(refused.value)
    assert '"2": 5' in errors.getvalue() and '"2": 6' in errors.getvalue()

    # Without --vote the tampered file is simply recounted: 农村 now leads alone.
    out = io.StringIO()
    call_command("recount_vote", str(tampered), stdout=out)
    assert "有效票9张，无效票0张" in out.getvalue()


def test_the_command_reads_item_votes_and_refuses_what_is_not_an_audit_file(chamber, tmp_path):
    judged = counted_satisfaction(chamber)
    path = tmp_path / "audit.json"
    path.write_bytes(services.audit_file(judged))
    out = io.StringIO()
    call_command("recount_vote", str(path), vote=judged.pk, stdout=out)
    lines = [" ".join(line.split()) for line in out.getvalue().splitlines()]
    assert "1 市水务局 5 2 1 87.50%" in lines and "2 市住房和城乡建设局 2 0 5 28.57%" in lines

    motion = counted_motion(chamber)
    with pytest.raises(CommandError, match=f"第{judged.pk}号票决，而非第{motion.pk}号"):
        call_command("recount_vote", str(path), vote=motion.pk, stdout=io.StringIO())
    assert "审计文件" in recount_vote.Command().create_parser("manage.py", "recount_vote").format_help()
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="不是票决的审计文件"):
        call_command("recount_vote", str(garbage), stdout=io.StringIO())
    with pytest.raises(CommandError, match="无法读取"):
        call_command("recount_vote", str(tmp_path / "missing.json"), stdout=io.StringIO())
