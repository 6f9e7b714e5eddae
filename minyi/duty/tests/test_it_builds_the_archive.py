"""The archive (一人一档): every deed recorded by the apps counts once for its representative, in the
period asked for; absences stay off the public record; activities the representative adds count
once staff confirm them; the phone page, the desk page and the PDF show it."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image
from pypdf import PdfReader

from minyi.duty import archive, self_reports, services
from minyi.duty.models import Activity, Attendance, Measure, SelfReport
from minyi.duty.services import DutyRefused
from minyi.matters.models import Channel
from minyi.opinions import services as opinions
from minyi.opinions.models import Category
from minyi.testing import region

from .conftest import make_activity

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
THIS_YEAR = archive.year_range(TODAY.year)


def photo(name="现场.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def signed_in(client, user):
    client.force_login(user)
    return client


def counts_of(world):
    return archive.counts([world.representative.pk], *THIS_YEAR)[world.representative.pk]


def test_a_confirmed_attendance_counts_once_and_a_waiting_one_not_yet(world, reps):
    inspection = make_activity(world, [world.representative, reps["wang_rep"]])
    services.check_in(world.rep, inspection.code)
    services.check_in(world.rep, inspection.code)  # a second scan
    training = make_activity(world, [], kind=Activity.Kind.TRAINING, title="新任代表履职培训")
    waiting, _created = services.check_in(world.rep, training.code)  # not invited: waits for staff
    assert waiting.state == Attendance.State.PENDING
    counts = counts_of(world)
    assert counts[Measure.INSPECTION] == 1 and counts[Measure.TRAINING] == 0

    services.decide_attendance(world.city_staff, waiting, accept=True)
    counts = counts_of(world)
    assert counts[Measure.INSPECTION] == 1 and counts[Measure.TRAINING] == 1
    assert archive.counts([reps["wang_rep"].pk], *THIS_YEAR)[reps["wang_rep"].pk][Measure.INSPECTION] == 0


def test_opinions_received_and_resolved_on_the_spot_count_for_the_representative(world, reps):
    Category.objects.create(code="city", name="城市管理", order=1)
    village = region("420802001001", "龙井社区", 5, region("420802001000", "龙泉街道", 4, world.dongbao))
    submission = opinions.Submission(text="小区门口的路灯坏了一周，晚上出行不便，请尽快修复。", region_code=village.pk, category="city",
                                     citizen_name="王芳", phone="13912345678")
    matter, _created = opinions.submit(submission, actor=world.rep, channel=Channel.REPRESENTATIVE_ON_BEHALF, representative=world.representative)
    opinions.resolve_on_spot(matter, actor=world.rep, text="已联系社区电工当场更换灯泡。")
    counts = counts_of(world)
    assert counts[Measure.OPINION_RECEIVED] == 1 and counts[Measure.OPINION_RESOLVED] == 1


def test_suggestions_raised_count_for_the_lead_and_confirmed_co_signers_only(world, reps):
    from minyi.suggestions import services as suggestions
    from minyi.suggestions.models import Category as SuggestionCategory

    SuggestionCategory.objects.create(code="urban", name="城乡建设", committee="城乡建设环境保护委员会", order=1)
    draft = suggestions.Draft(title="关于加快老旧小区雨污分流改造的建议", category="urban",
                              text="我市部分老旧小区雨污合流，雨季污水外溢，建议市住建局会同水务局制定三年改造计划，优先安排资金。",
                              co_signer_ids=[reps["wang_rep"].pk, reps["zhao_rep"].pk])
    suggestion = suggestions.raise_suggestion(draft, actor=world.rep, lead=world.representative, congress=world.city_congress)
    suggestions.answer_invitation(suggestion, actor=reps["wang"], confirm=True)
    suggestions.submit(suggestion, actor=world.rep, drop_unanswered=True)
    everyone = archive.counts([world.representative.pk, reps["wang_rep"].pk, reps["zhao_rep"].pk], *THIS_YEAR)
    assert everyone[world.representative.pk][Measure.SUGGESTION_RAISED] == 1
    assert everyone[reps["wang_rep"].pk][Measure.SUGGESTION_RAISED] == 1
    assert everyone[reps["zhao_rep"].pk][Measure.SUGGESTION_RAISED] == 0


def test_an_unexcused_absence_is_in_the_archive_but_not_on_the_public_record(world, reps):
    make_activity(world, [world.representative], kind=Activity.Kind.SESSION, title="市九届人大常委会第二十次会议", starts=-30, hours=4)
    built = archive.build(world.representative, *THIS_YEAR)
    assert built.counts[Measure.ABSENCE] == 1
    assert archive.build(world.representative, *THIS_YEAR, public_only=True).counts[Measure.ABSENCE] == 0


def test_a_period_not_served_falls_back_to_this_year_and_a_term_covers_its_years(world, reps):
    period = archive.choose_period(world.representative, {"year": "1990"})
    assert (period.start, period.end) == THIS_YEAR
    term = world.representative.mandates.first().term
    period = archive.choose_period(world.representative, {"term": str(term.pk)})
    assert (period.start, period.end) == (term.start, term.end)
    assert archive.choose_period(world.representative, {"year": "<script>"}).year == TODAY.year


def test_an_added_activity_counts_once_staff_confirm_it(world, reps):
    report = self_reports.add_self_report(
        world.rep, kind=Activity.Kind.CONTACT, title="走访龙井社区独居老人", happened_on=TODAY, place="龙井社区",
        description="与社区干部一起走访了五户独居老人，了解用水用电情况。", evidence=photo())
    assert report.state == SelfReport.State.PENDING and report.evidence_name == "现场.jpg"
    assert counts_of(world)[Measure.CONTACT] == 0
    with pytest.raises(DutyRefused):
        self_reports.decide_self_report(world.rep, report, accept=True)
    with pytest.raises(DutyRefused):
        self_reports.decide_self_report(world.duodao_staff, report, accept=True)
    self_reports.decide_self_report(world.city_staff, report, accept=True)
    assert counts_of(world)[Measure.CONTACT] == 1
    with pytest.raises(DutyRefused):
        self_reports.decide_self_report(world.city_staff, report, accept=False, note="重复")


def test_an_added_activity_is_refused_without_evidence_in_the_future_or_without_a_mandate(world, reps):
    values = {"kind": Activity.Kind.CONTACT, "title": "走访", "place": "龙井社区", "description": "走访独居老人。"}
    with translation.override("en"):
        with pytest.raises(DutyRefused, match="after it took place"):
            self_reports.add_self_report(world.rep, happened_on=TODAY + datetime.timedelta(days=2), evidence=photo(), **values)
        with pytest.raises(DutyRefused, match="no mandate"):
            self_reports.add_self_report(world.rep, happened_on=datetime.date(2010, 5, 1), evidence=photo(), **values)
        with pytest.raises(DutyRefused):
            self_reports.add_self_report(world.citizen, happened_on=TODAY, evidence=photo(), **values)
    assert not SelfReport.objects.exists()


def test_refusing_an_added_activity_needs_a_note_for_the_representative(world, reps):
    report = self_reports.add_self_report(world.rep, kind=Activity.Kind.OTHER, title="参加社区议事会", happened_on=TODAY,
                                          place="龙井社区", description="旁听社区议事会。", evidence=photo())
    with pytest.raises(DutyRefused):
        self_reports.decide_self_report(world.city_staff, report, accept=False, note="  ")
    self_reports.decide_self_report(world.city_staff, report, accept=False, note="未见活动通知，请补充会议记录。")
    report.refresh_from_db()
    assert report.state == SelfReport.State.REJECTED and counts_of(world)[Measure.OTHER_ACTIVITY] == 0


def test_the_phone_form_keeps_what_was_typed_when_the_evidence_is_not_a_file_we_read(client, world, reps):
    signed_in(client, world.rep)
    bad = SimpleUploadedFile("证明.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(reverse("duty:rep_self_report_new"), {
        "kind": "contact", "title": "走访龙井社区独居老人", "happened_on": TODAY.isoformat(), "place": "龙井社区",
        "description": "走访了五户独居老人。", "evidence": bad})
    assert response.status_code == 400
    page = response.content.decode()
    assert "走访龙井社区独居老人" in page and "PDF" in page
    assert not SelfReport.objects.exists()

    response = client.post(reverse("duty:rep_self_report_new"), {
        "kind": "contact", "title": "走访龙井社区独居老人", "happened_on": TODAY.isoformat(), "place": "龙井社区",
        "description": "走访了五户独居老人。", "evidence": photo()})
    assert response.status_code == 302 and SelfReport.objects.count() == 1


def test_staff_confirm_on_the_desk_and_a_leader_may_only_look(client, world, reps):
    report = self_reports.add_self_report(world.rep, kind=Activity.Kind.RESEARCH, title="调研农村饮水安全", happened_on=TODAY,
                                          place="子陵铺镇", description="调研三个村的饮水工程。", evidence=photo())
    signed_in(client, world.leader)
    assert client.get(reverse("duty:desk_self_reports")).status_code == 200
    assert client.post(reverse("duty:desk_self_reports"), {"report": report.pk, "decision": "confirm"}).status_code == 403
    signed_in(client, world.duodao_staff)
    assert "调研农村饮水安全" not in client.get(reverse("duty:desk_self_reports")).content.decode()
    assert client.post(reverse("duty:desk_self_reports"), {"report": report.pk, "decision": "confirm"}).status_code == 404
    signed_in(client, world.city_staff)
    response = client.post(reverse("duty:desk_self_reports"), {"report": report.pk, "decision": "reject", "note": ""})
    assert response.status_code == 400 and f'data-testid="error-{report.pk}"' in response.content.decode()
    response = client.post(reverse("duty:desk_self_reports"), {"report": report.pk, "decision": "confirm"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == SelfReport.State.CONFIRMED


def test_the_representative_sees_their_own_archive_and_its_pdf(client, world, reps):
    inspection = make_activity(world, [world.representative])
    services.check_in(world.rep, inspection.code)
    signed_in(client, world.rep)
    response = client.get(reverse("duty:rep_archive"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "视察城区老旧小区改造" in page and 'data-measure="inspection"' in page
    pdf = client.get(reverse("duty:rep_archive_pdf") + f"?year={TODAY.year}")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "李春梅" in text and "视察城区老旧小区改造" in text

    signed_in(client, reps["wang"])
    assert "视察城区老旧小区改造" not in client.get(reverse("duty:rep_archive")).content.decode()
    signed_in(client, world.citizen)
    assert client.get(reverse("duty:rep_archive")).status_code == 403


def test_staff_see_the_archives_of_their_congress_only(client, world, reps):
    inspection = make_activity(world, [world.representative])
    services.record_by_hand(world.city_staff, inspection, world.representative, reason="未带手机")
    signed_in(client, world.city_staff)
    response = client.get(reverse("duty:desk_archive", args=[world.representative.pk]) + "?all=1")
    assert response.status_code == 200 and "视察城区老旧小区改造" in response.content.decode()
    assert client.get(reverse("duty:desk_archive_pdf", args=[world.representative.pk]))["Content-Type"] == "application/pdf"
    signed_in(client, world.duodao_staff)
    assert client.get(reverse("duty:desk_archive", args=[world.representative.pk])).status_code == 404
    signed_in(client, world.unit_staff)
    assert client.get(reverse("duty:desk_archive", args=[world.representative.pk])).status_code == 403
