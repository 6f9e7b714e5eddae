"""Leaders read the representatives' desk pages like congress staff, but see no button or form
that would change a record."""

import pytest
from django.urls import reverse

from .people import representative

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world):
    return representative("王建华", world.dongbao_congress, phone="13800001111")


def pages(person):
    mandate = person.mandates.get()
    return [
        (reverse("representatives:list"), [reverse("representatives:create")]),
        (
            reverse("representatives:detail", args=[person.pk]),
            [
                reverse("representatives:edit", args=[person.pk]),
                reverse("representatives:mandate_add", args=[person.pk]),
                reverse("representatives:mandate_end", args=[mandate.pk]),
            ],
        ),
    ]


def test_it_shows_the_leader_the_pages_without_write_links(client, world, person):
    client.force_login(world.leader)
    for url, write_urls in pages(person):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "王建华" in content
        for write_url in write_urls:
            assert f'"{write_url}"' not in content, (url, write_url)


def test_it_shows_city_staff_the_write_links(client, world, person):
    client.force_login(world.city_staff)
    for url, write_urls in pages(person):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        for write_url in write_urls:
            assert f'"{write_url}"' in content, (url, write_url)
