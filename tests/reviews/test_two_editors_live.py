"""Two editors at once, through the real admin over HTTP: each signs in with
a password on the login page, and every form is posted with the CSRF token
and cookie a browser would send."""

import http.cookiejar
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from lxml import html

from reviews.changelog import changes
from reviews.models import Review
from tests.factories import make_board, make_review
from tests.test_model import admin_form_data


class LocalhostIsSecure(http.cookiejar.DefaultCookiePolicy):
    """As browsers treat http://localhost and 127.0.0.1: a secure context, where
    cookies marked Secure are sent."""

    def return_ok_secure(self, cookie, request):
        return True


class Editor:
    """A browser's part in it: cookies, forms, CSRF tokens, redirects."""

    def __init__(self, base):
        self.base = base
        jar = http.cookiejar.CookieJar(LocalhostIsSecure())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def open(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def form(self, path, form_id):
        status, page = self.open(path)
        assert status == 200, page
        return admin_form_data(page.encode(), form_id)

    def try_to_sign_in(self, username, password):
        form = self.form("/admin/login/?next=/admin/", "login-form")
        return self.open("/admin/login/?next=/admin/", {**form, "username": username, "password": password})

    def sign_in(self, username, password):
        status, page = self.try_to_sign_in(username, password)
        assert status == 200 and "Log out" in page, page


@pytest.mark.system  # pytest-django's live server
@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_by_one_editor_is_never_undone_by_the_others_stale_form(live_server, django_user_model):
    make_board()
    review = make_review(slug="pip", title="Pip", summary="Original summary.")
    changes.catch_up()  # the worker's pass: its publication is in the log
    for name in ("editor-a", "editor-b"):
        django_user_model.objects.create_user(name, password=f"{name}-long-password", is_staff=True,
                                              is_superuser=True)  # fmt: skip
    a, b = Editor(live_server.url), Editor(live_server.url)
    a.sign_in("editor-a", "editor-a-long-password")
    b.sign_in("editor-b", "editor-b-long-password")
    with urllib.request.urlopen(f"{live_server.url}/api/v1/reviews/pip/") as response:
        assert response.status == 200  # public, and announced to mirrors
    change = f"/admin/reviews/review/{review.pk}/change/"
    stale = a.form(change, "review_form")  # A opens the review

    # B withdraws it with the action: asked for a reason, then it is done.
    changelist = "/admin/reviews/review/"
    chosen = {**b.form(changelist, "changelist-form"), "action": "withdraw", "_selected_action": [review.pk]}
    status, asked = b.open(changelist, chosen)
    assert status == 200 and "reason" in asked
    token = html.fromstring(asked).xpath("//input[@name='csrfmiddlewaretoken']/@value")[0]
    status, done = b.open(changelist, {**chosen, "csrfmiddlewaretoken": token, "reason": "Court order"})
    assert status == 200 and "Withdrawn: 1 review." in done

    # A saves a typo fix from the form opened before: refused, saying who and what.
    status, page = a.open(change, {**stale, "summary": "Orginal summary, typo fixed."})
    assert status == 200 and "Not saved" in page and "editor-b" in page and "withdrawn at" in page

    review = Review.objects.get(pk=review.pk)
    assert review.withdrawn_at is not None and review.withdrawal_reason == "Court order"
    assert review.summary == "Original summary."
    with pytest.raises(urllib.error.HTTPError) as gone:
        urllib.request.urlopen(f"{live_server.url}/api/v1/reviews/pip/")
    assert gone.value.code == 404
    with urllib.request.urlopen(f"{live_server.url}/api/v1/changes/") as response:
        told = [(change["event"], change["id"]) for change in json.load(response)["changes"]]
    assert told == [("published", "pip"), ("withdrawn", "pip")]
