"""One request at a time, in this process, to each endpoint of a library
already built in DATABASE_URL (by bench.dataset, or left by bench.run): the
median time of N requests (5 unless given), every one built from the database
(``Cache-Control: no-cache``, the response cache off, so every count is made
afresh). A way to read growth without load: run it against a 1k and a 250k
library and divide.

    DATABASE_URL=postgres://.../bench1k python -m bench.inprocess 5
"""

import json
import os
import statistics
import sys
import time

os.environ.update(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="inprocess-" + "i" * 50, DJANGO_ALLOWED_HOSTS="testserver",
                  DJANGO_SECURE_SSL_REDIRECT="false", REQUEST_LOG="false", API_ANON_RATE="100000000/minute",
                  DJANGO_SETTINGS_MODULE="api.settings", PUBLIC_BASE_URL="http://127.0.0.1",
                  API_RESPONSE_CACHE="false")  # fmt: skip

import django  # noqa: E402

django.setup()
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

settings.ROOT_URLCONF = "bench.urls"  # the floor beside the API
c = Client()
c.get("/api/v1/")
slug = c.get("/api/v1/reviews/?status=all&page_size=5").json()["results"][0]["slug"]
paths = {
    "values_floor": "/bench/reviews-values?status=all&published_from=2012-01-01&published_to=2012-12-31&page=2",
    "reviews_list": "/api/v1/reviews/?status=all&published_from=2012-01-01&published_to=2012-12-31&page=2",
    "reviews_list_page1": "/api/v1/reviews/?status=all&published_from=2013-01-01&published_to=2013-12-31",
    "reviews_default": "/api/v1/reviews/",
    "reviews_window_theme": "/api/v1/reviews/?status=all&published_from=2015-01-01&published_to=2015-12-31"
    "&theme=neglect",
    "review_detail": f"/api/v1/reviews/{slug}/",
    "documents_floor": "/bench/documents-values?page=2",
    "document_list": "/api/v1/documents/?page=2",
    "document_list_filtered": "/api/v1/documents/?kind=full_report&published_from=2014-01-01&published_to=2014-12-31",
    "atom_feed": "/feeds/publications.atom",
    "json_feed": "/feeds/publications.json",
    "search_floor": "/bench/search-values?q=neglect+OR+disorders",
    "search": "/api/v1/reviews/?status=all&q=neglect+OR+disorders",
    "search_phrase": "/api/v1/reviews/?status=all&q=%22missed+opportunities%22+-housing",
    "export_csv_filtered": "/api/v1/exports/reviews.csv?published_from=2015-01-01&published_to=2015-03-31",
    "changes_log": "/api/v1/changes/?since=2026-01-01T00:00:00Z",
}
out = {}
for name, path in paths.items():
    times = []
    for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 5):
        started = time.perf_counter()
        response = c.get(path, HTTP_CACHE_CONTROL="no-cache")
        body = response.getvalue() if response.streaming else response.content
        times.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200, (path, response.status_code)
    out[name] = round(statistics.median(times), 1)
    print(f"{name:26} {out[name]:9.1f} ms  {len(body):9d} bytes", flush=True)
print(json.dumps(out))
