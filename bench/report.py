"""The benchmark tables of docs/performance.md, generated from the recorded runs:
bench/last-run.txt (``bench.run --record``) and, where it was run,
bench/last-run-postgresql-scale.txt (``bench.run --scale --record``).

    .venv/bin/python -m bench.report           # print them
    .venv/bin/python -m bench.report --write   # replace the tables in docs/performance.md

Every figure is the median of the run's alternated rounds (the spread of the
rates beside it), named with the machine, the database and the load generator
the run recorded."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each recorded run, and the markers around its table in docs/performance.md.
TABLES = {
    "last-run.txt": ("<!-- bench-table:start -->", "<!-- bench-table:end -->"),
    "last-run-postgresql-scale.txt": ("<!-- bench-scale-table:start -->", "<!-- bench-scale-table:end -->"),
}


def table(report):
    machine = report["machine"]
    sizes = sorted(report["sizes"], key=int)
    at = "10000" if "10000" in sizes else sizes[-1]
    lines = [
        f"Recorded run: {machine['cpus']} CPUs, Python {machine['python']}, {machine['platform']}, database "
        f"{machine['database'].split('@')[-1]}, load by {machine['load'].split(' Copyright')[0]}; each figure the "
        "median of the alternated rounds, the range of the rates in brackets, wrong answers counted (a status other "
        "than the endpoint's, or a cold answer not built by a view). Ratios unless named are at "
        f"{int(at):,} reviews.",
        "",
        "| target | measured | goal | met |",
        "|---|---|---|---|",
    ]
    for name, target in report["targets"].items():
        value = "no answer" if target["value"] is None else target["value"]
        lines.append(f"| {name} | {value} | {target['target']} | {'yes' if target['met'] else 'no'} |")
    heads = " | ".join(f"{int(size):,} reviews: req/s, p50 ms" for size in sizes)
    lines += ["", f"| endpoint | {heads} | wrong |", "|---|" + "---|" * len(sizes) + "---|"]
    for name in report["sizes"][sizes[0]]["endpoints"]:
        cells, wrong = [], 0
        for size in sizes:
            figures = report["sizes"][size]["endpoints"][name]
            spread = figures.get("rps_spread")
            cells.append(f"{figures['rps']:.0f}" + (f" ({spread[0]:.0f}–{spread[1]:.0f})" if spread else "")
                         + f", {figures['p50_ms']:.1f}")  # fmt: skip
            wrong += figures["errors"]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {wrong} |")
    return "\n".join(lines)


def main(argv):
    readme = ROOT / "docs" / "performance.md"
    for name, (start, end) in TABLES.items():
        recorded = ROOT / "bench" / name
        if not recorded.exists():
            continue
        text = table(json.loads(recorded.read_text()))
        if "--write" not in argv:
            print(f"{name}:\n{text}\n")
            continue
        before, rest = readme.read_text().split(start, 1)
        _, after = rest.split(end, 1)
        readme.write_text(f"{before}{start}\n{text}\n{end}{after}")


if __name__ == "__main__":
    main(sys.argv[1:])
