"""What partners reach for in their first hour: the themes, the index's links,
a problem for any wrong path, dates the databases all take."""

import pytest
from django.test import override_settings

from reviews import services
from tests.factories import NOW, make_review

pytestmark = pytest.mark.django_db


def test_themes_lists_the_public_vocabulary_and_nothing_of_embargoed_reviews(api, board):
    from reviews.models import Theme

    make_review(slug="pip", themes=["eating disorders", "neglect"])
    make_review(slug="later", themes=["a theme only an embargoed review has"], published_at=NOW.replace(year=2030))
    services.withdraw(make_review(slug="gone", themes=["withdrawn theme"]), "Court order")
    never = make_review(slug="never", themes=["withdrawn while embargoed"], published_at=NOW.replace(year=2030))
    services.withdraw(never, "Court order")
    Theme.objects.create(slug="self-neglect", name="self-neglect", listed=True)  # no review carries it yet
    body = api.get("/api/v1/themes/").json()
    assert [(theme["slug"], theme["name"]) for theme in body["results"]] == [
        ("eating-disorders", "eating disorders"), ("neglect", "neglect"), ("self-neglect", "self-neglect"),
        ("withdrawn-theme", "withdrawn theme")]  # fmt: skip
    assert body["count"] == 4


@pytest.mark.parametrize("path", ["/api/v1/reviews/", "/feeds/publications.atom", "/feeds/publications.rss"])
def test_an_unknown_theme_is_a_400_like_any_bad_value(api, board, path):
    make_review(slug="pip", themes=["neglect"])
    make_review(slug="later", themes=["hidden"], published_at=NOW.replace(year=2030))
    assert api.get(path, {"theme": "neglect"}).status_code == 200
    for unknown in ("no-such-theme", "hidden"):  # an embargoed review's theme is as unknown as none
        response = api.get(path, {"theme": unknown})
        assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
        assert response.json()["invalid_params"][0]["name"] == "theme"
        assert "/api/v1/themes/" in response.json()["invalid_params"][0]["reason"]


def test_the_index_links_everything(api, board):
    index = api.get("/api/v1/").json()
    for name in ("reviews", "documents", "leaflets", "contacts", "themes", "changes", "schema", "docs"):
        assert api.get(index[name], HTTP_ACCEPT="*/*").status_code == 200, name
    assert api.get(index["feeds"]["atom"]).status_code == 200
    for url in index["exports"].values():
        response = api.get(url)
        assert response.status_code == 200, url
        b"".join(response.streaming_content)  # sent whole, as a server does: the export's slot is free again


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", ["/api/v1/nope/", "/api/nope", "/api/v2/reviews/", "/feeds/nope.json"])
def test_every_wrong_path_under_the_api_is_a_problem_document(api, path, debug):
    with override_settings(DEBUG=debug):
        response = api.get(path)
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("offset", ["+16:00", "-16:00", "+23:59"])
@pytest.mark.parametrize("name", ["published_from", "updated_since"])
def test_a_utc_offset_no_database_takes_is_a_400(api, board, name, offset):
    response = api.get("/api/v1/reviews/", {name: f"2016-01-01T00:00:00{offset}"})
    assert response.status_code == 400
    assert "beyond ±15:59" in response.json()["invalid_params"][0]["reason"]
    assert api.get("/api/v1/changes/", {"since": f"2016-01-01T00:00:00{offset}"}).status_code == 400
    assert api.get("/api/v1/reviews/", {name: "2016-01-01T00:00:00+14:00"}).status_code == 200


def test_the_theme_vocabulary_says_what_each_covers_and_the_filter_takes_synonyms(api, board):
    from reviews.models import Theme

    make_review(slug="pip", themes=["eating disorders"])
    make_review(slug="jaiden", themes=["neglect"])
    Theme.objects.filter(slug="eating-disorders").update(description="Anorexia, bulimia and others.",
                                                         synonyms=["anorexia", "Bulimia Nervosa"])  # fmt: skip
    listed = {theme["slug"]: theme for theme in api.get("/api/v1/themes/").json()["results"]}
    assert listed["eating-disorders"]["synonyms"] == ["anorexia", "Bulimia Nervosa"]
    assert listed["eating-disorders"]["description"] == "Anorexia, bulimia and others."
    for word in ("eating-disorders", "anorexia", "bulimia-nervosa"):
        found = api.get("/api/v1/reviews/", {"theme": word, "status": "all"}).json()["results"]
        assert [review["slug"] for review in found] == ["pip"], word
    assert api.get("/api/v1/reviews/", {"theme": "bulimia"}).status_code == 400


def test_a_synonym_two_themes_share_filters_by_the_one_public_reviews_carry(api, board):
    """The word maps to a theme a public review carries, not to whichever theme
    was read first; one only an embargoed review carries says nothing of it."""
    from reviews.models import Theme

    make_review(slug="later", themes=["an early theme"], published_at=NOW.replace(year=2030))
    make_review(slug="pip", themes=["eating disorders"])
    Theme.objects.update(synonyms=["anorexia"])  # both themes take the word
    found = api.get("/api/v1/reviews/", {"theme": "anorexia", "status": "all"}).json()["results"]
    assert [review["slug"] for review in found] == ["pip"]
