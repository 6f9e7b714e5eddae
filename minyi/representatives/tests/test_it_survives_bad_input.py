"""No user input gives a 500: unknown ids are 404s, bad parameters are ignored or shown as
form errors."""

import pytest
from django.urls import reverse

from .people import grid, representative

pytestmark = pytest.mark.django_db

GETS = [
    "/representatives/?congress=1%27%20OR%201=1&group=-1&station=x&party=99&occupation=%00&status=&page=-5",
    "/representatives/posters.pdf?congress=abc&level=nope",
    "/representatives/public/?county=abc&q=" + "长" * 300 + "&page=99999",
    "/representative-groups/?congress=abc&kind=zzz&page=0",
    "/representative-groups/new/?congress=abc",
    "/grids/?status=bogus&q=%25%25",
    "/accounts/manage/?role=%3Cscript%3E&status=x&page=abc",
    "/accounts/manage/new/?role=bogus&unit=abc&representative=-1&full_name=" + "x" * 500,
    "/r/" + "a" * 300 + "/",
]


@pytest.mark.parametrize("path", GETS)
def test_it_answers_bad_parameters_without_a_server_error(client, world, path):
    client.force_login(world.admin)
    assert client.get(path).status_code in (200, 302, 404)


def test_it_answers_bad_posts_with_form_errors(client, world):
    person = representative("王建华", world.dongbao_congress)
    cell = grid(world)
    client.force_login(world.admin)
    posts = [
        (reverse("representatives:create"), {"name": "x", "birth_date": "2099-99-99", "mandate-congress": "abc", "mandate-start": "x"}),
        (reverse("representatives:create"), {"name": "x", "birth_date": "2020-01-01", "mandate-level": "national", "mandate-start": "2024-01-01"}),
        (reverse("representatives:mandate_add", args=[person.pk]), {"congress": "abc", "term": "x", "start": ""}),
        (reverse("representatives:mandate_end", args=[person.mandates.get().pk]), {"end": "2000-01-01", "end_reason": "resignation"}),
        (reverse("representatives:grid_assign", args=[cell.pk]), {"representative": "abc", "start": "x"}),
        (reverse("representatives:grid_create"), {"region": "", "name": "", "code": ""}),
        (reverse("representatives:group_create"), {"congress": "abc", "name": "", "kind": "nope"}),
        (reverse("accounts:manage_create"), {"username": "bad name!", "full_name": "", "role": "nope", "unit": "abc"}),
        (reverse("accounts:manage_grant", args=[world.unit_staff.pk]), {"role": "leader", "congress": "abc", "department": "x"}),
        (reverse("accounts:manage_edit", args=[world.unit_staff.pk]), {"full_name": "", "phone": "abc", "email": "not-an-email"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 200, url
        forms = [response.context.get(name) for name in ("form", "mandate_form", "grant_form", "assign_form")]
        forms = [form for form in forms if form is not None]
        assert any(form.errors for form in forms), url


def test_it_answers_unknown_ids_with_not_found(client, world):
    client.force_login(world.admin)
    for path in (
        "/representatives/0/edit/",
        "/representatives/0/poster.pdf",
        "/representatives/0/mandates/new/",
        "/representative-groups/0/",
        "/grids/0/",
        "/grids/responsibilities/0/end/",
        "/accounts/manage/0/",
        "/accounts/manage/0/edit/",
    ):
        assert client.get(path).status_code == 404, path
