"""The annual handling report: on a constructed year every figure equals the hand count, and the
Word, PDF and Excel files open and carry the headings and numbers; the page refuses an impossible
year or a congress outside the user's scope with a clear message, never a 500."""

import datetime
import io
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.matters.models import Assignment
from minyi.suggestions import reports, services
from minyi.suggestions.models import Contact

from .conftest import pdf_letter
from .test_it_handles_suggestions import at

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def handled(world, city, suggestion, user, reply_class, text="经研究，已按建议组织实施，相关工作正在推进。"):
    """The suggestion's current lead unit signs, talks to the lead representative and replies."""
    matter = suggestion.matter
    matter.refresh_from_db()
    lead = matter.assignments.filter(role=Assignment.Role.LEAD, round=matter.round).exclude(state="withdrawn").order_by("-id").first()
    if lead.state == Assignment.State.ASSIGNED:
        from minyi.matters import services as engine

        engine.sign(lead, actor=user)
    if not lead.contacts.filter(stage=Contact.Stage.BEFORE).exists():
        services.record_contact(lead, actor=user, representative=matter.representative, method=Contact.Method.PHONE,
                                stage=Contact.Stage.BEFORE, happened_on=timezone.localdate(), note="电话沟通办理思路。")
    services.reply(lead, actor=user, text=text, reply_class=reply_class, letter=pdf_letter())


@pytest.fixture
def year(world, city, draft, monkeypatch):
    """2026 in the city congress, counted by hand in the test below."""
    staff = world.city_staff

    def raised(co_signers=(), **kwargs):
        return services.raise_suggestion(draft(co_signer_ids=[r.pk for r in co_signers], **kwargs), actor=world.rep,
                                         lead=world.representative, congress=world.city_congress)

    def assigned(suggestion, unit):
        services.register(suggestion, actor=staff)
        services.assign(suggestion, actor=staff, lead=unit)

    # s0: raised in 2025, replied B, followed up and rolled over into 2026.
    at(monkeypatch, 2025, 3, 3)
    s0 = raised(title="关于延伸公交线路至产业园区的建议")
    assigned(s0, world.city_unit)
    at(monkeypatch, 2025, 4, 1)
    handled(world, city, s0, world.unit_staff, "B")
    services.evaluate(s0, actor=world.rep, rating="satisfied")
    at(monkeypatch, 2026, 1, 2)
    assert services.roll_over(to_year=2026) == 1
    # s1: a joint session suggestion, replied A on time; the co-signer's 不满意 beside the lead's 满意 does not count.
    at(monkeypatch, 2026, 1, 7)
    s1 = raised([city.wang], session_id=city.session.pk)
    services.answer_invitation(s1, actor=city.wang_user, confirm=True)
    at(monkeypatch, 2026, 2, 2)
    assigned(s1, world.city_unit)
    at(monkeypatch, 2026, 3, 2)
    handled(world, city, s1, world.unit_staff, "A")
    services.evaluate(s1, actor=city.wang_user, rating="unsatisfied")
    services.evaluate(s1, actor=world.rep, rating="satisfied")
    # s2: between sessions, social area, replied B, followed up and solved (A), judged 满意.
    s2 = raised(title="关于增设社区养老服务站点的建议", category="social")
    assigned(s2, world.city_unit)
    at(monkeypatch, 2026, 4, 1)
    handled(world, city, s2, world.unit_staff, "B")
    services.evaluate(s2, actor=world.rep, rating="basically_satisfied")
    at(monkeypatch, 2026, 9, 1)
    lead = s2.matter.assignments.get(role=Assignment.Role.LEAD)
    services.reply(lead, actor=world.unit_staff, text="养老服务站点已建成投入使用。", reply_class="A", letter=pdf_letter())
    services.evaluate(s2, actor=world.rep, rating="satisfied")
    # s3: the water bureau replies C late (assigned in March, replied in July); 不满意; a key suggestion.
    at(monkeypatch, 2026, 3, 2)
    s3 = raised(title="关于城区排水管网提标改造的建议")
    assigned(s3, city.water_unit)
    services.designate_key(s3, actor=staff, year=2026, chosen_on=datetime.date(2026, 3, 10), leading_leader="陈志强",
                           supervising_committee="城乡建设环境保护委员会", plan="每季度实地督办一次，年底听取专题汇报。")
    at(monkeypatch, 2026, 7, 1)
    handled(world, city, s3, city.water_staff, "C")
    services.evaluate(s3, actor=world.rep, rating="unsatisfied")
    # s4: returned for revision, revised, registered, assigned to the water bureau in November: not due yet.
    at(monkeypatch, 2026, 11, 2)
    s4 = raised(title="关于规范共享单车停放的建议")
    services.return_for_revision(s4, actor=staff, reasons=["several"])
    services.revise(s4, services.Draft(title="关于规范共享单车停放管理的建议", text="共享单车乱停乱放影响通行，建议划定停放区并加强日常管理考核。",
                                       category="urban"), actor=world.rep)
    assigned(s4, city.water_unit)
    # s5: received, not yet registered; s6: still waiting for its co-signer (not received).
    s5 = raised(title="关于加强校园周边食品安全监管的建议")
    s6 = raised([city.zhao], title="关于完善农村饮水安全工程的建议")
    monkeypatch.undo()
    return s0, s1, s2, s3, s4, s5, s6


def test_figures_equal_the_hand_counts(world, city, year):
    report = reports.build(world.city_congress, 2026, today=TODAY)
    assert (report.received, report.returned, report.registered) == (5, 1, 4)
    assert (report.session, report.between_sessions, report.joint, report.rolled_over) == (1, 3, 1, 1)
    assert report.areas == [("城乡建设", "城乡建设环境保护委员会", 3), ("社会建设", "社会建设委员会", 1)]
    units = {row.unit: row for row in report.units}
    housing, water = units[world.city_unit.name], units[city.water_unit.name]
    assert (housing.assigned, housing.replied, housing.on_time, housing.late) == (2, 2, 2, 0)
    assert housing.classes == {"A": 2, "B": 0, "C": 0, "D": 0}
    assert housing.ratings == {"satisfied": 2, "basically_satisfied": 0, "unsatisfied": 0} and housing.satisfaction == 100.0
    assert (water.assigned, water.replied, water.on_time, water.late) == (2, 1, 0, 1)
    assert water.classes["C"] == 1 and water.ratings["unsatisfied"] == 1 and water.satisfaction == 0.0
    assert (report.replied, report.on_time, report.late, report.judged, report.satisfaction) == (3, 2, 1, 3, 66.7)
    assert report.classes == {"A": 2, "B": 0, "C": 1, "D": 0}
    assert [k["title"] for k in report.keys] == ["关于城区排水管网提标改造的建议"]
    assert (report.b_followed, report.b_solved) == (2, 1)
    earlier = reports.build(world.city_congress, 2025, today=TODAY)
    assert (earlier.registered, earlier.rolled_over, earlier.b_followed) == (0, 0, 0)  # s0 moved on to 2026


def _text_of_word(body):
    from docx import Document

    document = Document(io.BytesIO(body))
    words = [p.text for p in document.paragraphs]
    words += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(words)


def test_word_pdf_and_excel_open_and_carry_the_figures(world, city, year, tmp_path):
    report = reports.build(world.city_congress, 2026, today=TODAY)
    headings = [_("By lead unit"), _("By area"), _("By reply class"), _("Key suggestions")]
    word = _text_of_word(reports.to_word(report))
    for text in [*headings, "荆门市人民代表大会", "荆门市水务局", "城乡建设环境保护委员会", "关于城区排水管网提标改造的建议", "66.7%"]:
        assert text in word
    pdf_file = tmp_path / "report.pdf"
    pdf_file.write_bytes(reports.to_pdf(report))
    pdf = subprocess.run(["pdftotext", str(pdf_file), "-"], capture_output=True, text=True, check=True).stdout
    pdf = "".join(pdf.split())  # table cells wrap: compare without the line breaks
    for text in [*headings, "荆门市水务局", "城乡建设", "66.7%"]:
        assert "".join(text.split()) in pdf
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(reports.to_excel(report)))
    assert len(workbook.sheetnames) == 6
    units = workbook[_("By lead unit")[:31]]
    rows = {row[0]: row for row in units.iter_rows(min_row=3, values_only=True)}
    assert rows[world.city_unit.name][1:5] == (2, 2, 2, 0)
    assert rows[city.water_unit.name][1:5] == (2, 1, 0, 1)


def test_the_report_page_and_its_refusals(client, world, city, year):
    client.force_login(world.city_staff)
    url = reverse("suggestions:report")
    page = client.get(url, {"congress": world.city_congress.pk, "year": 2026})
    assert page.status_code == 200 and "荆门市水务局" in page.content.decode()
    for fmt, start in (("word", b"PK"), ("excel", b"PK"), ("pdf", b"%PDF")):
        download = client.get(reverse("suggestions:report_download", args=[fmt]), {"congress": world.city_congress.pk, "year": 2026})
        assert download.status_code == 200 and download.content.startswith(start)
    for params in ({"year": "abc"}, {"year": "1899"}, {"year": "2999"}, {"congress": world.dongbao_congress.pk, "year": 2026},
                   {"congress": "x"}):
        refused = client.get(url, params)
        assert refused.status_code == 400 and 'data-testid="report-refusal"' in refused.content.decode()
        assert client.get(reverse("suggestions:report_download", args=["pdf"]), params).status_code == 400
    assert client.get(url).status_code == 200  # no choice yet: the user's congress, this year
    client.force_login(world.unit_staff)
    assert client.get(url).status_code == 403
    client.force_login(world.leader)
    assert client.get(url, {"congress": world.city_congress.pk, "year": 2026}).status_code == 200
