"""README's benchmark table, generated from the recorded run (bench/last-run.txt):

    .venv/bin/python -m bench.report           # print it
    .venv/bin/python -m bench.report --write   # replace the table in README.md

Every figure is the median of the run's alternated rounds (the spread of the
rates beside it), named with the machine, the database and the load generator
the run recorded."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- bench-table:start -->", "<!-- bench-table:end -->"


def table(report):
    machine = report["machine"]
    sizes = sorted(report["sizes"], key=int)
    lines = [
        f"Recorded run: {machine['cpus']} CPUs, Python {machine['python']}, {machine['platform']}, database "
        f"{machine['database'].split('@')[-1]}, load by {machine['load'].split(' Copyright')[0]}; each figure the "
        "median of the alternated rounds, the range of the rates in brackets, wrong answers counted (a status other "
        "than the endpoint's, or a cold answer not built by a view).",
        "",
        "| target | measured | goal | met |",
        "|---|---|---|---|",
    ]
    for name, target in report["targets"].items():
        lines.append(f"| {name} | {target['value']} | {target['target']} | {'yes' if target['met'] else 'no'} |")
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
    report = json.loads((ROOT / "bench" / "last-run.txt").read_text())
    text = table(report)
    if "--write" not in argv:
        print(text)
        return
    readme = ROOT / "README.md"
    content = readme.read_text()
    before, rest = content.split(START, 1)
    _, after = rest.split(END, 1)
    readme.write_text(f"{before}{START}\n{text}\n{END}{after}")


if __name__ == "__main__":
    main(sys.argv[1:])
