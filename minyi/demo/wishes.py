"""Micro-wishes (微心愿) for the demo city, driven only through the services the screens use: thirteen
wishes of its villages and communities in every state.

- Waiting for review: two in Dongbao (one through 南门社区's station code): db_staff and jm_staff review them.
- Not published: one, with the staff's reason the citizen reads.
- On the wall: three, one of them given back by the housing bureau before someone else could take it.
- Claimed: one by rep_li, one by the city housing bureau (unit_staff), one by the citizen login as a volunteer.
- Fulfilled, waiting for the citizen: one by the housing bureau.
- Received: rep_li's school bag, confirmed by the citizen with the tracking code (it counts in rep_li's
  archive); rep_liu's reading glasses, confirmed by the staff for an old man without a phone of his own.
- The citizen login (张大民) posted one themselves, signed in: rep_liu claimed it.

The steps' times are spread over the past weeks, so the histories read like real use. Each wish
carries an idempotency key "demo-wish-…": a reload finds it and does nothing more."""

import datetime
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from minyi.accounts.models import Role, RoleGrant, User
from minyi.matters import attachments
from minyi.organisations.models import Station, Unit
from minyi.wishes import services
from minyi.wishes.models import Wish, WishEvent

NANMEN = "420802001001"  # 东宝区 龙泉街道 南门社区
JINLONGQUAN = "420802002001"  # 东宝区 泉口街道 金龙泉社区
LIUYUAN = "420802102201"  # 东宝区 漳河镇 刘院村
ZHENZHU = "420802200203"  # 东宝区 仙居乡 珍珠村
YUELIANGHU = "420804002002"  # 掇刀区 白庙街道 月亮湖社区
JINGGANG = "420804101213"  # 掇刀区 麻城镇 荆港村
JISHAN = "420822103205"  # 沙洋县 纪山镇 纪山村
MINGDENG = "420881113204"  # 钟祥市 明灯村

HOUSING = "荆门市住房和城乡建设局"


def phone(n):
    # 177 0020 xxxx: the demo's citizens, clearly not real people.
    return f"1770020{n:04d}"


# key, place, station (name or None), wish, text, for whom, contact (name, phone; None: the citizen
# login posts it signed in), days ago it was posted, steps (each (action, who, *words)).
SCENARIOS = [
    ("demo-wish-01", NANMEN, "南门社区人大代表联络站", "一个新书包", "小雨今年上三年级，书包背带断了，用绳子系着用。想要一个结实的新书包和一套文具。",
     "留守儿童 小雨", ("王秀英", phone(1)), 24,
     [("publish", "db_staff"), ("claim", "rep_li"), ("fulfil", "rep_li", "周六和社区网格员一起把书包和文具送到了小雨家，奶奶说孩子高兴坏了。"),
      ("confirm",)]),
    ("demo-wish-02", NANMEN, "南门社区人大代表联络站", "冬天的一件棉衣", "爷爷七十八岁独居，旧棉衣已经穿了十几年，不保暖了，想要一件厚实的棉衣（身高一米六五）。",
     "独居老人 刘爷爷", ("刘德明", phone(2)), 2, []),
    ("demo-wish-03", JINLONGQUAN, None, "一台助听器", "奶奶耳朵越来越背，和家人说话要喊，希望能有一台助听器。",
     "高龄老人 陈奶奶", ("陈桂芳", phone(3)), 1, []),
    ("demo-wish-04", LIUYUAN, None, "帮忙交一年的电费", "家里困难，这一年的电费交不上了，希望有人帮忙。",
     "村民 赵某", ("赵大海", phone(4)), 18,
     [("decline", "db_staff", "交电费属于生活救助，请到村委会申请临时救助；心愿墙只征集具体的小物品和小服务。")]),
    ("demo-wish-05", ZHENZHU, None, "一盏护眼台灯", "家里晚上灯光暗，孩子写作业眼睛累，想要一盏护眼台灯。", "小学生 小杰", ("周丽", phone(5)), 9,
     [("publish", "db_staff")]),
    ("demo-wish-06", YUELIANGHU, "月亮湖社区人大代表联络站", "一辆儿童自行车", "孩子十岁，看到同学骑车上学很羡慕，想要一辆自行车（24寸）。",
     "困难家庭儿童 小宇", ("孙红梅", phone(6)), 7, [("publish", "jm_staff")]),
    ("demo-wish-07", JINGGANG, None, "楼道里装一段扶手", "老人住在三楼，楼梯没有扶手，上下楼要扶着墙，怕摔跤。", "空巢老人 李爷爷", ("李建军", phone(7)), 15,
     [("publish", "jm_staff"), ("claim", "unit_staff"), ("give_back", "unit_staff", "这栋楼属于企业自管房，本局无法施工，请其他单位或志愿者认领。")]),
    ("demo-wish-08", LIUYUAN, "刘院村人大代表联络站", "一套课外书", "村里的孩子们想要一些课外书，放在村里的农家书屋，大家轮流看。",
     "刘院村的孩子们", ("刘院村村委会", phone(8)), 6, [("publish", "db_staff"), ("claim", "rep_li")]),
    ("demo-wish-09", NANMEN, None, "修一修漏水的屋顶", "独居奶奶家的厨房屋顶漏雨，下雨天要用盆接水。", "独居老人 吴奶奶", ("吴秀兰", phone(9)), 5,
     [("publish", "db_staff"), ("claim", "unit_staff")]),
    ("demo-wish-10", JISHAN, None, "一个足球", "村小学的足球踢破了，孩子们课间没有球踢。", "纪山村小学的孩子们", ("何老师", phone(10)), 8,
     [("publish", "jm_staff"), ("claim", "citizen")]),
    ("demo-wish-11", MINGDENG, None, "卫生间加装扶手和防滑垫", "老人腿脚不便，卫生间地滑，想装一个扶手、铺防滑垫。", "残疾老人 钱爷爷", ("钱国强", phone(11)), 16,
     [("publish", "jm_staff"), ("claim", "unit_staff"), ("fulfil", "unit_staff", "局里的志愿服务队上门装好了不锈钢扶手，铺了防滑垫。")]),
    ("demo-wish-12", JINLONGQUAN, None, "一副老花镜", "爷爷看不清报纸和药盒上的字，想配一副老花镜。", "独居老人 郑爷爷", ("郑家和", phone(12)), 21,
     [("publish", "db_staff"), ("claim", "rep_liu"), ("fulfil", "rep_liu", "陪爷爷到眼镜店验光，配好了一副老花镜。"),
      ("staff_confirm", "db_staff", "爷爷没有手机，社区网格员上门核实，爷爷已收到并在用。")]),
    ("demo-wish-13", ZHENZHU, None, "给村里的老人理发", "村里不少老人行动不便，去镇上理发要走很远，希望有人上门理发。", "珍珠村的老人们", None, 4,
     [("publish", "db_staff"), ("claim", "rep_liu")]),
]


def _photo(seed):
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (960, 720), (rng.randrange(150, 230), rng.randrange(150, 220), rng.randrange(120, 200)))
    draw = ImageDraw.Draw(image)
    for _i in range(10):
        x, y = rng.randrange(0, 880), rng.randrange(0, 640)
        draw.ellipse([x, y, x + rng.randrange(40, 200), y + rng.randrange(40, 200)], fill=(rng.randrange(60, 250),) * 3)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    upload = SimpleUploadedFile(f"wish-{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")
    return [(upload.name, *attachments.clean_photo(upload))]


def load(writer):
    done = set(Wish.objects.filter(idempotency_key__startswith="demo-wish-").values_list("idempotency_key", flat=True))
    if all(key in done for key, *_rest in SCENARIOS):
        return
    people = {u.username: u for u in User.objects.filter(username__in=["jm_staff", "db_staff", "unit_staff", "rep_li", "rep_liu", "citizen"])}
    representatives = dict(RoleGrant.objects.filter(user__in=people.values(), role=Role.REPRESENTATIVE).values_list("user__username", "representative_id"))
    housing = Unit.objects.get(name=HOUSING)
    options = {"rep_li": f"representative:{representatives['rep_li']}", "rep_liu": f"representative:{representatives['rep_liu']}",
               "unit_staff": f"unit:{housing.pk}", "citizen": "volunteer"}
    for index, (key, place, station_name, title, text, for_whom, contact, days_ago, steps) in enumerate(SCENARIOS, start=1):
        if key in done:
            continue
        station = Station.objects.filter(name=station_name).first() if station_name else None
        name, number = contact or (people["citizen"].full_name, phone(99))
        posting = services.Posting(title=title, text=text, for_whom=for_whom, region_code=place, citizen_name=name, phone=number)
        channel = Wish.Channel.STATION_CODE if station else Wish.Channel.H5
        wish, _created = services.post(posting, user=None if contact else people["citizen"], station=station, channel=channel, idempotency_key=key)
        for action, *words in steps:
            who = people.get(words[0]) if words else None
            if action == "publish":
                wish = services.publish(who, wish)
            elif action == "decline":
                wish = services.decline(who, wish, reason=words[1])
            elif action == "claim":
                wish = services.claim(who, wish, option_key=options[words[0]], volunteer_name="张先生")
            elif action == "give_back":
                wish = services.give_back(who, wish, reason=words[1])
            elif action == "fulfil":
                wish = services.fulfil(who, wish, text=words[1], photos=_photo(index))
            elif action == "confirm":
                wish = services.confirm_received(wish)
            elif action == "staff_confirm":
                wish = services.confirm_for_citizen(who, wish, reason=words[1])
        _spread_over_time(wish, days_ago)
        writer.created[Wish._meta.label] += 1


def _spread_over_time(wish, days_ago):
    """Posted `days_ago` days ago, each later step a day or two after the one before (never in the future)."""
    now = timezone.now()
    moment = now - datetime.timedelta(days=days_ago, hours=3)
    rng = random.Random(wish.idempotency_key)
    stamps = {}
    for event in wish.events.order_by("at", "id"):
        if stamps:
            moment = min(moment + datetime.timedelta(days=rng.choice((1, 1, 2)), hours=rng.randrange(0, 6)), now - datetime.timedelta(minutes=5))
        WishEvent.objects.filter(pk=event.pk).update(at=moment)
        stamps[event.action] = moment
    fields = {"posted_at": stamps.get(WishEvent.Action.POSTED)}
    for field, actions in (("reviewed_at", (WishEvent.Action.PUBLISHED, WishEvent.Action.DECLINED)), ("claimed_at", (WishEvent.Action.CLAIMED,)),
                           ("fulfilled_at", (WishEvent.Action.FULFILLED,)), ("confirmed_at", (WishEvent.Action.CONFIRMED,))):
        if getattr(wish, field) is not None:
            fields[field] = max(stamps[a] for a in actions if a in stamps)
    Wish.objects.filter(pk=wish.pk).update(**{k: v for k, v in fields.items() if v is not None})
    wish.photos.update(uploaded_at=stamps.get(WishEvent.Action.FULFILLED, now))
