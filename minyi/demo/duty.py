"""Duty activities of the demo city's representatives (履职活动), so that the archive, the duty list
and the points have something to show:

- the city congress's annual sessions of 2025 and 2026 (as activities, every city representative
  invited; most checked in, a few on approved leave, one absent without leave), and the standing
  committee's meeting last month;
- in 2025 and 2026 inspections, research, a law-enforcement inspection, trainings and contacts with
  voters, each for one of the city's representatives' groups, most of its members present (by the
  code, one or two recorded by hand);
- an inspection going on now (started an hour before the demo was loaded): rep_li can scan its
  code from the desk page on a phone; one representative's scan waits for staff (not invited);
- rep_li's own additions: one visit to voters confirmed by staff, one waiting for confirmation.

Past attendance is written as it would have been recorded on the day; a reload makes nothing twice
(each activity is looked for by congress, title and start)."""

import datetime
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from minyi.accounts import access
from minyi.accounts.models import Role, User
from minyi.duty import self_reports, services
from minyi.duty.models import Activity, Attendance, Invitation, LeaveRequest, SelfReport
from minyi.organisations.models import Session
from minyi.representatives.models import Mandate

from . import jingmen as J

K = Activity.Kind
# (kind, title, month, day, place, organiser); each goes to one group in turn, in 2025 and again in 2026.
ACTIVITIES = (
    (K.INSPECTION, "视察城区老旧小区改造工程", 3, 18, "东宝区龙泉街道龙井社区", "城乡建设环境保护工作委员会"),
    (K.RESEARCH, "调研农村饮水安全巩固提升", 4, 22, "东宝区子陵铺镇", "农业农村工作委员会"),
    (K.TRAINING, "代表履职能力提升培训班", 5, 13, "荆门市委党校", "代表工作委员会"),
    (K.LAW_ENFORCEMENT, "《中华人民共和国食品安全法》执法检查", 6, 17, "荆门市市场监督管理局", "教育科学文化卫生工作委员会"),
    (K.CONTACT, "代表联系选民集中活动日", 7, 8, "各代表联络站", "代表工作委员会"),
    (K.INSPECTION, "视察中小学食堂及饮水设施改造", 9, 16, "掇刀区各中小学", "教育科学文化卫生工作委员会"),
    (K.RESEARCH, "调研社区居家养老服务中心建设", 10, 21, "东宝区泉口街道", "社会建设工作委员会"),
    (K.CONTACT, "代表走访困难群众", 11, 11, "各代表联络站", "代表工作委员会"),
)
HALL = "荆门市民之家会议中心"


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _evidence(seed):
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (800, 600), (rng.randrange(150, 220), rng.randrange(150, 220), rng.randrange(150, 220)))
    draw = ImageDraw.Draw(image)
    for _i in range(10):
        x, y = rng.randrange(0, 700), rng.randrange(0, 500)
        draw.ellipse([x, y, x + rng.randrange(30, 120), y + rng.randrange(30, 120)], fill=(rng.randrange(60, 200),) * 3)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(f"evidence-{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


class _Loader:
    def __init__(self, writer):
        self.writer = writer
        self.city = writer.congress[J.CITY]
        self.staff = User.objects.get(username="jm_staff")
        self.today = timezone.localdate()
        self.rng = random.Random(8)
        mandates = Mandate.objects.filter(congress=self.city).current().select_related("representative", "group").order_by("representative__name")
        self.members = [m.representative for m in mandates]
        self.groups = {}
        for mandate in mandates:
            if mandate.group_id:
                self.groups.setdefault(mandate.group, []).append(mandate.representative)
        self.rep_li = User.objects.get(username="rep_li").role_grants.filter(representative__isnull=False).first().representative
        self.existing = {(a.title, a.starts_at) for a in Activity.objects.filter(congress=self.city)}

    def activity(self, kind, title, starts_at, hours, place, organiser, invited, **fields):
        if (title, starts_at) in self.existing:
            return None
        activity = services.create_activity(self.staff, congress=self.city, kind=kind, title=title, place=place, organiser=organiser,
                                            starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=hours), invited=invited, **fields)
        self.writer.created[Activity._meta.label] += 1
        return activity

    def attend(self, activity, people, *, by_hand=()):
        rows = []
        for index, person in enumerate(people):
            at = activity.starts_at - datetime.timedelta(minutes=self.rng.randrange(3, 40))
            if person in by_hand:
                rows.append(Attendance(activity=activity, representative=person, how=Attendance.How.HAND, at=at, recorded_by=self.staff,
                                       note="未带智能手机，工作人员代为登记", decided_by=self.staff, decided_at=at))
            else:
                rows.append(Attendance(activity=activity, representative=person, how=Attendance.How.CODE, at=at))
        Attendance.objects.bulk_create(rows)
        self.writer.created[Attendance._meta.label] += len(rows)

    def sessions(self):
        for year in (2025, 2026):
            session = Session.objects.filter(term__congress=self.city, start__year=year).first()
            if session is None or session.start > self.today:
                continue
            title = f"荆门市第九届人民代表大会第{session.number}次会议"
            activity = self.activity(K.SESSION, title, _at(session.start, 9), 8 + 24 * (session.end - session.start).days, HALL,
                                     "荆门市人大常委会办公室", self.members, session=session)
            if activity is None:
                continue
            others = [p for p in self.members if p != self.rep_li]  # rep_li attends: her archive shows a full year
            excused = others[3:5] if year == 2026 else others[7:8]
            absent = others[9:10] if year == 2026 else []
            for person in excused:
                # Asked for before the session; the demo writes it as it was then.
                leave = LeaveRequest.objects.create(activity=activity, representative=person, reason="因公出国，无法出席会议",
                                                    requested_at=activity.starts_at - datetime.timedelta(days=5))
                services.decide_leave(self.staff, leave, approve=True)
            self.attend(activity, [p for p in self.members if p not in excused and p not in absent])

    def meetings(self):
        last_month = (self.today.replace(day=1) - datetime.timedelta(days=1)).replace(day=20)
        invited = self.members[:12] + ([self.rep_li] if self.rep_li not in self.members[:12] else [])
        activity = self.activity(K.SESSION, "荆门市第九届人大常委会第二十四次会议（列席）", _at(last_month, 9), 5, HALL, "荆门市人大常委会办公室", invited)
        if activity is not None:
            away = [p for p in invited if p != self.rep_li][-2:]  # two others missed it
            self.attend(activity, [p for p in invited if p not in away])

    def group_activities(self):
        groups = sorted(self.groups.items(), key=lambda item: item[0].name)
        if not groups:
            return
        rep_li_group = next((group for group, people in groups if self.rep_li in people), groups[0][0])
        for year in (2025, 2026):
            for index, (kind, title, month, day, place, organiser) in enumerate(ACTIVITIES):
                on = datetime.date(year, month, day)
                if on >= self.today:
                    continue
                # rep_li's group joins every other activity, the others take turns.
                group = rep_li_group if index % 2 == 0 else groups[(index + year) % len(groups)][0]
                people = self.groups[group]
                activity = self.activity(kind, title, _at(on, 9), 4, place, organiser, people, group=group)
                if activity is None:
                    continue
                present = [p for p in people if self.rng.random() < 0.85 or p == self.rep_li]
                self.attend(activity, present, by_hand=present[-1:] if kind == K.INSPECTION else ())

    def now(self):
        """An inspection under way while the demo is being looked at: its code works on a phone now."""
        if Activity.objects.filter(congress=self.city, title="视察城市生命线安全监测平台建设", starts_at__gte=timezone.now() - datetime.timedelta(days=1)).exists():
            return
        start = timezone.now().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=1)
        group_people = next((people for people in self.groups.values() if self.rep_li in people), self.members[:10])
        activity = self.activity(K.INSPECTION, "视察城市生命线安全监测平台建设", start, 6, "荆门市城市运行管理中心", "城乡建设环境保护工作委员会",
                                 group_people)
        if activity is None:
            return
        others = [p for p in group_people if p != self.rep_li][:5]
        self.attend(activity, others)
        outsider = next((p for p in self.members if p not in group_people), None)
        if outsider is not None:
            Attendance.objects.create(activity=activity, representative=outsider, how=Attendance.How.CODE, at=timezone.now(),
                                      state=Attendance.State.PENDING, unplanned_reason="未受邀请参加本次活动")

    def additions(self):
        if SelfReport.objects.filter(representative=self.rep_li).exists():
            return
        member = access.Actor(user=None, roles=frozenset({Role.REPRESENTATIVE}), representative_ids=frozenset({self.rep_li.pk}))
        confirmed = self_reports.add_self_report(
            member, kind=K.CONTACT, title="走访龙井社区独居老人", happened_on=self.today - datetime.timedelta(days=40), place="东宝区龙泉街道龙井社区",
            description="与社区网格员一起走访五户独居老人，了解冬季取暖和用水用电情况，现场协调解决一户的水管冻裂问题。", evidence=_evidence(1))
        self_reports.decide_self_report(self.staff, confirmed, accept=True)
        self_reports.add_self_report(
            member, kind=K.RESEARCH, title="调研菜市场食品安全快检", happened_on=self.today - datetime.timedelta(days=6), place="东宝区泉口农贸市场",
            description="随区市场监管局检查农贸市场快检室运行，抽看了检测台账。", evidence=_evidence(2))
        self.writer.created[SelfReport._meta.label] += 2


def load(writer):
    loader = _Loader(writer)
    loader.sessions()
    loader.meetings()
    loader.group_activities()
    loader.now()
    loader.additions()
    writer.report(Activity, Attendance, Invitation, LeaveRequest, SelfReport)
