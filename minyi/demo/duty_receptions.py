"""Reception days (代表接待选民日) for the demo city, made by the same services as the daily task and
the desk: every demo station's sessions from two months back to four weeks ahead, the duty roster
of the past two months filled in turn first (the loader rosters this month and the next). At the
past sessions the representatives on duty checked in with the code, all but about one in eight; a
head of the Dongbao education bureau is invited to the next session at 南门社区 (局长进站); and a
few citizens' opinions raised at past sessions were entered from the reception register by the
station's congress staff, naming who received them; rep_li settled one on the spot and passed one to
the staff, the others are still with the representative.

Who sees what after `load_demo`: db_staff and jm_staff the sessions on 代表接待日 with check-ins and
opinions; rep_li the sessions they were on duty at, with the opinions they entered; anyone the
coming sessions, the invited unit head and the recent activities on a station's public page.

A reload makes nothing twice: sessions are made once per start time, a check-in once per person,
the unit head once, and each opinion carries an idempotency key "reception-demo-…"."""

import datetime
import random

from django.utils import timezone

from minyi.accounts.models import User
from minyi.duty import reception
from minyi.duty.models import Activity, Attendance, UnitGuest
from minyi.opinions import services as opinions
from minyi.opinions.models import Opinion
from minyi.organisations.models import DutyRoster, Unit
from minyi.organisations.reception import propose_duty_rotation

from . import jingmen as J

PAST_DAYS = 61
ABSENT_ONE_IN = 8

# (key, station, what the citizen raised, citizen (name, phone), place, what rep_li then does when they received it)
OPINIONS = [
    ("reception-demo-01", J.REP_LI_STATIONS[0], "南门社区菜市场东门三盏路灯坏了快一个月，晚上买菜的老人看不清台阶，已经有人摔倒。",
     ("王德胜", "17700010001"), "南门菜市场东门", ("resolve", "当场联系社区物业和供电所，次日上午已更换三盏路灯，并在台阶处加装了警示条。")),
    ("reception-demo-02", J.REP_LI_STATIONS[0], "南门小区停车位太少，消防通道天天被占，建议把社区旁边的闲置空地改建成停车场。",
     ("刘桂芳", "17700010002"), "南门小区北侧空地", ("forward", "空地权属需核实，涉及规划和城管部门，请区人大常委会转交办理。")),
    ("reception-demo-03", "泉口街道人大代表之家", "泉口街道社区老年食堂只供应午餐，独居老人晚饭没着落，希望增加晚餐并送餐上门。",
     ("陈秀英", "17700010003"), "泉口街道长宁社区", ("stay", "")),
    ("reception-demo-04", J.REP_LI_STATIONS[1], "对《荆门市文明行为促进条例（草案）》的意见：电动车进楼充电的处罚条款应先设整改期，并写明物业的告知义务。",
     ("赵立新", "17700010004"), "", ("stay", "")),
]
GUEST_UNIT = "东宝区教育局"


def load(writer):
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=PAST_DAYS), today + datetime.timedelta(days=reception.AHEAD_DAYS - 1)
    stations = list(writer.station.values())
    before = Activity.objects.filter(station__in=stations).count()
    for station in stations:
        _roster_past(writer, station, start, today - datetime.timedelta(days=1))
        reception.generate_sessions(station, start, end)
    writer.created[Activity._meta.label] += Activity.objects.filter(station__in=stations).count() - before
    _check_ins(writer, stations)
    _unit_head(writer)
    _opinions(writer)
    writer.out(f"reception days: {Activity.objects.filter(station__in=stations, kind=Activity.Kind.RECEPTION).count()} sessions, "
               f"{writer.created[Attendance._meta.label]} check-ins and {writer.created['duty.ActivityMatter']} opinions added")


def _roster_past(writer, station, start, end):
    """The representatives on duty, in turn, on the past reception days nobody was rostered for."""
    per_day = next((s.per_day for s in J.STATIONS if s.name == station.name), 1)
    already = set(station.duty_roster.filter(date__range=(start, end)).values_list("date", flat=True))
    for day, on_duty in propose_duty_rotation(station, start, end, per_day=per_day):
        if day in already:
            continue
        for person in on_duty:
            DutyRoster(station=station, date=day, representative=person).save()
            writer.created[DutyRoster._meta.label] += 1


def _check_ins(writer, stations):
    """Each invited representative scanned the code a few minutes after the start, but for the odd absence."""
    now = timezone.now()
    sessions = Activity.objects.filter(station__in=stations, kind=Activity.Kind.RECEPTION, ends_at__lt=now).prefetch_related("invitations__representative")
    recorded = set(Attendance.objects.filter(activity__in=sessions).values_list("activity_id", "representative_id"))
    for session in sessions:
        for invitation in session.invitations.all():
            representative = invitation.representative
            chance = random.Random(f"{session.station_id}-{session.starts_at:%Y%m%d%H%M}-{representative.public_code}")
            if (session.pk, representative.pk) in recorded or chance.randrange(ABSENT_ONE_IN) == 0:
                continue
            Attendance(activity=session, representative=representative, how=Attendance.How.CODE, state=Attendance.State.CONFIRMED,
                       at=session.starts_at + datetime.timedelta(minutes=chance.randrange(-10, 20))).save()
            writer.created[Attendance._meta.label] += 1


def _unit_head(writer):
    """局长进站: the education bureau's head comes to the next session at rep_li's community station."""
    station = writer.station[J.REP_LI_STATIONS[0]]
    session = Activity.objects.filter(station=station, kind=Activity.Kind.RECEPTION, starts_at__gt=timezone.now()).order_by("starts_at").first()
    unit = Unit.objects.filter(name=GUEST_UNIT, region_id=J.DONGBAO).first()
    if session is None or unit is None or UnitGuest.objects.filter(activity__station=station, unit=unit).exists():
        return
    reception.invite_unit_head(User.objects.get(username="db_staff"), session, unit=unit, name="郑文华", position="局长")
    writer.created[UnitGuest._meta.label] += 1


def _staff_of(station):
    return User.objects.get(username="jm_staff" if station.congress.region_id == J.CITY else "db_staff")


def _opinions(writer):
    """Entered after the session from the station's reception register by the congress's staff, naming
    the representative who received the citizen (rep_li where they were on duty); rep_li then settles
    one on the spot and passes one to the staff."""
    rep_li_user = User.objects.get(username="rep_li")
    rep_li = writer.representative[writer.plan.people[0].code]
    now = timezone.now()
    for key, station_name, text, (name, phone), address, (then, note) in OPINIONS:
        if Opinion.objects.filter(idempotency_key=key).exists():
            continue
        station = writer.station[station_name]
        past = Activity.objects.filter(station=station, kind=Activity.Kind.RECEPTION, ends_at__lt=now, invitations__isnull=False).distinct().order_by("-starts_at")
        session = past.filter(invitations__representative=rep_li).first() or past.first()
        if session is None:
            continue
        invited = [i.representative for i in session.invitations.select_related("representative").order_by("representative__name")]
        received_by = rep_li if rep_li in invited else invited[0]
        submission = opinions.Submission(text=text, region_code=station.region_id, address=address, citizen_name=name, phone=phone)
        matter, created = reception.raise_opinion(_staff_of(station), session, submission, representative=received_by, idempotency_key=key)
        if not created:
            continue
        writer.created["duty.ActivityMatter"] += 1
        if received_by != rep_li:
            continue
        if then == "resolve":
            opinions.resolve_on_spot(matter, actor=rep_li_user, text=note)
        elif then == "forward":
            opinions.forward(matter, actor=rep_li_user, note=note)
