"""A report back (述职) of the demo city, driven only through the services the screens use: rep_li
(李春梅) reported on 2025 to the voters at the 龙井社区 liaison station on 20 December 2025, with
photos and the summary of her archive for the year; her representatives' group rated the report on
their phones, and the result was published. Her public page (/r/<code>/) shows the report and its
satisfaction rate; the archive counts it once, with the rate.

A reload makes nothing twice: the report is looked for by representative and year first."""

import datetime
import random

from django.utils import timezone

from minyi.accounts.models import Role, RoleGrant, User
from minyi.duty import report_back
from minyi.duty.models import Activity, Attendance, ReportBack
from minyi.matters import attachments
from minyi.representatives.models import Mandate
from minyi.voting import services as voting
from minyi.voting.models import Vote

from . import jingmen as J
from .projects import _member, _photo

YEAR = 2025
MEETING = datetime.datetime(2025, 12, 20, 9, 0)
TEXT = """各位选民：

2025年，我认真履行市人大代表职责，现将一年来的履职情况报告如下。

一、参加会议和闭会期间活动。全程出席市第九届人民代表大会第五次会议，参加代表小组组织的视察、调研和执法检查，参加代表履职能力提升培训。

二、联系选民、反映民意。每月在龙井社区代表联络站接待选民，收集群众意见，能现场解决的当场解决，不能解决的转交有关部门办理并跟踪结果。

三、提出建议、推动落实。围绕老旧小区改造、加装电梯和社区养老提出代表建议，推动有关部门列入年度计划。

不足之处是走访困难群众的次数还不够多。新的一年，我将继续当好人民群众的代言人，请大家监督。"""
# The voters' group rates mostly satisfied; the chance of each answer, in order.
CHOICES = (("satisfied", 0.78), ("basically_satisfied", 0.17), ("unsatisfied", 0.05))


def _at(hour, minute=0):
    return timezone.make_aware(MEETING.replace(hour=hour, minute=minute))


def load(writer):
    city = writer.congress[J.CITY]
    rep_li_user = User.objects.get(username="rep_li")
    rep_li = RoleGrant.objects.get(user=rep_li_user, role=Role.REPRESENTATIVE).representative
    if ReportBack.objects.filter(representative=rep_li, year=YEAR).exists():
        return
    mandate = Mandate.objects.current().filter(representative=rep_li, congress=city, group__isnull=False).select_related("group").first()
    if mandate is None:
        return
    staff = User.objects.get(username="jm_staff")
    report = report_back.create_report(
        rep_li_user, representative=rep_li, year=YEAR, congress=city, title="李春梅代表2025年度履职情况报告", text=TEXT,
        photos=attachments.clean_photos([_photo(2501), _photo(2502)]),
    )
    meeting = report_back.create_meeting(staff, report, starts_at=_at(9), ends_at=_at(11, 30), place="东宝区龙泉街道龙井社区代表联络站",
                                         organiser=mandate.group.name)
    Attendance.objects.create(activity=meeting, representative=rep_li, how=Attendance.How.CODE, at=_at(8, 50))
    vote = report_back.prepare_vote(staff, report, electorate=report_back.Electorate.GROUP, group=mandate.group)
    voting.open_vote(staff, vote)
    rng = random.Random(YEAR)
    members = [e.representative for e in vote.electors.select_related("representative") if e.representative_id]
    for index, member in enumerate(members):
        if index and index % 9 == 0:
            continue  # one in nine was not at the meeting
        actor = _member(member)
        voting.check_in(actor, vote)
        choice = rng.choices([c for c, _w in CHOICES], weights=[w for _c, w in CHOICES])[0]
        voting.cast(actor, vote, {"1": choice})
    vote = voting.count_vote(staff, voting.close_vote(staff, vote))
    voting.publish(staff, vote)
    Vote.objects.filter(pk=vote.pk).update(opened_at=_at(10, 30), closed_at=_at(10, 50), counted_at=_at(10, 55), published_at=_at(11, 30))
    writer.created[ReportBack._meta.label] += 1
    writer.created[Activity._meta.label] += 1
    writer.created[Attendance._meta.label] += 1
    writer.created[Vote._meta.label] += 1
