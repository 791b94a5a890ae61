"""Benchmark the pipeline stages on generated demo data and write docs/benchmarks.md.

    python -m bench.run [--sizes 24000,100000] [--out docs/benchmarks.md]

Each size: generate the demo data, then time ingest (parse + normalise + dedupe + brand match + store),
language, sentiment, topics, community and metrics, called directly (no Prefect, whose fixed overhead is reported
separately in the doc). A naive baseline (json.loads + one INSERT per row) runs in the same process on a
sample, so the comparison is a ratio on the same machine at the same moment.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from bench.machine import heading
from reputation import stages
from reputation.config import load_project
from reputation.demo.generator import DemoConfig, write_demo
from reputation.warehouse import Warehouse

BASELINE_SAMPLE = 2_000


def naive_ingest(path: Path, db: Path, limit: int) -> float:
    """Row by row: parse a line, insert it. Returns mentions per second."""
    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE m (id VARCHAR PRIMARY KEY, platform VARCHAR, author VARCHAR, text VARCHAR, published VARCHAR)"
    )
    t0 = time.perf_counter()
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n >= limit:
                break
            r = json.loads(line)
            con.execute(
                "INSERT INTO m VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [
                    f"{r['platform']}:{r['platform_id']}",
                    r["platform"],
                    r["author_id"],
                    r["text"],
                    r["published_at"],
                ],
            )
    seconds = time.perf_counter() - t0
    con.close()
    return limit / seconds


def bench_size(n: int, work: Path) -> dict[str, Any]:
    folder = work / f"n{n}"
    t0 = time.perf_counter()
    files = write_demo(folder / "demo", DemoConfig.sized(n, weeks=10))  # bigger sizes: busier days
    gen_s = time.perf_counter() - t0
    project_file = folder / "project.yaml"
    project_file.write_text((resources.files("reputation.demo") / "project.yaml").read_text(encoding="utf-8"))
    project = load_project(project_file)
    rows: dict[str, Any] = {"size": n, "generate_s": gen_s}
    with Warehouse(project.warehouse_path) as wh:
        t0 = time.perf_counter()
        [report] = stages.ingest(wh, project)
        rows["ingest_s"] = time.perf_counter() - t0
        rows["mentions"] = report.loaded
        timed = [
            ("language", lambda: stages.detect_language(wh)),
            ("sentiment", lambda: stages.score_sentiment(wh, project.sentiment_spec, registry=project.registry_path)),
            ("voice", lambda: stages.classify_voice(wh, project)),
            ("entities", lambda: stages.extract_entities(wh, project)),
            ("aspects", lambda: stages.extract_aspects(wh, project)),
            ("topics", lambda: stages.discover_topics(wh, project)),
            ("community", lambda: stages.score_community(wh, project)),
            ("metrics", lambda: stages.compute_metrics(wh, project)),
        ]
        for name, call in timed:
            t0 = time.perf_counter()
            call()
            rows[f"{name}_s"] = time.perf_counter() - t0
        # Between refits the topics stage only assigns new mentions: half the mentions made new again, timed.
        wh.con.execute("DELETE FROM enr_topic WHERE hash(mention_id) % 2 = 0")
        rows["topic_assign_n"] = wh.scalar("SELECT count(*) FROM mentions WHERE topic_id IS NULL")
        t0 = time.perf_counter()
        stages.discover_topics(wh, project)
        rows["topic_assign_s"] = time.perf_counter() - t0
    rows["baseline_ingest_per_s"] = naive_ingest(files["mentions"], folder / "naive.duckdb", BASELINE_SAMPLE)
    rows["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return rows


ENRICH = ["language", "sentiment", "voice", "entities", "aspects"]
ANALYTICS = ["topics", "community", "metrics"]


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f}/s ({seconds:.1f} s)"


def render(results: list[dict[str, Any]], command: str) -> str:
    lines = [
        *heading("Benchmarks", command),
        "",
        "Stages called directly on generated demo data in a fresh DuckDB file, with the demo project's default",
        "settings (Prefect adds a fixed ~5 s to start its temporary server and ~50 ms per task; the pipeline uses one",
        "task per stage). Figures are mentions per second over the whole stage, including warehouse reads and",
        "writes. `ingest` is the whole path of a JSONL file: read, format detection, validation and keys, brand",
        "queries (4), exact and near-duplicate detection, store (issue 3's target: 20,000/s). Peak RSS is the",
        "benchmark process's maximum so far (sizes run in increasing order, so each row includes the previous ones').",
        "",
        "## Enrichment (target: 2,000 mentions/s for the whole stage)",
        "",
        "`voice` is intent and moderation; `entities` the project's brands and products (spaCy NER is optional);",
        "`aspects` finds aspect terms and scores each clause with the sentiment model. Each size runs in a fresh",
        "warehouse but the same process: the first (smallest) size also pays the one-off costs of a run, about 5 s",
        "(lingua's language models, starting the sentiment model's worker processes, the VADER lexicons), which",
        "weigh less as a run grows.",
        "",
        "| mentions | ingest | " + " | ".join(ENRICH) + " | whole enrichment |",
        "|---|---|" + "---|" * (len(ENRICH) + 1),
    ]
    for r in results:
        n = int(r["mentions"])
        enrich = sum(float(r[f"{s}_s"]) for s in ENRICH)
        cells = [_rate(n, float(r[f"{s}_s"])) for s in ["ingest", *ENRICH]]
        lines.append(f"| {n:,} | " + " | ".join(cells) + f" | **{_rate(n, enrich)}** |")
    lines += [
        "",
        "## Analytics and the whole run",
        "",
        "| mentions | " + " | ".join(ANALYTICS) + " | all stages (ingest to metrics) | peak RSS |",
        "|---|" + "---|" * (len(ANALYTICS) + 2),
    ]
    for r in results:
        n = int(r["mentions"])
        total = sum(float(r[f"{s}_s"]) for s in ["ingest", *ENRICH, *ANALYTICS])
        cells = [_rate(n, float(r[f"{s}_s"])) for s in ANALYTICS]
        lines.append(f"| {n:,} | " + " | ".join(cells) + f" | {_rate(n, total)} | {float(r['peak_rss_mb']):,.0f} MB |")
    lines += [
        "",
        "`topics` is a first fit (discovery, number of topics chosen, every mention assigned, alerts and marts).",
        "Between refits the stage only assigns new mentions to the active fit (target: 2,000/s):",
        "",
        "| mentions in the warehouse | new mentions assigned | topics stage, assignment run |",
        "|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {int(r['mentions']):,} | {int(r['topic_assign_n']):,} | "
            f"{_rate(int(r['topic_assign_n']), float(r['topic_assign_s']))} |"
        )
    lines += [
        "",
        "## Against a naive baseline, same process",
        "",
        f"Baseline: `json.loads` and one `INSERT … ON CONFLICT DO NOTHING` per line into DuckDB, on the first "
        f"{BASELINE_SAMPLE:,} lines of the same file, timed right after the real run.",
        "",
        "| mentions | ingest (batched, through DataFrames) | naive row by row | ratio |",
        "|---|---|---|---|",
    ]
    for r in results:
        fast = int(r["mentions"]) / float(r["ingest_s"])
        slow = float(r["baseline_ingest_per_s"])
        lines.append(f"| {int(r['mentions']):,} | {fast:,.0f}/s | {slow:,.0f}/s | {fast / slow:.0f}× |")
    lines += [
        "",
        "## Transformers and ONNX Runtime backends",
        "",
        "The transformers sentiment backend, and the same model run by ONNX Runtime in int8, against a plain",
        "`transformers.pipeline` on the same texts (speed, and accuracy on the val sets): see",
        "[benchmarks-transformers.md](benchmarks-transformers.md) (`python -m bench.transformers_backend`,",
        "`python -m bench.onnx_backend`).",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="24000,100000", help="comma-separated numbers of mentions")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            results.append(bench_size(n, Path(tmp)))
            print(json.dumps(results[-1]), flush=True)
    args.out.write_text(render(results, f"python -m bench.run --sizes {args.sizes}"), encoding="utf-8")
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
