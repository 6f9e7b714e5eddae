"""Representatives' suggestions for the demo city: areas with their committees, the city congress's
rules, and about twenty suggestions of its 9th term in every state of the loop, each driven only
through the services the screens use (raise, co-sign, register, return, plan, assign, sign, record
and confirm contacts, co-units' opinions, reply with a signed letter, judge, follow up, key
suggestion; a citizen's opinion taken up into one), so timelines, numbers, deadlines and
notifications are what real use leaves behind.

Who sees what after `load_demo`: rep_li (李春梅) leads most of them — one to judge, one returned to
revise, a contact to confirm, a B-class one followed up; rep_liu (刘红, the same delegation) has an
invitation to co-sign and co-signed others; jm_staff has suggestions to review, a batch waiting for
the assignment meeting, a key suggestion, requests to decide; unit_staff (市住建局) has suggestions
to sign, to contact the representative about, to reply to and one sent back as unsatisfied.

A suggestion is found again by its title: a reload makes nothing twice."""


from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from minyi.accounts.models import Role, RoleGrant, User
from minyi.matters import deadlines
from minyi.matters import services as engine
from minyi.matters.models import Assignment, Matter
from minyi.opinions.models import Opinion
from minyi.organisations.models import Unit
from minyi.representatives.models import Mandate
from minyi.suggestions import services
from minyi.suggestions.models import Category, Contact, Settings

from . import jingmen as J

CATEGORIES = [
    ("economy", "经济发展", "财政经济委员会", 1),
    ("urban", "城乡建设", "城乡建设环境与资源保护委员会", 2),
    ("education-health", "教科文卫", "教育科学文化卫生委员会", 3),
    ("agriculture", "农业农村", "农业与农村委员会", 4),
    ("social", "社会建设", "社会建设委员会", 5),
    ("law", "法治建设", "监察和司法委员会", 6),
]

HOUSING, WATER, TRANSPORT, EDUCATION, HEALTH, CIVIL = (
    "住房和城乡建设局", "水利和湖泊局", "交通运输局", "教育局", "卫生健康委员会", "民政局")

# rep_liu: the first, by name, of rep_li's delegation in the city congress.
CO_SIGNER_GROUP = "东宝区第一代表小组"

# (title, area, text, co-signers (["co"]: rep_liu), session suggestion?, steps). Steps: register, return, plan (lead, co…), assign (lead, co…), sign,
# contact, confirm, contribute, reply (class), judge (rating), judge_co (rating), follow_up (class),
# key, supervise, extension, rehandle_reply.
SCENARIOS = [
    ("关于加快中心城区老旧小区雨污分流改造的建议", "urban",
     "中心城区部分老旧小区建于上世纪八九十年代，雨污合流、管网老化，雨季污水外溢进入楼道和地下室，居民反映强烈。建议市住建局会同市水利和湖泊局摸清底数，制定三年改造计划，优先安排中央和省级老旧小区改造资金，同步实施雨污分流。",
     ["co"], True,
     ["register", ("assign", HOUSING, WATER), "sign", "contact", "confirm", "contribute", ("reply", "B"), ("judge_co", "satisfied"),
      ("judge", "basically_satisfied")]),
    ("关于在城区主干道增设过街设施保障行人安全的建议", "urban",
     "象山大道、白云大道等主干道车流量大，部分路段过街距离超过五百米，学生和老人横穿马路现象普遍。建议在学校、医院周边增设人行天桥或带信号灯的人行横道，并完善过街安全提示。",
     [], True, ["register", ("assign", TRANSPORT)]),
    ("关于推进城乡义务教育学校课后服务提质的建议", "education-health",
     "部分农村学校课后服务内容单一，多为看管自习，缺乏兴趣类课程和专业师资。建议统筹城区优质学校资源，通过送教下乡、线上课堂等方式丰富农村学校课后服务内容，并加大经费保障。",
     ["co"], False, []),
    ("关于完善社区居家养老服务网络的建议", "social",
     "我市老龄化程度加深，社区养老服务站点覆盖不足，助餐、助浴等服务供给有限。建议按照十五分钟养老服务圈标准布局社区养老服务站，引入专业机构运营，对困难老人给予服务补贴。",
     [], False, []),
    ("关于请求解决本人子女就业问题的建议", "social",
     "本人子女大学毕业两年仍未找到合适工作，希望相关部门帮助安排到事业单位工作。",
     [], False, [("return", ["personal", "no_content"])]),
    ("关于加强农村饮水安全工程运行管护的建议", "agriculture",
     "部分农村集中供水工程建成后管护主体不明确，设施老化后维修不及时，个别村组夏季出现停水。建议明确县乡村三级管护责任，建立维修养护经费保障机制，推行专业化运营。",
     [], False, ["register", ("assign", WATER), "sign", "contact", "confirm", ("reply", "A")]),
    ("关于优化城区公交线路覆盖新建小区的建议", "urban",
     "城北、城东新建小区入住率逐年提高，但公交线路尚未延伸，居民出行需步行一公里以上。建议根据人口分布优化调整公交线网，开通社区微循环公交。",
     ["co"], False,
     ["register", ("assign", TRANSPORT), "sign", "contact", "confirm", ("reply", "A"), ("judge_co", "satisfied"), ("judge", "satisfied")]),
    ("关于加快推进城区停车设施建设的建议", "urban",
     "中心城区停车位缺口较大，老城区背街小巷乱停乱放现象突出。建议编制停车设施专项规划，利用边角地、闲置地建设立体停车场，推行错时共享停车。",
     [], False, ["register", ("assign", HOUSING, TRANSPORT), "sign", "contact", "confirm", ("reply", "C"), ("judge", "unsatisfied")]),
    ("关于提升基层医疗卫生服务能力的建议", "education-health",
     "乡镇卫生院医疗设备陈旧、人才流失严重，群众小病也要往城里跑。建议实施基层医疗卫生服务能力提升工程，落实乡村医生待遇保障，推进县域医共体建设。",
     ["co"], True, ["register", ("assign", HEALTH), "sign", ("key",), ("supervise",)]),
    ("关于规范城区夜间施工噪声管理的建议", "urban",
     "部分建筑工地夜间施工扰民，投诉后处理不及时。建议严格夜间施工审批，安装噪声在线监测设备，加大对违规施工的查处力度。",
     [], False, ["register", ("assign", HOUSING), "sign", "contact"]),
    ("关于建设城市口袋公园增加绿色空间的建议", "urban",
     "老城区人口密集，居民就近休闲健身场所不足。建议利用城市边角地、拆违空地建设一批口袋公园，配置健身器材和座椅。",
     [], False, ["register", ("plan", HOUSING)]),
    ("关于加强中小学校周边交通秩序管理的建议", "education-health",
     "上下学高峰期学校周边接送车辆乱停乱放，交通拥堵，存在安全隐患。建议设置临时停车区和护学岗，错峰放学，完善交通标志标线。",
     [], True, ["register", ("plan", TRANSPORT, EDUCATION)]),
    ("关于完善困难群众临时救助机制的建议", "social",
     "部分困难群众遭遇突发性、紧迫性困难时，临时救助审批环节多、时间长。建议简化审批流程，推行小额先行救助，提高救助时效。",
     [], False, ["register", ("plan", CIVIL)]),
    ("关于推进城区垃圾分类收运体系建设的建议", "urban",
     "我市垃圾分类试点推进较慢，分类投放后混合收运问题突出。建议完善分类收运设施，建立分类运输专线，加强宣传督导。",
     [], False, ["register", ("assign", HOUSING)]),
]

# Citizens' opinions (demo/opinions.py keys) the lead representative takes up into a suggestion.
ADOPTED = {"关于完善社区居家养老服务网络的建议": ["demo-r02"]}

REPLY_TEXTS = {
    "A": "经研究，我局已将您提出的问题列入年度重点工作并办理完毕：制定了专项实施方案，落实资金，相关工程已完工并通过验收。感谢您对我市工作的关心和支持。",
    "B": "经研究，您提出的建议已列入2027年度老旧小区改造计划，分三年实施：2027年完成中心城区12个小区雨污分流改造，资金已申报中央预算内投资。我局将按季度向您报告进展。",
    "C": "经研究，受城区用地和资金条件限制，目前暂不具备全面实施的条件。我局将结合国土空间规划修编，统筹考虑相关设施布局，条件成熟时优先安排。",
}


def load(writer):
    """Areas, the city congress's settings, a co-signer login, and the suggestions; nothing that is already there."""
    existing = {c.code: c for c in Category.objects.all()}
    for code, name, committee, order in CATEGORIES:
        writer.put(Category, existing, code, {"code": code, "name": name, "committee": committee, "order": order})
    city = writer.congress[J.CITY]
    Settings.objects.get_or_create(congress=city)
    people = {u.username: u for u in User.objects.filter(username__in=["jm_staff", "rep_li", "rep_liu"])}
    rep_li = RoleGrant.objects.get(user=people["rep_li"], role=Role.REPRESENTATIVE).representative
    co = RoleGrant.objects.get(user=people["rep_liu"], role=Role.REPRESENTATIVE).representative
    units = {u.name: u for u in Unit.objects.filter(region_id=J.CITY)}
    done = set(Matter.objects.filter(kind="suggestion", owner_congress=city).values_list("title", flat=True))
    context = _Context(writer, city, people, rep_li, co, units)
    for title, area, text, co_signers, at_session, steps in SCENARIOS:
        if title in done:
            continue
        signers = [co] if co_signers else []
        context.run(title, area, text, signers, at_session, steps)
    deadlines.sweep()


def co_signer_representative(city, rep_li):
    """The representative whose account is rep_liu: the first, by name, of rep_li's city delegation."""
    mandate = (Mandate.objects.filter(congress=city, group__name=CO_SIGNER_GROUP, end__isnull=True).exclude(representative=rep_li)
               .select_related("representative").order_by("representative__name", "id").first())
    return mandate.representative if mandate else None


class _Context:
    def __init__(self, writer, city, people, rep_li, co, units):
        self.writer, self.city, self.people, self.rep_li, self.units = writer, city, people, rep_li, units
        self.co_user = people["rep_liu"]

    def unit(self, name):
        return self.units[f"荆门市{name}"]

    def run(self, title, area, text, signers, at_session, steps):
        session = self.city.terms.order_by("-start").first().sessions.order_by("-number").first() if at_session else None
        adopted = list(Opinion.objects.filter(idempotency_key__in=ADOPTED.get(title, []), matter__converted_to__isnull=True)
                       .values_list("matter_id", flat=True))
        draft = services.Draft(title=title, text=text, category=area, co_signer_ids=[r.pk for r in signers],
                               session_id=session.pk if session else None, adopted_matter_ids=adopted)
        suggestion = services.raise_suggestion(draft, actor=self.people["rep_li"], lead=self.rep_li, congress=self.city)
        self.writer.created[Matter._meta.label] += 1
        if signers and steps:
            services.answer_invitation(suggestion, actor=self.co_user, confirm=True)
        staff = self.people["jm_staff"]
        for step in steps:
            name, *args = step if isinstance(step, tuple) else (step,)
            matter = Matter.objects.get(pk=suggestion.pk)
            suggestion.matter = matter
            lead = matter.assignments.filter(role=Assignment.Role.LEAD, round=matter.round).exclude(state="withdrawn").order_by("-id").first()
            if name == "register":
                services.register(suggestion, actor=staff)
            elif name == "return":
                services.return_for_revision(suggestion, actor=staff, reasons=args[0],
                                             note="请围绕本人履职中发现的共性问题提出建议，个人事项可通过信访渠道反映。")
            elif name == "plan":
                services.plan_units(suggestion, actor=staff, lead=self.unit(args[0]), co_units=[self.unit(n) for n in args[1:]])
            elif name == "assign":
                services.assign(suggestion, actor=staff, lead=self.unit(args[0]), co_units=[self.unit(n) for n in args[1:]],
                                note="请按照建议办理规定，认真研究，与代表充分沟通后书面答复。")
            elif name == "sign":
                engine.sign(lead, actor=_unit_user(lead.unit))
            elif name == "contact":
                services.record_contact(lead, actor=_unit_user(lead.unit), representative=self.rep_li, method=Contact.Method.VISIT,
                                        stage=Contact.Stage.BEFORE, happened_on=timezone.localdate(),
                                        note="到代表所在社区实地查看，听取代表和居民意见，介绍初步办理思路。")
            elif name == "confirm":
                contact = Contact.objects.filter(assignment=lead).order_by("-id").first()
                services.confirm_contact(contact, actor=self.people["rep_li"], happened=True)
            elif name == "contribute":
                co_assignment = matter.assignments.filter(role=Assignment.Role.CO, round=matter.round).first()
                engine.sign(co_assignment, actor=_unit_user(co_assignment.unit))
                engine.record_contribution(co_assignment, text="我局同意配合实施，雨污分流管网改造纳入城区排水专项规划统筹推进。",
                                           actor=_unit_user(co_assignment.unit))
            elif name == "reply":
                services.reply(lead, actor=_unit_user(lead.unit), text=REPLY_TEXTS[args[0]], reply_class=args[0],
                               letter=letter_pdf(suggestion, lead.unit, args[0]), signed_by="张志华")
            elif name == "judge":
                services.evaluate(suggestion, actor=self.people["rep_li"], rating=args[0],
                                  comment={"unsatisfied": "答复未回应停车场建设的资金来源和时间表。"}.get(args[0], ""))
            elif name == "judge_co":
                services.evaluate(suggestion, actor=self.co_user, rating=args[0])
            elif name == "key":
                services.designate_key(suggestion, actor=staff, year=timezone.localdate().year, chosen_on=timezone.localdate(),
                                       leading_leader="陈志强", supervising_committee="教育科学文化卫生委员会",
                                       plan="一季度听取专题汇报，二季度实地视察乡镇卫生院，三季度召开多方会商会，年底开展满意度测评。")
            elif name == "supervise":
                engine.add_supervision(matter, method="visit", note="教科文卫委组织部分代表视察子陵铺镇卫生院建设情况。",
                                       result="要求市卫健委制定设备更新清单，年底前完成。", actor=staff)
        return suggestion


def _unit_user(unit):
    """A unit's own staff account: unit_staff at the housing bureau; the other units get a 经办人 account
    that cannot sign in (nobody demonstrates them)."""
    grant = RoleGrant.objects.filter(role=Role.UNIT_STAFF, unit=unit).select_related("user").order_by("id").first()
    return grant.user if grant else _account_for_unit(unit)


def _account_for_unit(unit):
    from minyi.accounts import services as accounts

    username = f"demo-unit-{unit.pk}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = accounts.create_account(username=username, full_name=f"{unit.short_name or unit.name}经办人", password=None,
                                       must_change_password=True)
        accounts.grant_role(user, Role.UNIT_STAFF, unit=unit)
    return user


def letter_pdf(suggestion, unit, reply_class):
    """A one-page reply letter as a real PDF, as the unit would scan it after signing and sealing."""
    from django.utils.html import escape
    from weasyprint import HTML

    html = f"""<html><head><meta charset="utf-8"><style>
      @page {{ size: A4; margin: 2.5cm; }} body {{ font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 14pt; }}
      h1 {{ text-align: center; font-size: 20pt; }} .seal {{ text-align: right; margin-top: 3em; }}
    </style></head><body>
      <h1>{escape(unit.name)}<br>关于市九届人大代表建议的答复函</h1>
      <p>（{escape(reply_class)}类）</p>
      <p>李春梅代表：</p>
      <p>您提出的《{escape(suggestion.matter.title)}》（{escape(suggestion.number_label)}）收悉。{escape(REPLY_TEXTS[reply_class])}</p>
      <p class="seal">{escape(unit.name)}（盖章）<br>签发人：张志华<br>{timezone.localdate():%Y年%m月%d日}</p>
    </body></html>"""
    return SimpleUploadedFile("答复函.pdf", HTML(string=html).write_pdf(), content_type="application/pdf")
