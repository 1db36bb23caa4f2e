"""The medians of several ``bench.run`` runs: each run's printed JSON (its last
line) read from the logs given, the 10k ratios and goals in one table.

    for i in 1 2 3; do python -m bench.run --sizes 1000 10000 > run-$i.log; done
    python -m bench.medians run-1.log run-2.log run-3.log
"""

import json
import statistics
import sys


def _at_10k(name):
    return lambda sizes: sizes["10000"]["endpoints"][name]


ROWS = [  # (what, from a run's sizes, goal: (">=" or "<=", bound) or None)
    ("cold list / values floor", lambda s: _at_10k("reviews_list")(s)["rps"] / _at_10k("values_floor")(s)["rps"],
     (">=", 0.5)),
    ("repeated list / constant", lambda s: _at_10k("reviews_list_repeated")(s)["rps"]
     / _at_10k("constant_floor")(s)["rps"], (">=", 0.7)),
    ("304 / constant", lambda s: _at_10k("conditional_304")(s)["rps"] / _at_10k("constant_floor")(s)["rps"],
     (">=", 0.7)),
    ("repeated Atom / constant", lambda s: _at_10k("atom_feed_repeated")(s)["rps"]
     / _at_10k("constant_floor")(s)["rps"], (">=", 0.7)),
    ("repeated RSS / constant", lambda s: _at_10k("rss_feed_repeated")(s)["rps"]
     / _at_10k("constant_floor")(s)["rps"], (">=", 0.7)),
    ("Atom build p50, ms", lambda s: _at_10k("atom_feed_build_single_client")(s)["p50_ms"], ("<=", 20)),
    ("detail / cold list (req/s)", lambda s: _at_10k("review_detail")(s)["rps"] / _at_10k("reviews_list")(s)["rps"],
     (">=", 0.5)),
    ("detail p50 growth 10k/1k", lambda s: _at_10k("review_detail")(s)["p50_ms"]
     / s["1000"]["endpoints"]["review_detail"]["p50_ms"], ("<=", 1.5)),
    ("cold list p50 growth 10k/1k", lambda s: _at_10k("reviews_list")(s)["p50_ms"]
     / s["1000"]["endpoints"]["reviews_list"]["p50_ms"], ("<=", 1.5)),
    ("constant floor, req/s", lambda s: _at_10k("constant_floor")(s)["rps"], None),
]  # fmt: skip


def printed_run(path):
    """The JSON ``bench.run`` printed last in the log at ``path``."""
    for line in reversed(open(path, encoding="utf-8").read().splitlines()):
        if line.startswith("{") and '"targets"' in line:
            return json.loads(line)
    raise SystemExit(f"{path}: no run printed in it")


def table(paths):
    runs = [printed_run(path)["sizes"] for path in paths]
    lines = ["| at 10k reviews | " + " | ".join(f"run {n}" for n in range(1, len(runs) + 1)) + " | median | goal |",
             "|---|" + "---|" * (len(runs) + 2)]  # fmt: skip
    for what, value, goal in ROWS:
        values = [value(sizes) for sizes in runs]
        median = statistics.median(values)
        shown = [f"{v:.1f}" if what.endswith(("ms", "req/s")) else f"{v:.3f}" for v in [*values, median]]
        verdict = ""
        if goal:
            met = median >= goal[1] if goal[0] == ">=" else median <= goal[1]
            verdict = f"{goal[0]} {goal[1]}: {'met' if met else 'missed'}"
        lines.append(f"| {what} | " + " | ".join(shown) + f" | {verdict} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(sys.argv[1:]))
