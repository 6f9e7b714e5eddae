
import pytest

from minyi.accounts import access
from minyi.accounts.models import User
from minyi.audit.models import AuditEntry
from minyi.demo import loader
from minyi.demo.opinions import SCENARIOS
from minyi.matters.models import Assignment, Matter, TimelineEvent
from minyi.opinions.models import Category, CategorySetting, Opinion
from minyi.opinions.policy import OpinionPolicy

pytestmark = pytest.mark.django_db


def counts():
    return {
        "matters": Matter.objects.count(), "events": TimelineEvent.objects.count(), "assignments": Assignment.objects.count(),
        "opinions": Opinion.objects.count(), "categories": Category.objects.count(), "settings": CategorySetting.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def test_the_demo_has_opinions_in_every_state_and_a_reload_adds_none(django_capture_on_commit_callbacks):
    loader.load(size="small")
    assert Opinion.objects.filter(idempotency_key__startswith="demo-").count() == len(SCENARIOS) >= 35
    assert set(Category.objects.values_list("name", flat=True)) >= {"城市管理", "交通出行", "教育", "医疗卫生", "社会保障", "住房", "生态环境", "农业农村", "其他"}
    assert set(Matter.objects.filter(kind="opinion").values_list("status", flat=True)) == set(OpinionPolicy.states)
    assert Matter.objects.filter(round=2, status="handling").exists()  # sent back once as unsatisfied
    assert Matter.objects.filter(status="closed", evaluations__isnull=False).count() >= 4
    assert Matter.objects.filter(merged_into__isnull=False, opinion__idempotency_key__startswith="demo-").count() == 1
    assert TimelineEvent.objects.filter(action="escalate").exists()
    assert Assignment.objects.filter(role="co").exists()

    before = counts()
    loader.load(size="small", force=True)
    assert counts() == before


def test_each_demo_login_has_real_work_waiting(django_capture_on_commit_callbacks):
    loader.load(size="small")
    people = {u.username: u for u in User.objects.all()}

    def visible(username):
        return access.visible(people[username], Matter.objects.all())

    citizen_own = Matter.objects.filter(raised_by=people["citizen"])
    assert citizen_own.count() == 1 and citizen_own.get().status == "replied"
    assert visible("jm_staff").filter(status="submitted").exists()
    assert visible("db_staff").filter(status="submitted").exists()
    assert Assignment.objects.filter(unit__name="荆门市住房和城乡建设局", state="assigned").exists()
    assert Assignment.objects.filter(unit__name="荆门市住房和城乡建设局", state="signed").exists()
    assert visible("rep_li").filter(status="with_representative").exists()
    # Anonymous opinions really are anonymous, and every matter has its tracking code.
    assert Opinion.objects.filter(anonymous=True).count() >= 4
    assert not Matter.objects.filter(tracking_code="").exists()
