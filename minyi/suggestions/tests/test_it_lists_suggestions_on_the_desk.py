"""The staff desk's list of suggestions: tabs counted by status, filters, search in Chinese, the
Excel export of what is filtered; another congress's staff see none of it; leaders read only."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from minyi.suggestions import services

pytestmark = pytest.mark.django_db


def client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def three(world, city, raise_one, draft):
    """One submitted, one registered (at the session), one assigned and made a key suggestion."""
    submitted = raise_one(title="关于加强城市内涝治理的建议", text="汛期城区多处路段积水严重，建议系统排查排水管网，实施海绵城市建设，提升排涝能力。")
    registered = raise_one(session_id=city.session.pk, category="social", title="关于完善养老服务体系的建议",
                           text="我市老龄化程度加深，建议加快社区嵌入式养老服务设施建设，发展医养结合，扶持居家养老。")
    services.register(registered, actor=world.city_staff)
    assigned = raise_one()
    services.register(assigned, actor=world.city_staff)
    services.assign(assigned, actor=world.city_staff, lead=world.city_unit)
    services.designate_key(assigned, actor=world.city_staff, year=2026, chosen_on=assigned.matter.created_at.date(), leading_leader="张副主任",
                           supervising_committee="城乡建设环境保护委员会", plan="每季度实地察看一次，年底前召开专题督办会。")
    return submitted, registered, assigned


def test_tabs_count_by_status_and_filters_narrow_the_list(client, world, three):
    submitted, registered, assigned = three
    client = client_for(client, world.city_staff)
    page = client.get(reverse("suggestions:desk_list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-count="all">3<' in html and 'data-count="submitted">1<' in html and 'data-count="assigned">1<' in html
    for suggestion in three:
        assert suggestion.matter.title in html
    only_session = client.get(reverse("suggestions:desk_list"), {"when": "session"}).content.decode()
    assert registered.matter.title in only_session and submitted.matter.title not in only_session
    area = client.get(reverse("suggestions:desk_list"), {"category": "social"}).content.decode()
    assert registered.matter.title in area and assigned.matter.title not in area
    key = client.get(reverse("suggestions:desk_list"), {"key": "1"}).content.decode()
    assert 'data-count="all">1<' in key
    unit = client.get(reverse("suggestions:desk_list"), {"unit": world.city_unit.pk}).content.decode()
    assert 'data-count="all">1<' in unit
    status = client.get(reverse("suggestions:desk_list"), {"status": "registered"}).content.decode()
    assert registered.matter.title in status and submitted.matter.title not in status


def test_chinese_search_finds_words_and_numbers(client, world, three):
    submitted, registered, _assigned = three
    client = client_for(client, world.city_staff)
    html = client.get(reverse("suggestions:desk_list"), {"q": "内涝"}).content.decode()
    assert submitted.matter.title in html and registered.matter.title not in html
    registered.refresh_from_db()
    html = client.get(reverse("suggestions:desk_list"), {"q": registered.number_label}).content.decode()
    # 大会第0001号 (the session's own sequence, in its own format) is not 第0001号 (between sessions).
    assert registered.number_label == "大会第0001号"
    assert registered.matter.title in html and submitted.matter.title not in html and 'data-count="all">1<' in html


def test_the_filtered_list_exports_to_excel(client, world, three):
    client = client_for(client, world.city_staff)
    response = client.get(reverse("suggestions:desk_export"), {"category": "urban"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3  # header and the two urban suggestions
    titles = {row[1] for row in rows[1:]}
    assert "关于加强城市内涝治理的建议" in titles and "关于完善养老服务体系的建议" not in titles
    assert any(row[6] == world.city_unit.name for row in rows[1:])


def test_another_congress_sees_nothing(client, world, three):
    client = client_for(client, world.dongbao_staff)
    html = client.get(reverse("suggestions:desk_list")).content.decode()
    assert 'data-count="all">0<' in html
    for suggestion in three:
        assert client.get(reverse("suggestions:desk_detail", args=[suggestion.pk])).status_code == 404
        assert client.get(reverse("suggestions:desk_meeting_docx"), {"ids": suggestion.pk}).status_code in (403, 404)
    assert client.get(reverse("suggestions:desk_list")).status_code == 200


def test_leaders_read_and_cannot_act(client, world, three):
    submitted = three[0]
    client = client_for(client, world.leader)
    page = client.get(reverse("suggestions:desk_detail", args=[submitted.pk]))
    assert page.status_code == 200 and 'data-testid="no-actions"' in page.content.decode()
    denied = client.post(reverse("suggestions:desk_detail", args=[submitted.pk]), {"action": "register", "register-expected_version": 1})
    assert denied.status_code == 403
    assert client.get(reverse("suggestions:desk_meeting")).status_code == 403
    submitted.matter.refresh_from_db()
    assert submitted.matter.status == "submitted"


def test_units_and_citizens_cannot_open_the_desk(client, world, three):
    for user in (world.unit_staff, world.citizen, world.rep):
        client.force_login(user)
        assert client.get(reverse("suggestions:desk_list")).status_code == 403
