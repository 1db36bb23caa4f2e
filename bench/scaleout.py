"""Two app servers behind a caching reverse proxy, sharing PostgreSQL and Redis.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \\
        python -m bench.scaleout

Runs what docs/deployment.md describes: two gunicorn instances on 127.0.0.1 with
the same settings, one shared PostgreSQL database and one shared Redis, and nginx
in front with the proxy cache configured as that page says (``proxy_cache``,
``proxy_cache_revalidate``, no stale answers), balancing between the two. It then
checks, and exits non-zero unless every check holds:

1. Both instances give byte-for-byte the same answers, ETags and Last-Modified
   for the same requests (a list, a detail, a document list, the leaflet, a feed).
2. The proxy keeps public answers (a cache HIT) and revalidates them.
3. A write by neither instance (a script's UPDATE): a review withdrawn that way
   is gone from both instances' details as soon as PostgreSQL has told them
   (``reviews.changelog.version_watch``), within ``WATCH_BOUND``; a review
   retitled that way shows its new title in both instances' details and lists
   once the worker (running beside them, as deployed) has rendered it again,
   within ``WORKER_BOUND``: measured, and printed.
4. A review withdrawn through the admin of instance A is gone from instance B
   just as soon — the shared response cache is keyed by the content version every
   write moves — from B's lists and from its feed, and gone from the proxy's
   cache within the documented bound, ``API_CACHE_MAX_AGE`` seconds (set short
   here, so the run takes seconds): measured, and printed.

The database named by DATABASE_URL is emptied and filled with the seed content.
Needs nginx (``apt-get install nginx-light``).
"""

import http.client
import http.cookies
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg

from bench.run import ROOT, free_port

MAX_AGE = 3  # API_CACHE_MAX_AGE for this run: the bound a withdrawal must meet at the proxy
# How soon an instance must answer with a write it did not make: CONTENT_VERSION_TRUST_MS
# (100 ms), the longest it trusts what it last read, plus the requests that look.
WATCH_BOUND = 0.2
WORKER_INTERVAL = 0.2
WORKER_BOUND = 2.0  # its interval and a pass, with room for a busy machine
SAME = ["/api/v1/reviews/?status=all", "/api/v1/reviews/pip/", "/api/v1/documents/", "/api/v1/leaflets/",
        "/feeds/publications.atom", "/api/v1/changes/"]  # fmt: skip
WITHDRAWN = "pip"
SCRIPT_WITHDRAWN = "jaiden"  # withdrawn by a script, not through either instance

NGINX = """
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
{user}
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    proxy_cache_path {work}/cache keys_zone=reviews:10m max_size=100m inactive=10m;
    upstream app {{ server 127.0.0.1:{a}; server 127.0.0.1:{b}; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://app;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_cache reviews;
            proxy_cache_key $scheme$host$request_uri$http_accept;
            proxy_cache_revalidate on;
            proxy_cache_use_stale off;
            proxy_ignore_headers Set-Cookie;
            proxy_no_cache $cookie_sessionid;
            proxy_cache_bypass $cookie_sessionid;
            add_header X-Cache-Status $upstream_cache_status always;  # for this check only
        }}
        location /admin/ {{ proxy_pass http://app; proxy_set_header Host $host; proxy_no_cache 1; }}
    }}
}}
"""


def environment(work):
    database, redis = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not database.startswith("postgres") or not redis.startswith("redis"):
        sys.exit("bench.scaleout needs DATABASE_URL (PostgreSQL) and REDIS_URL: the instances share both.")
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "api.settings", "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "scaleout-" + "s" * 50, "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false", "REQUEST_LOG": "false", "API_CACHE_MAX_AGE": str(MAX_AGE),
            "DOCUMENT_STORAGE_DIR": f"{work}/media", "STATIC_FILES_DIR": f"{work}/static"}  # fmt: skip


def manage(env, *arguments, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True, **kwargs)


def wait_for(url, seconds=60, processes=()):
    """Until ``url`` answers 200, for ``seconds`` at most: whatever a server that is
    still starting does to a request (refuses it, resets it, keeps it past the timeout,
    answers 502 from the proxy, cuts the answer short) is one more look, not the end."""
    deadline, error = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[:4]} exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=min(5, max(0.1, deadline - time.monotonic()))) as response:
                response.read()
            return
        except (OSError, http.client.HTTPException) as failed:  # URLError, TimeoutError, ConnectionError ...
            error = failed
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s (last: {error!r})")


def get(url, headers=None):
    """(status, headers, body) of a GET, whatever the status."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def withdraw_through_admin(base, slug, pk):
    """Sign in to instance ``base``'s admin as an editor would, and withdraw one
    review. Cookies are kept by hand: they are marked Secure (a browser would
    be on HTTPS behind the proxy), which urllib's cookie jar will not send over
    plain HTTP."""
    cookies = http.cookies.SimpleCookie()

    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None  # the redirect's own Set-Cookie (the session) is read here, not lost

    opener = urllib.request.build_opener(Stay)

    def call(path, fields=None):
        headers = {"Cookie": "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())}
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        try:
            response = opener.open(urllib.request.Request(base + path, data, headers), timeout=10)
        except urllib.error.HTTPError as error:
            if error.code != 302:
                raise
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                cookies.load(header)
            return response.read()

    def token(page):
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()

    login = call("/admin/login/")
    call("/admin/login/", {"csrfmiddlewaretoken": token(login), "username": "scaleout-editor",
                           "password": "a long scaleout password", "next": "/admin/"})  # fmt: skip
    listing = call("/admin/reviews/review/")
    done = call("/admin/reviews/review/", {"csrfmiddlewaretoken": token(listing), "action": "withdraw",
                                           "_selected_action": str(pk), "index": "0",
                                           "reason": "Withdrawn by order of the court (scale-out check)."})  # fmt: skip
    if get(f"{base}/api/v1/reviews/{slug}/", {"Cache-Control": "no-cache"})[0] != 404:
        raise RuntimeError(f"the admin did not withdraw {slug}: {done[-3000:]!r}")


def main():
    if shutil.which("nginx") is None:
        sys.exit("bench.scaleout needs nginx (apt-get install nginx-light).")
    checks, processes = {}, []
    with tempfile.TemporaryDirectory(prefix="scaleout-") as work:
        env = environment(work)
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "flush", "--no-input")
        manage(env, "migrate", "--no-input", "-v", "0")  # flush empties the tables migrations filled
        manage(env, "load_seed_content", capture_output=True)
        manage(env, "collectstatic", "--no-input", "-v", "0")
        code = ("from django.contrib.auth import get_user_model; from reviews.models import Review; "
                "get_user_model().objects.create_superuser('scaleout-editor', None, 'a long scaleout password'); "
                f"print(Review.objects.get(slug='{WITHDRAWN}').pk)")  # fmt: skip
        pk = int(manage(env, "shell", "--no-imports", "-c", code, capture_output=True, text=True).stdout.split()[-1])
        subprocess.run(["redis-cli", "-u", env["REDIS_URL"], "FLUSHDB"], capture_output=True, check=False)
        ports = {"a": free_port(), "b": free_port(), "proxy": free_port()}
        try:
            served = {**env, "PUBLIC_BASE_URL": "http://127.0.0.1"}  # one public address for both
            for name in ("a", "b"):
                command = [sys.executable, "-m", "gunicorn", "api.wsgi", "--bind", f"127.0.0.1:{ports[name]}",
                           "--workers", "1", "--log-level", "warning"]  # fmt: skip
                processes.append(subprocess.Popen(command, cwd=ROOT, env=served))
            worker = {**served, "WORKER_INTERVAL": str(WORKER_INTERVAL)}
            processes.append(subprocess.Popen([sys.executable, "manage.py", "worker"], cwd=ROOT, env=worker))
            for directory in ("body", "proxy", "fastcgi", "uwsgi", "scgi", "cache"):
                Path(work, directory).mkdir()
            user = "user root;" if os.geteuid() == 0 else ""
            Path(work, "nginx.conf").write_text(NGINX.format(work=work, user=user, port=ports["proxy"], a=ports["a"],
                                                             b=ports["b"]))  # fmt: skip
            processes.append(subprocess.Popen(["nginx", "-c", f"{work}/nginx.conf", "-p", work]))
            a, b, proxy = (f"http://127.0.0.1:{ports[name]}" for name in ("a", "b", "proxy"))
            for base in (a, b, proxy):
                wait_for(f"{base}/healthz", processes=processes)
            checks.update(run_checks(a, b, proxy, pk))
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=10)
    print(json.dumps(checks), flush=True)
    failed = [name for name, value in checks.items() if value is False]
    if failed:
        sys.exit(f"bench.scaleout: failed: {', '.join(failed)}")


def listed(body, slug):
    return f'"slug":"{slug}"'.encode() in body.replace(b" ", b"")


def entries_naming(feed, slug):
    return [entry for entry in re.findall(rb"<entry>.*?</entry>", feed, re.S) if f"/{slug}/".encode() in entry]


def until(holds, seconds=WATCH_BOUND):
    """(Seconds until ``holds()`` did, asked as fast as the requests in it go, or
    None if it did not within ``seconds``; how many times it was asked)."""
    started, asked = time.monotonic(), 0
    while time.monotonic() - started <= seconds:
        asked += 1
        if holds():
            return round(time.monotonic() - started, 4), asked
    return None, asked


def until_gone(url, gone, since):
    """Poll ``url`` until ``gone(status, body)``, for the bound and some more:
    (seconds after ``since`` it was first gone or None, how the proxy answered on the way).
    A withdrawn review answers 404, exactly as one that never existed."""
    seen = []
    while time.monotonic() - since < MAX_AGE + 5:
        status, headers, body = get(url)
        seen.append((round(time.monotonic() - since, 2), status, headers.get("X-Cache-Status")))
        if gone(status, body):
            return seen[-1][0], seen
        time.sleep(0.1)
    return None, seen


def run_checks(a, b, proxy, pk):
    fresh = {"Cache-Control": "no-cache"}
    checks = {}
    same = []
    for path in SAME:
        (status_a, headers_a, body_a), (status_b, headers_b, body_b) = (get(base + path, fresh) for base in (a, b))
        same.append(status_a == status_b == 200 and body_a == body_b and headers_a["ETag"] == headers_b["ETag"]
                    and headers_a["Last-Modified"] == headers_b["Last-Modified"])  # fmt: skip
    checks["same_answers_and_validators"] = all(same)
    detail, listing, feed = f"/api/v1/reviews/{WITHDRAWN}/", "/api/v1/reviews/?status=all", "/feeds/publications.atom"
    for path in (detail, listing):
        get(proxy + path)
    checks["proxy_keeps_answers"] = [get(proxy + path)[1]["X-Cache-Status"] for path in (detail, listing)] == [
        "HIT",
        "HIT",
    ]
    for path in (detail, listing, feed):
        for base in (a, b):
            get(base + path)  # the answers are now in the shared response cache
    # Writes by neither instance (a maintenance script, psql): each instance hears of them
    # from PostgreSQL (reviews.changelog.version_watch). A withdrawal is read at every
    # request, so it is gone at once; a new title waits for the worker's rendering.
    gone = f"/api/v1/reviews/{SCRIPT_WITHDRAWN}/"
    checks["script_withdrawn_shown_before"] = all(get(base + gone)[0] == 200 for base in (a, b))
    retitled = f"Retitled by a script {time.time_ns()}"
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as script:
        script.execute("UPDATE reviews_review SET withdrawn_at = now() WHERE slug = %s", [SCRIPT_WITHDRAWN])
        took, asked = until(lambda: all(get(base + gone)[0] == 404 for base in (a, b)))
        script.execute("UPDATE reviews_review SET title = %s WHERE slug = %s", [retitled, WITHDRAWN])
    checks["watch_bound_seconds"] = WATCH_BOUND
    checks["script_withdrawal_gone_from_both_after_seconds"] = took  # the first look's two requests included
    checks["script_withdrawal_looks"] = asked
    checks["script_withdrawal_gone_within_the_bound"] = took is not None
    everywhere = [base + path for base in (a, b) for path in (detail, listing)]
    took, asked = until(lambda: all(retitled.encode() in get(url)[2] for url in everywhere), WORKER_BOUND)
    checks["worker_bound_seconds"] = WORKER_BOUND
    checks["script_retitle_shown_by_both_after_seconds"] = took
    checks["script_retitle_shown_within_the_bound"] = took is not None
    withdraw_through_admin(a, WITHDRAWN, pk)
    since = time.monotonic()
    took, asked = until(lambda: get(b + detail)[0] == 404)
    checks["gone_from_the_other_instance_after_seconds"] = took
    checks["gone_from_the_other_instance_looks"] = asked
    checks["gone_from_the_other_instance_within_the_bound"] = took is not None
    atom = get(b + feed)[2]
    checks["gone_from_its_list_and_feed_at_once"] = (
        not listed(get(b + listing)[2], WITHDRAWN) and not entries_naming(atom, WITHDRAWN) and b"deleted-entry" in atom
    )
    took, seen = until_gone(proxy + detail, lambda status, body: status == 404, since)
    list_took, _ = until_gone(
        proxy + listing, lambda status, body: status == 200 and not listed(body, WITHDRAWN), since
    )
    checks["proxy_bound_seconds"] = MAX_AGE
    checks["proxy_detail_gone_after_seconds"] = took
    checks["proxy_list_gone_after_seconds"] = list_took
    checks["proxy_answers_after_the_withdrawal"] = seen
    # nginx keeps time in whole seconds (its cache entry may outlive max-age by up to
    # one), and the poll looks every tenth of a second.
    bound = MAX_AGE + 1.1
    checks["proxy_within_the_bound"] = took is not None and list_took is not None and max(took, list_took) <= bound
    return checks


if __name__ == "__main__":
    main()
