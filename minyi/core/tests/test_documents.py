from pathlib import Path

import pytest

from minyi.core import documents, qr

TEST_TEMPLATES = Path(__file__).parent / "templates"


def test_it_renders_a_chinese_pdf(settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}]
    pdf = documents.render_pdf("documents/test_page.html", {"qr_svg": qr.svg_data_uri("https://example.org/s/abc")})
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 5000


def test_it_names_the_download_in_utf8():
    response = documents.pdf_response(b"%PDF-1.7", "荆门市代表联络站.pdf", inline=False)
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''%E8%8D%86" in response["Content-Disposition"]


@pytest.mark.parametrize("data", ["https://example.org/r/R0000001", "代表码"])
def test_it_draws_qr_codes(data):
    assert qr.svg(data).startswith("<svg")
    assert qr.svg_data_uri(data).startswith("data:image/svg+xml")
