"""Time the enrich flow on this machine and on a local Dask cluster, check both give the same rows, and write
docs/benchmarks-dask.md.

    python -m bench.dask_enrich [--mentions 24000] [--workers 2] [--address tcp://host:8786] [--out FILE]

Both runs start from the same ingested demo (one warehouse each) and go through Prefect (the temporary local
server), so the figures include what a real run pays: with Dask, starting the local cluster (not with --address)
and one Prefect task per partition.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml

from bench.machine import heading
from reputation import stages
from reputation.config import load_project
from reputation.demo import write_project_file
from reputation.demo.generator import DemoConfig, write_demo
from reputation.orchestration import configure_prefect
from reputation.warehouse import Warehouse

TABLES = ["enr_language", "enr_sentiment", "enr_intent", "enr_moderation", "enr_entities", "enr_aspects"]


def project(folder: Path, name: str, base: dict, runner: dict | None) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump({**base, "warehouse": {"path": f"{name}.duckdb"}, "runner": runner or {}}))
    with Warehouse(load_project(path).warehouse_path) as wh:
        stages.ingest(wh, load_project(path))
    return path


def rows(path: Path) -> dict[str, pd.DataFrame]:
    with Warehouse(load_project(path).warehouse_path, read_only=True) as wh:
        return {t: wh.df(f"SELECT * EXCLUDE (processed_at) FROM {t} ORDER BY ALL") for t in TABLES}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentions", type=int, default=24_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--address", default=None, help="an existing scheduler instead of a local cluster")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks-dask.md"))
    args = parser.parse_args()
    configure_prefect()
    from flows.enrich import enrich_for

    load = os.getloadavg()[0]  # other work on the machine skews both runs: say how much there was

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = write_demo(folder / "demo", DemoConfig.sized(args.mentions, weeks=10, seed=42))
        write_project_file(folder / "project.yaml", files["ground_truth"])
        base = yaml.safe_load((folder / "project.yaml").read_text())
        dask = {"dask": {"workers": args.workers} | ({"address": args.address} if args.address else {})}
        paths = {"here": project(folder, "here", base, None), "dask": project(folder, "dask", base, dask)}
        seconds = {}
        for name, path in paths.items():
            t0 = time.perf_counter()
            enrich_for(str(path))(str(path))
            seconds[name] = time.perf_counter() - t0
        same = all(a.equals(b) for a, b in zip(rows(paths["here"]).values(), rows(paths["dask"]).values(), strict=True))
        with Warehouse(load_project(paths["here"]).warehouse_path, read_only=True) as wh:
            n = int(wh.scalar("SELECT count(*) FROM mentions"))
    where = args.address or f"a local cluster of {args.workers} worker processes, started by the run"
    lines = [
        *heading("Benchmark: enrichment on Dask", f"python -m bench.dask_enrich --mentions {args.mentions}"),
        "",
        f"The enrich flow (language, sentiment, intent and moderation, entities, aspects) on {n:,} demo mentions, "
        "through Prefect, from a freshly ingested warehouse.",
        "",
        "| run | seconds | mentions/s |",
        "|---|---:|---:|",
        f"| this machine (Prefect's default task runner) | {seconds['here']:.1f} | {n / seconds['here']:,.0f} |",
        f"| Dask: {where} | {seconds['dask']:.1f} | {n / seconds['dask']:,.0f} |",
        "",
        f"Same rows and values in every enrichment table: {'yes' if same else 'NO'}. Load average when it "
        f"started: {load:.1f} on {os.cpu_count()} cores.",
    ]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
