"""Citizens' opinions for the demo city: categories, a usual lead unit, and about forty opinions in
every state of the loop, each driven only through the services the screens use (submit, forward,
resolve on the spot, accept, assign, sign, reply, evaluate, return, merge, escalate…), so the
timelines, assignments, deadlines and notifications are what real use would leave behind.

Who sees what after `load_demo`: jm_staff the city's inbox (new, accepted, requests to decide,
an escalated one); db_staff Dongbao's (new, forwarded by rep_li, a merge); unit_staff the city
housing bureau's assignments (to sign, being handled, one sent back as unsatisfied); rep_li the
opinions that came through their station and code; citizen their own answered opinion to rate.

Each opinion carries an idempotency key "demo-…": a reload finds it and does nothing more."""

from minyi.accounts.models import Role, RoleGrant, User
from minyi.matters import deadlines
from minyi.matters import services as engine
from minyi.matters.models import Channel, Matter
from minyi.opinions import services
from minyi.opinions.models import Category, CategorySetting, Opinion
from minyi.organisations.models import Congress, Station, Unit

from . import jingmen as J

CATEGORIES = [
    ("city-management", "城市管理", "路灯、占道经营、垃圾清运、噪音、违章搭建", 1),
    ("traffic", "交通出行", "道路破损、公交线路、停车难、交通信号", 2),
    ("education", "教育", "入学、校园安全、校车、课后服务", 3),
    ("health", "医疗卫生", "看病难、社区卫生服务、医保报销", 4),
    ("social-security", "社会保障", "养老、低保、就业、残疾人帮扶", 5),
    ("housing", "住房", "老旧小区改造、物业、电梯加装、房屋质量", 6),
    ("environment", "生态环境", "河湖污染、扬尘、油烟、绿化", 7),
    ("agriculture", "农业农村", "农田水利、乡村道路、农产品销售", 8),
    ("other", "其他", "其他意见建议", 99),
]

HOUSING = "荆门市住房和城乡建设局"

# Who acts, by the congress that holds the opinion.
STAFF = {J.CITY: "jm_staff", J.DONGBAO: "db_staff"}

P = "17700"  # demo citizens' phone prefix: 177 0000 xxxx, clearly not real people


def phone(n):
    return f"{P}00{n:04d}"


# key, where (region code), category, form, citizen (name, phone, anonymous), text, channel, steps.
# Steps run in order; each is (action, *arguments).
SCENARIOS = [
    # --- The city's inbox (jm_staff): waiting for acceptance ------------------------------------------
    ("demo-c01", J.CITY, "traffic", "opinion", ("陈静", phone(1), False),
     "象山大道与白云大道交叉口早高峰拥堵严重，左转信号灯时间太短，建议延长左转绿灯时长并增设潮汐车道。", "h5", []),
    ("demo-c02", J.CITY, "environment", "snapshot", ("", phone(2), True),
     "竹皮河城区段靠近长宁大道桥下有污水直排口，河面漂浮垃圾，气味很大，请尽快排查处理。", "h5", []),
    ("demo-c03", J.CITY, "health", "opinion", ("赵永红", phone(3), False),
     "市第一人民医院挂号难，网上号源一放出就被抢光，建议为老年人保留一部分现场号源。", "h5", []),
    # Accepted, waiting for assignment.
    ("demo-c04", J.CITY, "housing", "opinion", ("刘桂兰", phone(4), False),
     "我们小区是上世纪九十年代的老房子，楼道墙皮脱落、雨污管道老化，希望纳入今年老旧小区改造计划。", "h5",
     [("accept", "housing")]),
    ("demo-c05", J.CITY, "social-security", "opinion", ("孙建华", phone(5), False),
     "社区居家养老服务中心只开放半天，建议延长开放时间，并增加助餐服务。", "h5", [("accept", "social-security")]),
    # Assigned to the housing bureau, not yet signed (one with a re-assignment request waiting).
    ("demo-c06", J.CITY, "housing", "opinion", ("王秀英", phone(6), False),
     "金虾路某小区加装电梯意见已征得大部分业主同意，但审批流程不清楚，希望住建部门给予指导。", "h5",
     [("accept", "housing"), ("assign", HOUSING, ["荆门市自然资源和规划局"])]),
    ("demo-c07", J.CITY, "housing", "snapshot", ("", phone(7), True),
     "中天街一处在建工地夜间施工到凌晨一点，噪音扰民，附近居民无法休息。", "h5",
     [("accept", "housing"), ("assign", HOUSING, ["荆门市生态环境局"])]),
    ("demo-c08", J.CITY, "city-management", "opinion", ("黄志明", phone(8), False),
     "月亮湖公园周边共享单车乱停乱放，占用盲道，建议划定停放区域并加强管理。", "h5",
     [("accept", "city-management"), ("assign", HOUSING, []),
      ("request_reassignment", "共享单车停放管理属于城市管理执法部门职责，建议改派市城市管理执法局。")]),
    # Signed and being handled.
    ("demo-c09", J.CITY, "housing", "opinion", ("周丽", phone(9), False),
     "小区物业费上涨但服务没有改善，电梯经常故障，业主多次反映无果，请主管部门督促物业整改。", "h5",
     [("accept", "housing"), ("assign", HOUSING, []), ("sign",),
      ("progress", "已约谈物业公司负责人，要求一周内完成电梯维保并公示收费明细。")]),
    ("demo-c10", J.CITY, "housing", "opinion", ("吴海燕", phone(10), False),
     "保障性租赁住房申请条件和流程在网上查不到，建议公开办理指南并开通线上申请。", "h5",
     [("accept", "housing"), ("assign", HOUSING, ["荆门市人力资源和社会保障局"]), ("sign",),
      ("extension", "需与人社、民政部门共同制定线上申请方案，申请延长办理期限。", "workdays:30")]),
    ("demo-c11", J.CITY, "housing", "opinion", ("郑国强", phone(11), False),
     "城南片区棚户区改造拆迁安置房交房时间一再推迟，希望相关部门给出明确时间表。", "h5",
     [("accept", "housing", "major"), ("assign", HOUSING, ["荆门市自然资源和规划局", "荆门市财政局"]), ("sign",),
      ("supervise", "reminder", "请市住建局加快办理，按期答复群众。")]),
    ("demo-c12", J.CITY, "traffic", "opinion", ("马丽娟", phone(12), False),
     "老城区背街小巷路面坑洼，雨天积水，电动车经过容易摔倒，请尽快修补。", "h5",
     [("accept", "traffic", "general", True), ("assign", HOUSING, ["荆门市交通运输局"]), ("sign",)]),
    # Replied, waiting for the citizen's evaluation.
    ("demo-c13", J.CITY, "housing", "opinion", ("林晓燕", phone(13), False),
     "小区二次供水水箱多年未清洗，水里有杂质，担心饮水安全。", "h5",
     [("accept", "housing"), ("assign", HOUSING, []), ("sign",),
      ("reply", "经核查，该小区二次供水设施已于本周完成清洗消毒，水质检测合格，检测报告已在小区公示栏张贴。今后将督促物业每半年清洗一次。")]),
    ("demo-c14", J.CITY, "housing", "snapshot", ("", phone(14), False),
     "白云大道一处人行道地砖大面积松动，下雨踩上去会溅水。", "h5",
     [("accept", "housing"), ("assign", HOUSING, []), ("sign",),
      ("reply", "已安排养护单位对该路段松动地砖进行更换，目前已修复完毕。")]),
    # Closed with the citizen's evaluation.
    ("demo-c15", J.CITY, "housing", "opinion", ("冯建军", phone(15), False),
     "小区楼顶防水层老化，顶楼住户家中渗水严重，维修基金申请一直没有下文。", "h5",
     [("accept", "housing"), ("assign", HOUSING, []), ("sign",),
      ("reply", "已协调物业启动专项维修资金使用程序，施工单位已进场，预计两周内完成楼顶防水维修。"),
      ("evaluate", "satisfied", "维修很及时，谢谢！")]),
    ("demo-c16", J.CITY, "housing", "opinion", ("何玉梅", phone(16), False),
     "建议在新建小区配套建设充电桩，方便新能源汽车充电。", "h5",
     [("accept", "housing"), ("assign", HOUSING, ["荆门市发展和改革委员会"]), ("sign",),
      ("reply", "新建住宅小区已按要求100%预留充电设施安装条件，我局将会同发改部门推动存量小区充电桩建设。"),
      ("evaluate", "basically_satisfied", "希望老小区也能尽快安装。")]),
    ("demo-c17", J.CITY, "city-management", "snapshot", ("", phone(17), True),
     "东方化工厂宿舍门口垃圾桶满了好几天没人清运。", "h5",
     [("accept", "city-management"), ("assign", HOUSING, []), ("sign",),
      ("reply", "已通知环卫作业单位当日清运完毕，并增加该点位清运频次。"), ("evaluate", "satisfied", "")]),
    ("demo-c18", J.CITY, "housing", "opinion", ("高文斌", phone(18), False),
     "小区地下车库照明灯大部分不亮，晚上停车很不安全。", "h5",
     [("accept", "housing"), ("assign", HOUSING, []), ("sign",),
      ("reply", "物业已更换地下车库照明灯具46盏，并加装了感应开关。"), ("evaluate", "satisfied", "已经亮了，很满意。")]),
    # Unsatisfied once: sent back to the same unit, being handled again.
    ("demo-c19", J.CITY, "housing", "opinion", ("罗春花", phone(19), False),
     "小区外墙保温层脱落，大块掉落砸坏了停在楼下的车，非常危险，请尽快处理。", "h5",
     [("accept", "housing"), ("assign", HOUSING, []), ("sign",),
      ("reply", "已要求物业在脱落区域设置警示围挡，并联系原施工单位评估维修方案。"),
      ("evaluate", "unsatisfied", "只设了围挡，外墙还在继续掉，没有真正解决问题。")]),
    # Not accepted, with the reason the citizen reads.
    ("demo-c20", J.CITY, "other", "opinion", ("梁志刚", phone(20), False),
     "我和邻居的房屋买卖合同纠纷已经起诉到法院，请人大督促法院尽快判我胜诉。", "h5",
     [("return", "该事项已进入诉讼程序，依法由人民法院审理，人大不干预具体案件的审判。您可以通过法院诉讼服务中心了解案件进展。")]),
    ("demo-c21", J.CITY, "other", "opinion", ("", "", True),
     "推荐大家购买某品牌净水器，效果很好，欢迎联系。", "h5",
     [("return", "该内容为商品推广，不属于意见建议受理范围。")]),
    # The citizen's own (account "citizen"): answered, waiting for their evaluation.
    ("demo-c22", J.CITY, "housing", "opinion", None,
     "我家所在的小区楼道消防栓没有水，灭火器也过期了，存在消防安全隐患，希望督促物业整改。", "h5",
     [("accept", "housing"), ("assign", HOUSING, []), ("sign",),
      ("reply", "经现场核查情况属实。已责令物业公司三日内完成消防栓供水恢复和灭火器更换，我局将组织复查。")]),
    # Escalated from Dongbao to the city (two districts are concerned).
    ("demo-c23", J.DONGBAO, "traffic", "opinion", ("唐国华", phone(23), False),
     "东宝区到掇刀区的公交线路班次太少，高峰期等车要四十分钟，建议两区协调增开班次。", "h5",
     [("escalate", "涉及东宝、掇刀两区公交线路调整，需市级统筹。")]),

    # --- Dongbao's inbox (db_staff) ---------------------------------------------------------------
    ("demo-d01", J.DONGBAO, "education", "opinion", ("许丽萍", phone(31), False),
     "泉口街道几所小学放学时间早，双职工家庭接孩子困难，建议推广课后延时服务。", "h5", []),
    ("demo-d02", J.DONGBAO, "agriculture", "opinion", ("蒋大勇", phone(32), False),
     "子陵铺镇几个村的灌溉渠年久失修，今年春灌水放不下来，请帮忙协调维修。", "h5", []),
    ("demo-d03", J.DONGBAO, "education", "opinion", ("韩梅", phone(33), False),
     "幼儿园入园报名时间公布太晚，家长来不及准备材料，建议提前一个月公示。", "h5",
     [("accept", "education"), ("assign", "东宝区教育局", [])]),
    ("demo-d04", J.DONGBAO, "housing", "opinion", ("曹玉兰", phone(34), False),
     "龙泉街道某老旧小区没有物业，垃圾无人清运，路灯坏了也没人修。", "h5",
     [("accept", "housing"), ("assign", "东宝区住房和城乡建设局", ["东宝区人民政府"])]),
    # Two citizens wrote about the same thing: the second is merged into the first.
    ("demo-d05", J.DONGBAO, "city-management", "snapshot", ("彭亮", phone(35), False),
     "中天街菜市场门口流动摊贩占道经营，早上车辆无法通行。", "h5", [("accept", "city-management")]),
    ("demo-d06", J.DONGBAO, "city-management", "snapshot", ("", phone(36), True),
     "中天街菜市场外面早上摆摊的太多，把路都堵死了。", "h5", [("merge", "demo-d05")]),

    # --- Through rep_li's station and code ---------------------------------------------------------
    ("demo-r01", J.REP_LI_HOME[0], "city-management", "snapshot", ("邓阿姨", phone(41), False),
     "南门社区健身广场的路灯坏了三盏，晚上跳广场舞的老人看不清路。", "station", []),
    ("demo-r02", J.REP_LI_HOME[0], "social-security", "opinion", ("", phone(42), True),
     "社区里独居老人比较多，建议组织志愿者定期上门探访。", "station", []),
    ("demo-r03", J.REP_LI_HOME[0], "traffic", "opinion", ("袁志强", phone(43), False),
     "南门社区门口的斑马线油漆磨损看不清，学生上下学过马路很危险，建议重新施划并设置减速带。", "station",
     [("forward", "已到现场查看，斑马线确实磨损严重，需交通部门处理。")]),
    ("demo-r04", J.REP_LI_HOME[0], "city-management", "snapshot", ("田桂芳", phone(44), False),
     "社区活动室门口的下水道堵了，一下雨就积水。", "station",
     [("resolve", "已联系社区和物业，当天疏通了下水道，现场已无积水。")]),
    ("demo-r05", J.REP_LI_HOME[0], "other", "opinion", ("史建国", phone(45), False),
     "社区公告栏信息更新不及时，建议同步在微信群发布。", "station",
     [("resolve", "已与社区居委会沟通，今后公告同步发布到居民微信群。"), ("evaluate", "satisfied", "李代表办事很实在。")]),
    ("demo-r06", J.REP_LI_HOME[0], "education", "opinion", ("谢丽", phone(46), False),
     "李代表您好，我们小区附近没有公办幼儿园，孩子入园只能去很远的地方，希望能在片区规划一所。", "representative", []),
    ("demo-r07", J.REP_LI_HOME[0], "health", "opinion", ("钟伟", phone(47), False),
     "社区卫生服务站下午经常没有医生坐诊，老人看病不方便。", "representative",
     [("forward", "社区卫生服务站人员不足，请区人大转交卫健部门研究。")]),
]


def load(writer):
    """Categories, a usual lead unit, and the opinions; nothing that is already there."""
    existing = {c.code: c for c in Category.objects.all()}
    for code, name, description, order in CATEGORIES:
        writer.put(Category, existing, code, {"code": code, "name": name, "description": description, "order": order})
    city = writer.congress[J.CITY]
    settings = {(s.congress_id, s.category_id): s for s in CategorySetting.objects.filter(congress=city)}
    writer.put(CategorySetting, settings, (city.pk, existing["housing"].pk),
               {"congress": city, "category": existing["housing"], "default_unit": writer.unit[HOUSING]})

    done = dict(Opinion.objects.filter(idempotency_key__startswith="demo-").values_list("idempotency_key", "matter_id"))
    if all(key in done for key, *_rest in SCENARIOS):
        return
    people = {u.username: u for u in User.objects.filter(username__in=["jm_staff", "db_staff", "unit_staff", "rep_li", "citizen"])}
    rep_li = RoleGrant.objects.get(user=people["rep_li"], role=Role.REPRESENTATIVE).representative
    station = Station.objects.get(name=J.REP_LI_STATIONS[0])
    made = {}
    for key, region, category, form, citizen, text, channel, steps in SCENARIOS:
        if key in done:
            made[key] = Matter.objects.get(pk=done[key])
            continue
        made[key] = _run(writer, key, region, category, form, citizen, text, channel, steps, people, rep_li, station, made)
    # Colour the deadlines now rather than at the worker's next round.
    deadlines.sweep()


def _run(writer, key, region, category, form, citizen, text, channel, steps, people, rep_li, station, made):
    name, number, anonymous = citizen or ("", "", False)
    submission = services.Submission(text=text, region_code=region, category=category, form=form, citizen_name=name, phone=number,
                                     anonymous=anonymous, publish_consent=not anonymous)
    kwargs = {"idempotency_key": key}
    if channel == "station":
        kwargs.update(channel=Channel.STATION_CODE, station=station)
    elif channel == "representative":
        kwargs.update(channel=Channel.REPRESENTATIVE_CODE, representative=rep_li)
    actor = people["citizen"] if citizen is None else None
    matter, _created = services.submit(submission, actor=actor, **kwargs)
    writer.created[Matter._meta.label] += 1

    def staff():
        matter.refresh_from_db()
        region_code = Congress.objects.filter(pk=matter.owner_congress_id).values_list("region_id", flat=True).get()
        return people[STAFF[region_code]]

    def lead():
        return matter.assignments.get(round=matter.round, role="lead")

    for action, *args in steps:
        if action == "accept":
            category_code = args[0]
            handling_class = args[1] if len(args) > 1 else "general"
            green = args[2] if len(args) > 2 else False
            services.accept(matter, actor=staff(), category=category_code, handling_class=handling_class, green_channel=green)
        elif action == "assign":
            unit_name, co_names = args
            owner_region = matter.owner_congress.region_id
            lead_unit = Unit.objects.get(region_id=owner_region, name=unit_name)
            co_units = list(Unit.objects.filter(region_id=owner_region, name__in=co_names))
            engine.assign(matter, lead=lead_unit, co_units=co_units, actor=staff())
        elif action == "sign":
            engine.sign(lead(), actor=people["unit_staff"])
        elif action == "progress":
            engine.record_progress(lead(), note=args[0], actor=people["unit_staff"])
        elif action == "extension":
            engine.request_extension(lead(), reason=args[0], rule=args[1], actor=people["unit_staff"])
        elif action == "request_reassignment":
            engine.request_reassignment(lead(), reason=args[0], suggested_unit="荆门市城市管理执法局", actor=people["unit_staff"])
        elif action == "supervise":
            engine.add_supervision(matter, method=args[0], note=args[1], actor=staff())
        elif action == "reply":
            engine.reply(lead(), text=args[0], actor=people["unit_staff"])
        elif action == "evaluate":
            matter.refresh_from_db()
            if citizen is None:
                engine.evaluate(matter, rating=args[0], comment=args[1], actor=people["citizen"])
            else:
                services.evaluate_by_code(matter, rating=args[0], comment=args[1])
        elif action == "return":
            services.return_as_inadmissible(matter, actor=staff(), reason=args[0])
        elif action == "merge":
            engine.merge(matter, into=Matter.objects.get(pk=made[args[0]].pk), actor=staff())
        elif action == "escalate":
            engine.escalate(matter, to_congress=matter.owner_congress.parent, actor=staff(), note=args[0])
        elif action == "forward":
            services.forward(matter, actor=people["rep_li"], note=args[0])
        elif action == "resolve":
            services.resolve_on_spot(matter, actor=people["rep_li"], text=args[0])
        else:
            raise ValueError(f"unknown demo step {action!r}")
        matter.refresh_from_db()
    return matter
