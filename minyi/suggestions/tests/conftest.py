import datetime

import pytest

from minyi.accounts.models import Role
from minyi.organisations.models import Session, Term, Unit
from minyi.representatives.models import Mandate, Representative
from minyi.suggestions import services
from minyi.suggestions.models import Category
from minyi.testing import person


@pytest.fixture
def city(world):
    """The city congress in its 9th term (2022–2027) with its 5th session in January 2026, two more
    representatives with accounts (all three hold city seats), a second city unit and two areas."""
    term = Term.objects.create(congress=world.city_congress, number=9, start=datetime.date(2022, 1, 1), end=datetime.date(2026, 12, 31))
    session = Session.objects.create(term=term, number=5, start=datetime.date(2026, 1, 6), end=datetime.date(2026, 1, 9))
    wang = Representative.objects.create(name="王建军", public_code="RTEST002")
    zhao = Representative.objects.create(name="赵敏", public_code="RTEST003")
    for representative in (world.representative, wang, zhao):
        Mandate.objects.create(representative=representative, level="city", congress=world.city_congress, term=term,
                               start=datetime.date(2022, 1, 1))
    water = Unit.objects.create(region=world.city, name="荆门市水务局")
    Category.objects.create(code="urban", name="城乡建设", committee="城乡建设环境保护委员会", order=1)
    Category.objects.create(code="social", name="社会建设", committee="社会建设委员会", order=2)

    class City:
        pass

    c = City()
    c.term, c.session, c.water_unit = term, session, water
    c.wang, c.zhao = wang, zhao
    c.wang_user = person("rep_wang", Role.REPRESENTATIVE, representative=wang, full_name="王建军")
    c.zhao_user = person("rep_zhao", Role.REPRESENTATIVE, representative=zhao, full_name="赵敏")
    c.water_staff = person("water_staff", Role.UNIT_STAFF, unit=water, full_name="吴涛")
    return c


@pytest.fixture
def draft():
    def make(**kwargs):
        values = {"title": "关于加快老旧小区雨污分流改造的建议",
                  "text": "我市部分老旧小区雨污合流，雨季污水外溢，建议市住建局会同水务局制定三年改造计划，优先安排资金。",
                  "category": "urban"}
        values.update(kwargs)
        return services.Draft(**values)

    return make


@pytest.fixture
def raise_one(world, city, draft):
    """A suggestion by the world's representative (李春梅) in the city congress; co-signers by name."""
    def make(*co_signers, **kwargs):
        return services.raise_suggestion(draft(co_signer_ids=[r.pk for r in co_signers], **kwargs), actor=world.rep,
                                         lead=world.representative, congress=world.city_congress)

    return make


def pdf_letter(name="答复函.pdf", size=None):
    """A small real PDF (one empty page); `size` pads it to that many bytes."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    if size:
        body += b"%" + b"0" * (size - len(body) - 1)
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture
def assigned(world, city, raise_one):
    """A registered joint suggestion (李春梅 with 王建军) assigned to the city housing bureau, with the
    water bureau as co-unit."""
    def make(**kwargs):
        suggestion = raise_one(city.wang, **kwargs)
        services.answer_invitation(suggestion, actor=city.wang_user, confirm=True)
        services.register(suggestion, actor=world.city_staff)
        services.assign(suggestion, actor=world.city_staff, lead=world.city_unit, co_units=[city.water_unit])
        suggestion.matter.refresh_from_db()
        return suggestion

    return make
