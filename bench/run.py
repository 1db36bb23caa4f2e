"""The benchmark: builds 1k, 10k and 100k reviews, serves each with gunicorn
(production settings, two sync workers, access log off, the rate limit on but
high) and measures the main endpoints beside three references measured in
the same run. See bench/README.md for how to read the output.

    .venv/bin/python -m bench.run                 # all three sizes
    .venv/bin/python -m bench.run --sizes 1000    # one size, for a quick look

SQLite by default (one file a size under bench/data/); the database in
DATABASE_URL when set (rebuilt for each size). Load comes from wrk (Debian's
package), installed by the benchmark when it can and required: there is no
fallback client. Every response's status is checked against the one the
endpoint must answer (a 304 row answered with 200s fails), and a sample body of
each endpoint is checked for shape and for leaks (no embargoed or withdrawn
review's slug) before it is measured.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
PYTHON = sys.executable
HOST = "127.0.0.1"
NO_CACHE = {"Cache-Control": "no-cache"}
RESULTS = ROOT / "bench" / ("last-run-postgresql.txt" if "postgres" in os.environ.get("DATABASE_URL", "")
                            else "last-run.txt")  # fmt: skip
SIZES = [1_000, 10_000, 100_000]


def endpoints(sample):
    """(name, paths, headers): the API's main endpoints and the references. Cold
    lists rotate through many distinct addresses (years and pages), the same for
    the API and its floor."""
    window = "?status=all&published_from=2015-01-01&published_to=2015-12-31&theme=neglect"
    lists = sample["list_queries"]
    pages = [f"?page={page}" if page > 1 else "" for page in sample["document_pages"]]
    found = [f"?status=all&q=neglect+OR+disorders{f'&page={page}' if page > 1 else ''}" for page in (1, 2, 3)]
    return [
        ("constant_floor", ["/bench/constant"], {}),
        ("values_floor", [f"/bench/reviews-values{query}" for query in lists], {}),
        ("naive_drf", [f"/bench/naive/reviews/?page={page}" for page in sample["naive_pages"]], {}),
        ("reviews_list", [f"/api/v1/reviews/{query}" for query in lists], NO_CACHE),
        ("reviews_list_repeated", ["/api/v1/reviews/"], {}),
        ("reviews_window_theme", [f"/api/v1/reviews/{window}"], NO_CACHE),
        ("review_detail", [f"/api/v1/reviews/{slug}/" for slug in sample["reviews"]], NO_CACHE),
        ("documents_floor", [f"/bench/documents-values{query}" for query in pages], {}),
        ("document_list", [f"/api/v1/documents/{query}" for query in pages], NO_CACHE),
        ("leaflet", [f"/api/v1/leaflets/{sample['leaflet']}/"], NO_CACHE),
        ("atom_feed", ["/feeds/publications.atom"], NO_CACHE),
        ("atom_feed_repeated", ["/feeds/publications.atom"], {}),
        ("rss_feed", ["/feeds/publications.rss"], NO_CACHE),
        ("rss_feed_repeated", ["/feeds/publications.rss"], {}),
        ("json_feed", ["/feeds/publications.json"], NO_CACHE),
        ("search_floor", [f"/bench/search-values{query}" for query in found], {}),
        ("search", [f"/api/v1/reviews/{query}" for query in found], NO_CACHE),
        ("search_phrase", ["/api/v1/reviews/?status=all&q=%22missed+opportunities%22+-housing"], NO_CACHE),
        ("export_csv_filtered",
         ["/api/v1/exports/reviews.csv?published_from=2015-01-01&published_to=2015-03-31"], NO_CACHE),
        ("conditional_304", ["/api/v1/reviews/"], {"If-None-Match": sample["etag"]}),
        ("pdf_download", [f"/api/v1/documents/{sample['document']}/download"], {}),
    ]  # fmt: skip


# Load generation --------------------------------------------------------------


def _ms(text):
    value, unit = float(re.match(r"[\d.]+", text).group()), re.search(r"[a-z]+$", text).group()
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


# Each wrk thread rotates through the paths it is given and counts the answers
# whose status is not the expected one, and (for a cold measurement) those a
# view did not build (no X-Bench-View: answered from the response cache).
STATUS_LUA = """
local paths = {%s}
local expected = %d
local need_view = %s
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) wrong = 0; cached = 0; counter = 0 end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function response(status, headers, body)
  if status ~= expected then wrong = wrong + 1 end
  if need_view and headers["X-Bench-View"] == nil then cached = cached + 1 end
end
function done(summary, latency, requests)
  local total, stored = 0, 0
  for _, thread in ipairs(threads) do total = total + thread:get("wrong"); stored = stored + thread:get("cached") end
  io.write(string.format("WRONG_STATUS %%d CACHED %%d\\n", total, stored))
end
"""


def require_wrk():
    """wrk, installed from Debian's packages if it is missing and we may; else stop."""
    if shutil.which("wrk") is None and shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
    if shutil.which("wrk") is None:
        sys.exit("bench.run needs wrk (Debian: apt-get install wrk); there is no fallback load generator.")
    version = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return (version.stdout or version.stderr).splitlines()[0]


def wrk(base, paths, headers, seconds, connections, expected=200, need_view=False):
    """Load on ``paths`` (rotated) for ``seconds``: rps, p50, p99, and answers that
    were wrong (status) or not built by a view when ``need_view``."""
    script = DATA / "rotation.lua"
    script.write_text(STATUS_LUA % (", ".join(json.dumps(path) for path in paths), expected,
                                    "true" if need_view else "false"))  # fmt: skip
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
               "-s", str(script)]  # fmt: skip
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, base], capture_output=True, text=True, timeout=seconds + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", output).group(1))
    wrong, cached = map(int, re.search(r"WRONG_STATUS (\d+) CACHED (\d+)", output).groups())
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "errors": wrong + cached}


LOAD = wrk


# The server -------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_environment(size, rate="100000000/minute"):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "api.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-" + "b" * 40,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "API_ANON_RATE": rate,
        # Searches and filtered exports are measured built, at wrk's concurrency: no-cache
        # rebuilds them and the expensive requests' limit is lifted (bench.costs measures it).
        "API_NO_CACHE_REBUILDS_SEARCHES": "true",
        "EXPENSIVE_REQUESTS": "1000",
        "REQUEST_LOG": "false",  # access log off: the logging would be measured, not the API
        "DOCUMENT_STORAGE_DIR": str(DATA / f"media-{size}"),
        "PYTHONPATH": str(ROOT),
    }
    environment.setdefault("DATABASE_URL", f"sqlite:///{DATA / f'bench-{size}.sqlite3'}")
    environment["PUBLIC_BASE_URL"] = "http://" + HOST
    return environment


class Server:
    def __init__(self, environment, workers=2):
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "bench.wsgi",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--log-level",
                "warning",
            ],  # fmt: skip
            cwd=ROOT,
            env=environment,
            start_new_session=True,
        )
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{self.url}/bench/constant", timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def get(self, path, headers=None):
        request = urllib.request.Request(self.url + path, headers=headers or {})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.headers, json.load(response)

    def drained(self, workers=2, quick=0.1, seconds=120):
        """Wait until requests left queued by the last measurement are answered:
        until each worker answers the constant view quickly, twice in a row. (wrk
        stops, but what it sent is still worked through: at 250k reviews, slow
        answers queued behind each other and the next endpoint measured none.)"""
        deadline, in_a_row = time.monotonic() + seconds, 0
        while in_a_row < 2 * workers and time.monotonic() < deadline:
            started = time.monotonic()
            urllib.request.urlopen(f"{self.url}/bench/constant", timeout=seconds).read()
            in_a_row = in_a_row + 1 if time.monotonic() - started < quick else 0

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def expected_status(name):
    return 304 if name == "conditional_304" else 200


def hidden_slugs(environment):
    """The slugs of the embargoed and withdrawn reviews: no answer may name one."""
    code = ("from django.utils import timezone; from reviews.models import Review; "
            "print(' '.join(Review.objects.exclude(pk__in=Review.objects.public(timezone.now()))"
            ".values_list('slug', flat=True)))")  # fmt: skip
    # -v 0: Django's shell otherwise says first how many objects it imported
    # ("32 objects imported..."), words that would count as slugs here.
    result = subprocess.run([PYTHON, "manage.py", "shell", "-v", "0", "-c", code], cwd=ROOT, env=environment,
                            check=True, capture_output=True, text=True)  # fmt: skip
    return result.stdout.strip().splitlines()[-1].split() if result.stdout.strip() else []


# The measurements that must be built by a view on every request (Cache-Control: no-cache).
COLD = re.compile(
    r"^(reviews_list|reviews_window_theme|review_detail|document_list|leaflet|atom_feed|rss_feed|json_feed|search|"
    r"search_phrase|export_csv_filtered)$"
)


def check_samples(server, plan, hidden):
    """Each endpoint once: the status it must answer, a body of the right shape, and no hidden review."""
    pattern = re.compile("|".join(re.escape(f'"{slug}"') + "|" + re.escape(f"/{slug}/") for slug in hidden)) if hidden \
        else None  # fmt: skip
    for name, paths, headers in plan:
        path = paths[0]
        request = urllib.request.Request(server.url + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, body, kind = response.status, response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            status, body, kind = error.code, error.read(), error.headers.get("Content-Type", "")
        if status != expected_status(name):
            sys.exit(f"{name}: answered {status}, not {expected_status(name)}")
        if "json" in kind and not isinstance(json.loads(body), dict):
            sys.exit(f"{name}: the body is not a JSON object")
        if "/reviews/" in path and "json" in kind and name not in ("review_detail",):
            payload = json.loads(body)
            if "results" in payload and not payload["results"] and "q=" not in path:
                sys.exit(f"{name}: an empty list measures nothing")
        if pattern is not None and pattern.search(body.decode("utf-8", "replace")):
            sys.exit(f"{name}: the answer names an embargoed or withdrawn review")


def sample_of(server):
    headers, reviews = server.get("/api/v1/reviews/?status=all&page_size=50")
    _, documents = server.get("/api/v1/documents/?kind=other")
    _, leaflets = server.get("/api/v1/leaflets/")
    etag = server.get("/api/v1/reviews/")[0]["ETag"]
    # Distinct cold list addresses: every year of the archive, its first pages, that answer 200 with reviews.
    queries = []
    for year in range(2006, 2027):
        for page in (1, 2, 3):
            query = f"?status=all&published_from={year}-01-01&published_to={year}-12-31&page={page}"
            try:
                if server.get(f"/api/v1/reviews/{query}")[1]["results"]:
                    queries.append(query)
            except urllib.error.HTTPError:
                break  # a page past the end
    count = server.get("/bench/naive/reviews/")[1]["count"]
    served = server.get("/api/v1/documents/")[1]["count"]
    return {
        "reviews": [review["slug"] for review in reviews["results"]],
        "etag": etag,
        "document": documents["results"][0]["id"],
        "leaflet": leaflets["results"][0]["slug"],
        "list_queries": queries,
        "naive_pages": list(range(1, min(60, max(1, count // 20)) + 1)),
        "document_pages": list(range(1, min(30, max(1, served // 20)) + 1)),
    }


# The run ------------------------------------------------------------------------


def summarised(measured, addresses):
    """The median of the rounds, with the spread of their rates and every wrong answer."""
    rates = [run["rps"] for run in measured]
    return {
        **{key: round(statistics.median(run[key] for run in measured), 3) for key in ("rps", "p50_ms", "p99_ms")},
        "rps_spread": [round(min(rates), 1), round(max(rates), 1)],
        "errors": sum(run["errors"] for run in measured),
        "addresses": addresses,
    }


def measure_size(size, rounds, seconds, connections):
    DATA.mkdir(parents=True, exist_ok=True)
    environment = server_environment(size)
    started = time.monotonic()
    subprocess.run([PYTHON, "-m", "bench.dataset", str(size)], cwd=ROOT, env=environment, check=True)
    built = time.monotonic() - started
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=environment, check=True
    )
    server = Server(environment)
    try:
        sample = sample_of(server)
        plan = endpoints(sample)
        check_samples(server, plan, hidden_slugs(environment))
        paths_of = {name: paths for name, paths, _ in plan}
        for name, paths, headers in plan:  # warm-up
            LOAD(server.url, paths, headers, 1, connections, expected_status(name))
            server.drained()
        runs = {name: [] for name, _, _ in plan}
        for _ in range(rounds):  # rounds alternate the endpoints
            for name, paths, headers in plan:
                cold = bool(COLD.match(name))
                runs[name].append(LOAD(server.url, paths, headers, seconds, connections, expected_status(name), cold))
                server.drained()
        results = {name: summarised(measured, len(paths_of[name])) for name, measured in runs.items()}
        # One client, one request at a time: the time to build a 50-entry feed.
        server.drained()
        single = LOAD(server.url, ["/feeds/publications.atom"], NO_CACHE, seconds, 1, 200, True)
        results["atom_feed_build_single_client"] = {key: round(value, 3) for key, value in single.items()}
    finally:
        server.stop()
    return {"build_seconds": round(built, 1), "endpoints": results}


def _over(numerator, denominator):
    """A ratio, or None where an endpoint gave no answer in its measurement."""
    return numerator / denominator if numerator and denominator else None


COLD_GOALS = [("reviews_list", "values_floor", 0.5), ("document_list", "documents_floor", 0.4),
              ("search", "search_floor", 0.4)]  # fmt: skip


def ratios(by_size):
    ten = by_size.get(10_000) or by_size[max(by_size)]
    rps = {name: figures["rps"] for name, figures in ten["endpoints"].items()}
    targets = {
        "reviews_list / values_floor": (_over(rps["reviews_list"], rps["values_floor"]), ">=", 0.5),
        "reviews_list / naive_drf": (_over(rps["reviews_list"], rps["naive_drf"]), ">=", 3.0),
        "document_list / documents_floor": (_over(rps["document_list"], rps["documents_floor"]), ">=", 0.4),
        "search / search_floor": (_over(rps["search"], rps["search_floor"]), ">=", 0.4),
        "reviews_list_repeated / constant_floor": (
            _over(rps["reviews_list_repeated"], rps["constant_floor"]), ">=", 0.7),
        "conditional_304 / constant_floor": (_over(rps["conditional_304"], rps["constant_floor"]), ">=", 0.7),
        "atom_feed_repeated / constant_floor": (_over(rps["atom_feed_repeated"], rps["constant_floor"]), ">=", 0.7),
        "rss_feed_repeated / constant_floor": (_over(rps["rss_feed_repeated"], rps["constant_floor"]), ">=", 0.7),
        "atom_feed_build p50 ms": (ten["endpoints"]["atom_feed_build_single_client"]["p50_ms"] or None, "<=", 20.0),
    }  # fmt: skip
    # The cold answers against their floors at every larger size too: near the
    # floor must hold as the library grows, not only at 10k.
    for size in sorted(by_size):
        if size > 10_000:
            at = {name: figures["rps"] for name, figures in by_size[size]["endpoints"].items()}
            for name, floor, limit in COLD_GOALS:
                targets[f"{name} / {floor} at {size // 1000}k"] = (_over(at[name], at[floor]), ">=", limit)
    largest = max(by_size)
    if 1_000 in by_size and largest >= 100_000:
        small, large = by_size[1_000]["endpoints"], by_size[largest]["endpoints"]
        for name in small:
            if not name.endswith("_floor") and name != "naive_drf":
                growth = _over(large[name]["p50_ms"], small[name]["p50_ms"])
                targets[f"growth p50 {largest // 1000}k/1k {name}"] = (growth, "<=", 1.5)
    return {
        name: {
            "value": None if value is None else round(value, 3),
            "target": f"{op} {limit}",
            "met": value is not None and (value >= limit if op == ">=" else value <= limit),
        }
        for name, (value, op, limit) in targets.items()
    }


# Soak --------------------------------------------------------------------------

SOAK_LUA = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  local entry = paths[(counter %% #paths) + 1]
  return wrk.format("GET", entry[1], entry[2])
end
"""


def worker_memory_kib(master_pid):
    """Resident memory of each gunicorn worker, in KiB."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]))
    return sizes


def soak(size, seconds, connections):
    """A mix of endpoints for `seconds` at `connections` concurrent
    connections: errors (a 429 counts), p99, and worker memory growth from
    the first to the last ten seconds."""
    DATA.mkdir(parents=True, exist_ok=True)
    environment = server_environment(size)
    subprocess.run([PYTHON, "-m", "bench.dataset", str(size)], cwd=ROOT, env=environment, check=True)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=environment, check=True
    )
    server = Server(environment)
    try:
        sample = sample_of(server)
        mix = [(paths[0], headers) for name, paths, headers in endpoints(sample)
               if not name.endswith(("floor", "drf"))]  # fmt: skip
        samples = []
        stop = threading.Event()

        def watch():
            while not stop.is_set():
                samples.append((time.monotonic(), sum(worker_memory_kib(server.process.pid))))
                stop.wait(1)

        watcher = threading.Thread(target=watch)
        watcher.start()
        started = time.monotonic()
        entries = ", ".join(
            "{{{}, {{{}}}}}".format(json.dumps(path), ", ".join(f'["{k}"]={json.dumps(v)}' for k, v in headers.items()))
            for path, headers in mix
        )
        script = DATA / "soak.lua"
        script.write_text(SOAK_LUA % entries)
        output = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s", "-s",
             str(script), server.url], capture_output=True, text=True, timeout=seconds + 60,
        ).stdout  # fmt: skip
        requests = int(re.search(r"(\d+) requests in", output).group(1))
        non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
        errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
            sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
        )
        figures = {"requests": requests, "rps": round(requests / seconds, 1), "errors": errors,
                   "p50_ms": _ms(re.search(r"\s50%\s+(\S+)", output).group(1)),
                   "p99_ms": _ms(re.search(r"\s99%\s+(\S+)", output).group(1))}  # fmt: skip
        stop.set()
        watcher.join()
        first = [kib for at, kib in samples if at - started <= 10]
        last = [kib for at, kib in samples if at - started >= seconds - 10]
        growth = (statistics.mean(last) - statistics.mean(first)) / statistics.mean(first)
        figures.update(
            {
                "seconds": seconds,
                "connections": connections,
                "memory_first_10s_kib": round(statistics.mean(first)),
                "memory_last_10s_kib": round(statistics.mean(last)),
                "memory_growth": round(growth, 4),
                "met": figures["errors"] == 0 and growth < 0.10,
            }
        )
    finally:
        server.stop()
    print(json.dumps({"soak": figures}, separators=(",", ":")))
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(description="Benchmark the Case Review Publication API.")
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    parser.add_argument("--rounds", type=int, default=3, help="Alternated rounds; each figure is their median.")
    parser.add_argument("--seconds", type=int, default=3, help="Length of each measurement.")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--soak", action="store_true", help="60 s at 32 connections on the 10k dataset instead.")
    parser.add_argument("--record", action="store_true", help="Keep the figures in bench/last-run*.txt.")
    parser.add_argument(
        "--scale",
        action="store_true",
        help="1k and 250k reviews with 4 documents each (1M documents), for growth; on PostgreSQL, run on demand.",
    )
    arguments = parser.parse_args(argv)
    if arguments.scale:
        arguments.sizes = [1_000, 250_000]
        os.environ["BENCH_DOCUMENTS_EACH"] = "4"
    generator = require_wrk()
    print(f"load generator: {generator}", flush=True)
    if arguments.soak:
        figures = soak(10_000, 60, 32)
        sys.exit(0 if figures["met"] else 1)
    by_size = {}
    for size in arguments.sizes:
        print(f"== {size:,} reviews ==", flush=True)
        by_size[size] = measure_size(size, arguments.rounds, arguments.seconds, arguments.connections)
        print(f"dataset built in {by_size[size]['build_seconds']} s", flush=True)
        print(f"{'endpoint':34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
        for name, figures in by_size[size]["endpoints"].items():
            print(f"{name:34} {figures['rps']:9.1f} {figures['p50_ms']:8.2f} {figures['p99_ms']:8.2f} "
                  f"{figures['errors']:6d}", flush=True)  # fmt: skip
    targets = ratios(by_size)
    print("\n== targets (10k dataset unless named) ==")
    for name, target in targets.items():
        value = "no answer" if target["value"] is None else f"{target['value']:8.3f}"
        print(f"{'met ' if target['met'] else 'MISS'} {name:52} {value:>9}  ({target['target']})")
    report = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load": generator, "database": os.environ.get("DATABASE_URL", "sqlite")},
        "sizes": {str(size): figures for size, figures in by_size.items()},
        "targets": targets,
    }  # fmt: skip
    print(json.dumps(report, separators=(",", ":")))
    if arguments.record:
        results = RESULTS.with_name(RESULTS.stem + "-scale.txt") if arguments.scale else RESULTS
        results.write_text(json.dumps(report, indent=1) + "\n")
        print(f"recorded in {results.relative_to(ROOT)}; docs/performance.md's table: python -m bench.report --write")


if __name__ == "__main__":
    main()
