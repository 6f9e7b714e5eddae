"""Time the unit-scoring computation (minyi.suggestions.scoring.compute) over a year of 5,000 suggestions.

    .venv/bin/python bench/unit_scoring.py [--suggestions 5000] [--var-dir /tmp/bench-scoring] [--profile]

Builds a fresh SQLite database in --var-dir (deleted and re-made each run) holding the test city,
40 handling units, 200 representatives, and a year (2026) of suggestions written as direct rows
(bulk inserts: the services would take tens of minutes for 5,000 full lifecycles), each with
what the services would have left: the matter and suggestion, the lead signer and sometimes
co-signers, the lead assignment and for a third of them a co-handling one, signing (some late),
contacts (some disputed, some missing), the reply with class and letter (some late, some without
letter), judgements (some 不满意, then a re-handling round), B-class replies with or without
follow-up, 150 key suggestions with supervision records, re-assignment requests (some late), and
500 suggestions of 2025 of which some are raised again in 2026. Then it computes the 2026
scores (as on 15 January 2027) three times and prints the seconds of each and the counts.
"""

import argparse
import cProfile
import datetime
import io
import os
import pstats
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TITLES = ["老旧小区雨污分流改造", "农村公路安全防护设施", "社区养老服务站点", "中小学校周边交通秩序", "城区停车难问题", "背街小巷路灯照明",
          "农贸市场环境整治", "乡镇卫生院医疗设备", "城市内涝治理", "公共厕所建设管理", "农村饮水安全工程", "既有住宅加装电梯",
          "汉江水质保护", "职业教育产教融合", "营商环境优化", "农产品冷链物流", "城市绿道建设", "学前教育普惠资源"]
PLACES = ["东宝区", "掇刀区", "漳河新区", "高新区", "钟祥市", "京山市", "沙洋县", "屈家岭", "龙泉街道", "白庙街道"]
STREETS = ["象山大道", "白云大道", "月亮湖路", "海慧路", "天鹅路", "凤凰路", "长宁大道", "虎牙关", "杨湾路", "泉口路", "金虾路", "培公大道",
           "深圳大道", "星球路", "子陵铺", "石桥驿", "牌楼镇", "漳河镇", "团林铺", "麻城镇"]
ACTIONS = ["加快推进", "进一步加强", "统筹解决", "加大投入", "完善"]


def setup_django(var_dir):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["MINYI_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def aware(day, hour=10):
    from minyi.workdays.calendar import CHINA

    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=CHINA)


def build(count, seed=6):
    from django.db import transaction

    from minyi.matters.models import (
        Assignment,
        Attachment,
        DeadlineExtension,
        Evaluation,
        Matter,
        ReassignmentRequest,
        Reply,
        Supervision,
        TimelineEvent,
    )
    from minyi.organisations.models import Term, Unit
    from minyi.representatives.models import Representative
    from minyi.suggestions.models import Category, Contact, KeySuggestion, ReplyLetter, Signer, Suggestion
    from minyi.testing import World
    from minyi.workdays.calendar import Calendar

    rng = random.Random(seed)
    with transaction.atomic():
        world = World()
        congress = world.city_congress
        term = Term.objects.create(congress=congress, number=9, start=datetime.date(2022, 1, 1), end=datetime.date(2026, 12, 31))
        Category.objects.create(code="urban", name="城乡建设")
        units = [world.city_unit] + [Unit.objects.create(region=world.city, name=f"荆门市第{i:02d}局") for i in range(1, 40)]
        reps = Representative.objects.bulk_create([Representative(name=f"代表{i:03d}", public_code=f"RB{i:05d}") for i in range(200)])
        calendar = Calendar(congress.pk)

        def title():
            return f"关于{rng.choice(ACTIONS)}{rng.choice(PLACES)}{rng.choice(STREETS)}{rng.choice(TITLES)}的建议"

        plan = []
        earlier_titles = []
        for index in range(count + 500):
            year = 2025 if index >= count else 2026
            raised = datetime.date(year, 1, 10) + datetime.timedelta(days=rng.randrange(0, 300))
            text_title = title()
            if year == 2026 and earlier_titles and rng.random() < 0.03:
                text_title = rng.choice(earlier_titles)  # raised again
            if year == 2025:
                earlier_titles.append(text_title)
            plan.append((year, raised, text_title))
        matters = Matter.objects.bulk_create([
            Matter(kind="suggestion", title=t, text=f"{t}。具体情况和建议措施如下：……" * 3, region_code=world.city.code, category="urban",
                   channel="representative", representative=rng.choice(reps), owner_congress=congress, status="closed",
                   created_at=aware(raised, 9), version=10)
            for year, raised, t in plan
        ], batch_size=1000)
        Suggestion.objects.bulk_create([
            Suggestion(matter=m, term=term, year=year, number=i + 1, number_label=f"第{i + 1:04d}号")
            for i, (m, (year, _raised, _t)) in enumerate(zip(matters, plan))
        ], batch_size=1000)
        signers, assignments, events = [], [], []
        for m in matters:
            signers.append(Signer(suggestion_id=m.pk, representative_id=m.representative_id, is_lead=True, state="confirmed"))
            if rng.random() < 0.2:
                other = rng.choice(reps)
                if other.pk != m.representative_id:
                    signers.append(Signer(suggestion_id=m.pk, representative_id=other.pk, state="confirmed"))
        Signer.objects.bulk_create(signers, batch_size=2000)

        lifecycle = []
        for m in matters:
            assigned = m.created_at.date() + datetime.timedelta(days=rng.randrange(3, 20))
            start = aware(assigned)
            sign_due = calendar.deadline(start, "workdays:3").date
            handle_due = calendar.deadline(start, "months:3").date
            lead_unit = rng.choice(units)
            signed = sign_due + datetime.timedelta(days=rng.choice([-2, -1, 0, 0, 0, 0, 0, 0, 2, 5]))
            lead = Assignment(matter=m, unit=lead_unit, role="lead", state="done", assigned_at=start, sign_due=sign_due, sign_rule="workdays:3",
                              handle_due=handle_due, handle_rule="months:3", signed_at=aware(max(signed, assigned)))
            co = None
            if rng.random() < 0.33:
                co_unit = rng.choice([u for u in units if u.pk != lead_unit.pk])
                co = Assignment(matter=m, unit=co_unit, role="co", state="done", assigned_at=start, sign_due=sign_due, sign_rule="workdays:3",
                                handle_due=calendar.deadline(start, "months:1").date, handle_rule="months:1", signed_at=aware(sign_due))
            lifecycle.append((m, lead, co, assigned, handle_due))
            assignments.append(lead)
            if co:
                assignments.append(co)
        Assignment.objects.bulk_create(assignments, batch_size=2000)

        contacts, replies, evaluations, requests, extensions = [], [], [], [], []
        second_rounds = []
        for m, lead, co, assigned, handle_due in lifecycle:
            events.append(TimelineEvent(matter=m, at=m.created_at, action="open", to_status="submitted"))
            events.append(TimelineEvent(matter=m, at=lead.assigned_at, action="assign", to_status="assigned", data={"lead": lead.unit_id}))
            events.append(TimelineEvent(matter=m, at=lead.signed_at, action="sign", data={"assignment": lead.pk}))
            replied = handle_due + datetime.timedelta(days=rng.choice([-40, -30, -20, -10, -5, -1, 0, 3, 10]))
            replied = max(replied, assigned + datetime.timedelta(days=5))
            if rng.random() < 0.95:
                contacts.append(Contact(assignment=lead, representative_id=m.representative_id, method="visit", stage="before",
                                        happened_on=assigned + datetime.timedelta(days=3), note="座谈听取意见",
                                        confirmation=rng.choice(["confirmed"] * 8 + ["pending", "disputed"])))
                events.append(TimelineEvent(matter=m, at=aware(assigned + datetime.timedelta(days=3)), action="contact",
                                            data={"assignment": lead.pk}))
            if rng.random() < 0.03:
                requests.append(ReassignmentRequest(assignment=lead, reason="不属于我单位职责", state="refused",
                                                    requested_at=aware(assigned + datetime.timedelta(days=rng.choice([2, 5, 20])))))
            if rng.random() < 0.04:
                extensions.append(DeadlineExtension(assignment=lead, reason="情况复杂", rule="months:6", state="approved", old_due=handle_due,
                                                    new_due=handle_due + datetime.timedelta(days=92), decided_at=aware(assigned)))
            klass = rng.choice("AAAABBBC")
            replies.append((m, lead, Reply(matter=m, assignment=lead, kind="reply", round=1, reply_class=klass, text="答复内容……",
                                           at=aware(replied, 15))))
            if co:
                replies.append((m, co, Reply(matter=m, assignment=co, kind="contribution", round=1, text="协办意见",
                                             at=aware(assigned + datetime.timedelta(days=20)))))
            rating = rng.choice(["satisfied"] * 6 + ["basically_satisfied"] * 3 + ["unsatisfied"])
            judged = replied + datetime.timedelta(days=7)
            evaluations.append(Evaluation(matter=m, round=1, rating=rating, by_label="代表", at=aware(judged)))
            events.append(TimelineEvent(matter=m, at=aware(judged), action="rehandle" if rating == "unsatisfied" else "evaluate",
                                        data={"rating": rating, "round": 1}))
            if rating == "unsatisfied":
                due = calendar.deadline(aware(judged), "months:1").date
                second_rounds.append((m, lead, judged, due))
            elif klass == "B" and rng.random() < 0.5:
                events.append(TimelineEvent(matter=m, at=aware(replied + datetime.timedelta(days=60)), action="progress",
                                            data={"assignment": lead.pk}))
        ReassignmentRequest.objects.bulk_create(requests, batch_size=2000)
        DeadlineExtension.objects.bulk_create(extensions, batch_size=2000)
        Contact.objects.bulk_create(contacts, batch_size=2000)
        Evaluation.objects.bulk_create(evaluations, batch_size=2000)
        seconds = Assignment.objects.bulk_create([
            Assignment(matter=m, unit_id=lead.unit_id, role="lead", round=2, state="done", assigned_at=aware(judged), signed_at=aware(judged),
                       handle_due=due, handle_rule="months:1") for m, lead, judged, due in second_rounds], batch_size=2000)
        for (m, _lead, judged, due), second in zip(second_rounds, seconds):
            contacts_2 = Contact(assignment=second, representative_id=m.representative_id, method="phone", stage="before",
                                 happened_on=judged + datetime.timedelta(days=2), note="再次沟通")
            Contact.objects.bulk_create([contacts_2])
            replies.append((m, second, Reply(matter=m, assignment=second, kind="reply", round=2, reply_class="A", text="再次答复",
                                             at=aware(due + datetime.timedelta(days=rng.choice([-10, -3, 4]))))))
        made = Reply.objects.bulk_create([reply for _m, _a, reply in replies], batch_size=2000)
        letters = Attachment.objects.bulk_create([
            Attachment(matter_id=r.matter_id, kind="document", file="matters/bench/letter.pdf", original_name="答复函.pdf", size=1000)
            for r in made if r.kind == "reply"], batch_size=2000)
        letter_ids = iter(a.pk for a in letters)
        ReplyLetter.objects.bulk_create([
            ReplyLetter(reply=r, letter_id=next(letter_ids) if rng.random() < 0.97 else None, signed_by="局长")
            for r in made if r.kind == "reply"], batch_size=2000)
        for r in made:
            if r.kind == "reply":
                events.append(TimelineEvent(matter_id=r.matter_id, at=r.at, action="reply", data={"assignment": r.assignment_id, "reply": r.pk}))
        keyed = rng.sample([m for m, *_rest in lifecycle if m.created_at.year == 2026], 150)
        KeySuggestion.objects.bulk_create([KeySuggestion(suggestion_id=m.pk, year=2026, chosen_on=datetime.date(2026, 3, 1), leading_leader="陈志强",
                                                         supervising_committee="城建环保委", plan="每季度督办") for m in keyed])
        visits = []
        for m in keyed:
            for month in (3, 5, 8, 11):
                if rng.random() < 0.8:
                    visits.append(Supervision(matter=m, method="visit", note="实地督办", at=aware(datetime.date(2026, month, 15))))
        Supervision.objects.bulk_create(visits)
        TimelineEvent.objects.bulk_create(events, batch_size=5000)
    return {"suggestions": len(matters), "assignments": Assignment.objects.count(), "events": TimelineEvent.objects.count(),
            "replies": Reply.objects.count(), "contacts": Contact.objects.count()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suggestions", type=int, default=5000)
    parser.add_argument("--var-dir", default="/tmp/bench-scoring")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    var_dir = Path(args.var_dir)
    shutil.rmtree(var_dir, ignore_errors=True)
    var_dir.mkdir(parents=True)
    os.chdir(ROOT)
    setup_django(var_dir)
    started = time.perf_counter()
    counts = build(args.suggestions)
    print(f"built in {time.perf_counter() - started:.1f} s (direct rows, SQLite): {counts}")

    from minyi.organisations.models import Congress
    from minyi.suggestions import scoring

    congress = Congress.objects.get(name="荆门市人民代表大会")
    today = datetime.date(2027, 1, 15)
    for run in range(1, 4):
        profiler = cProfile.Profile() if args.profile and run == 1 else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        result = scoring.compute(congress.pk, 2026, today=today)
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - started
        print(f"run {run}: {seconds:.2f} s — {len(result.ranking)} units ranked, {len(result.items)} items")
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(20)
            print(out.getvalue())
    by_indicator = {}
    for item in result.items:
        by_indicator[item.indicator] = by_indicator.get(item.indicator, 0) + 1
    print("items by indicator:", dict(sorted(by_indicator.items())))
    print("top 3:", [(row.place, row.unit_name, float(row.score)) for row in result.ranking[:3]])


if __name__ == "__main__":
    main()
