"""One smoke test over real HTTP, against a live server."""

import json
import urllib.request

import pytest

from tests.factories import make_document, make_review


@pytest.mark.system  # pytest-django's live server
@pytest.mark.django_db(transaction=True)
def test_a_partner_fetches_reviews_and_a_download_over_http(live_server, settings):
    settings.PUBLIC_BASE_URL = live_server.url
    from tests.factories import make_board

    make_board()
    review = make_review(slug="pip", title="Pip")
    document = make_document(review)
    with urllib.request.urlopen(f"{live_server.url}/api/v1/reviews/") as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/json"
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        etag = response.headers["ETag"]
        body = json.load(response)
    assert [item["slug"] for item in body["results"]] == ["pip"]
    detail = json.load(urllib.request.urlopen(body["results"][0]["url"]))
    download_url = detail["documents"][0]["download_url"]
    assert download_url == f"{live_server.url}/api/v1/documents/{document.pk}/download"
    with urllib.request.urlopen(urllib.request.Request(download_url, headers={"Range": "bytes=0-4"})) as partial:
        assert partial.status == 206 and partial.read() == b"%PDF-"
    conditional = urllib.request.Request(f"{live_server.url}/api/v1/reviews/", headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(conditional)
    assert not_modified.value.code == 304
