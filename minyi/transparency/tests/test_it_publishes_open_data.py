"""The open data: a page with the licence and the data dictionary, and CSV (UTF-8 with a BOM) and
JSON files streamed from the same definitions, holding the figures and the published matters and
never any personal data; a bad parameter is a 400 with a message."""

import csv
import io
import json

import pytest
from django.http import StreamingHttpResponse
from django.utils import timezone

from minyi.transparency.datasets import DATASETS

from .conftest import assert_no_personal_data

pytestmark = pytest.mark.django_db


def download(client, key, fmt, **params):
    response = client.get(f"/open/data/{key}.{fmt}", params)
    assert response.status_code == 200, (key, fmt, response.content[:200])
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_page_shows_the_licence_and_every_field_of_every_dataset(client, published):
    page = client.get("/open/data/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "CC BY 4.0" in body and "https://creativecommons.org/licenses/by/4.0/" in body and 'data-testid="attribution"' in body
    for dataset in DATASETS.values():
        table = body.split(f'data-testid="fields-{dataset.key}"')[1].split("</dl>")[0]
        assert [f"<code>{f.name}</code>" in table for f in dataset.fields] == [True] * len(dataset.fields)
        assert f"/open/data/{dataset.key}.csv?region=420800000000" in body and f"/open/data/{dataset.key}.json?region=" in body
    assert_no_personal_data(body)


def test_every_file_follows_the_dictionary_and_holds_no_personal_data(client, published):
    for dataset in DATASETS.values():
        text = download(client, dataset.key, "csv")
        assert text.startswith("\ufeff"), dataset.key
        rows = list(csv.reader(io.StringIO(text[1:])))
        assert rows[0] == dataset.names, dataset.key
        assert all(len(row) == len(dataset.names) for row in rows[1:])
        assert_no_personal_data(text)
        document = json.loads(download(client, dataset.key, "json"))
        assert document["dataset"] == dataset.key and document["licence"] == "CC BY 4.0" and document["attribution"]
        assert [f["name"] for f in document["fields"]] == dataset.names
        assert all(list(record) == dataset.names for record in document["records"])
        assert len(document["records"]) == len(rows) - 1
        assert_no_personal_data(json.dumps(document, ensure_ascii=False))


def test_the_files_hold_the_published_opinions_and_the_figures(client, world, published):
    opinions = json.loads(download(client, "opinions", "json"))["records"]
    assert {r["id"] for r in opinions} == {published.bad.pk, published.anonymous.pk}
    bad = next(r for r in opinions if r["id"] == published.bad.pk)
    assert bad["region_name"] == "龙泉街道" and bad["region_code"] == "420802001000" and bad["lead_unit"] == "东宝区教育局"
    assert "张某" in bad["text"] and "路灯恢复照明" in bad["answer"] and bad["raised_on"] == timezone.localdate().isoformat()

    year = timezone.localdate().year
    figures = json.loads(download(client, "figures", "json", year=str(year)))
    assert figures["year"] == year and figures["region_code"] == "420800000000"
    records = figures["records"]
    assert {r["region_name"] for r in records} == {"荆门市", "东宝区", "掇刀区"} and len(records) == 3 * 12
    assert sum(r["collected"] for r in records if r["region_code"] == "420800000000") == 4
    month = f"{timezone.localdate():%Y-%m}"
    this_month = next(r for r in records if r["region_code"] == "420802000000" and r["month"] == month)
    assert this_month["collected"] == 4 and this_month["completed"] == 3 and this_month["completion_rate"] == 0.75
    assert next(r for r in records if r["region_code"] == "420804000000" and r["month"] == month)["completion_rate"] is None
    # A narrower region: the county and its township.
    county = list(csv.reader(io.StringIO(download(client, "figures", "csv", region="420802000000")[1:])))
    assert {row[1] for row in county[1:]} == {"东宝区", "龙泉街道"}


def test_a_formula_typed_by_a_citizen_stays_text_in_the_csv(client, published):
    from minyi.transparency import files

    assert files._csv_value("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")" and files._csv_value(-1) == -1


def test_bad_parameters_get_a_message(client, published):
    for url, params in (("/open/data/figures.csv", {"year": "1999"}), ("/open/data/figures.json", {"year": "x"}),
                        ("/open/data/opinions.csv", {"region": "123"}), ("/open/data/projects.json", {"region": "420802001001"})):
        response = client.get(url, params)
        assert response.status_code == 400 and response["Content-Type"].startswith("text/plain"), (url, params)
        assert response.content.decode()
    assert client.get("/open/data/people.csv").status_code == 404
    assert client.get("/open/data/opinions.xlsx").status_code == 404
    assert client.get("/open/data/", {"year": "1999"}).status_code == 400
