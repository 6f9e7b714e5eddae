"""Opinions in every publication situation, with the bad inputs the portal must never show: a
citizen who typed his own name, phone and ID number into the text (and a unit that quoted them in
its reply), and an anonymous citizen who gave her address."""

from types import SimpleNamespace

import pytest

from minyi.figures.rebuild import rebuild
from minyi.matters import services as engine
from minyi.opinions import services as opinions
from minyi.opinions.models import Category
from minyi.testing import region

NAME, PHONE, ID_NUMBER = "张三", "13812345678", "420802199001011234"
ADDRESS = "龙井社区幸福路88号3栋"
ANONYMOUS_NAME = "李四娘"
PRIVATE_WORDS = (NAME, PHONE, ID_NUMBER, ADDRESS, ANONYMOUS_NAME, "13912345678", "138 1234 5678")


def answered(world, submission, *, reply, evaluate=None):
    matter, _created = opinions.submit(submission, actor=None)
    opinions.accept(matter, actor=world.dongbao_staff, category=submission.category)
    matter.refresh_from_db()
    engine.assign(matter, actor=world.dongbao_staff, lead=world.dongbao_unit)
    assignment = matter.assignments.get()
    engine.sign(assignment, actor=world.other_unit_staff)
    assignment.refresh_from_db()
    if reply:
        engine.reply(assignment, text=reply, actor=world.other_unit_staff)
    if evaluate:
        matter.refresh_from_db()
        engine.evaluate(matter, rating=evaluate, actor=None, by_label="群众", code_holder=True)
    matter.refresh_from_db()
    return matter


@pytest.fixture(autouse=True)
def _fresh_cache(fresh_cache):
    """The portal's home keeps its sections a minute: each test starts without another's."""


@pytest.fixture
def published(world, django_capture_on_commit_callbacks):
    township = region("420802001000", "龙泉街道", 4, world.dongbao)
    village = region("420802001001", "龙井社区", 5, township)
    Category.objects.create(code="city", name="城市管理", order=1)
    Category.objects.create(code="traffic", name="交通出行", order=2)

    def submission(**values):
        return opinions.Submission(**{"region_code": village.pk, "category": "city", "publish_consent": True, **values})

    bad = answered(world, submission(
        text=f"我是{NAME}，电话{PHONE}，身份证号{ID_NUMBER}。龙井社区门口的路灯不亮已经一周了，晚上出行很不方便。",
        citizen_name=NAME, phone=PHONE),
        reply=f"{NAME}同志您好：经核查，路灯线路老化，已于本周更换，路灯恢复照明。如有问题请回电 138 1234 5678 联系。",
        evaluate="satisfied")
    anonymous = answered(world, submission(
        text=f"我住在{ADDRESS}，小区门口井盖缺失，夜里有人踩空摔伤，请尽快补上。", citizen_name=ANONYMOUS_NAME, phone="13912345678",
        anonymous=True, address=ADDRESS, category="traffic"),
        reply="已安排市政养护单位补装井盖，并设置警示标志。")
    private = answered(world, submission(text="我家楼下的下水道堵了三天，污水漫到路面，请尽快疏通。", citizen_name="王芳",
                                         phone="13700001111", publish_consent=False), reply="已疏通。")
    handling = answered(world, submission(text="幸福路公交站台的候车亭顶棚破损，下雨没有地方躲雨。", citizen_name="赵六",
                                          phone="13700002222"), reply="")
    rebuild()
    return SimpleNamespace(township=township, village=village, bad=bad, anonymous=anonymous, private=private, handling=handling)


def assert_no_personal_data(text):
    for word in PRIVATE_WORDS:
        assert word not in text, word
