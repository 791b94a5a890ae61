"""Benchmark the whole pipeline at several sizes and write docs/benchmarks.md (and the raw figures, benchmarks.json).

    python -m bench.run [--sizes 10000,100000,1000000] [--out docs/benchmarks.md]

Each size runs in processes of its own, one after the other, so that each one's peak memory is its own and this
process holds no data: bench.dataset generates the size's mentions plus an incremental day of 10,000 more, then
bench.pipeline_run ingests the history and runs every stage in the pipeline flow's order, ingests the day and runs
them again, and times the naive baselines (bench.naive) on a sample of the same data.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.machine import machine
from bench.page import render

DEFAULT_SIZES = "10000,100000,1000000"


def check_stage_order() -> None:
    """The benchmark's analytics stages are the analytics flow's steps, in its order (the flow imports Prefect,
    which this process can afford and a size's process should not pay for)."""
    from bench.pipeline_run import ANALYTICS
    from flows.analytics import STEPS

    if list(STEPS.values()) != list(ANALYTICS.values()):
        raise SystemExit(f"bench.pipeline_run.ANALYTICS is out of date: the analytics flow runs {list(STEPS)}")


def _module(name: str, *args: str) -> str:
    """Run `python -m name args` (same interpreter, same working directory) and return its standard output; its
    standard error (Prefect's logs, the models' warnings) is shown only when it fails."""
    done = subprocess.run([sys.executable, "-m", name, *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"python -m {name} failed (exit status {done.returncode})")
    return done.stdout


def bench_size(n: int, work: Path, prefect: bool) -> dict[str, Any]:
    """Generate, then run the pipeline on, one size (and with `prefect`, the pipeline flow on the same history);
    the result as bench.pipeline_run wrote it."""
    folder = work / f"n{n}"
    t0 = time.perf_counter()
    dataset = json.loads(_module("bench.dataset", "--size", str(n), "--out", str(folder)).strip().splitlines()[-1])
    generate_s = time.perf_counter() - t0
    (folder / "dataset.json").write_text(json.dumps(dataset), encoding="utf-8")
    _module("bench.pipeline_run", "--dataset", str(folder / "dataset.json"), "--out", str(folder / "result.json"))
    result = json.loads((folder / "result.json").read_text(encoding="utf-8"))
    if prefect:
        out = _module("bench.prefect_run", "--dataset", str(folder / "dataset.json"))
        result["prefect"] = json.loads(out.strip().splitlines()[-1])
    # temporary paths mean nothing once the folder is gone: keep the figures only
    for key in ("project", "history", "day"):
        result["dataset"].pop(key, None)
    result.pop("pid", None)
    return {"size": n, "generate_s": generate_s, **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="comma-separated numbers of mentions")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument(
        "--no-prefect", action="store_true", help="skip the pipeline flow run (Prefect's cost) at the smallest size"
    )
    args = parser.parse_args()
    check_stage_order()
    command = "python -m bench.run" + (f" --sizes {args.sizes}" if args.sizes != DEFAULT_SIZES else "")
    command += " --no-prefect" if args.no_prefect else ""
    raw = args.out.with_suffix(".json")
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sorted(int(s) for s in args.sizes.split(",")):
            # Prefect's cost is fixed plus per task, not per mention: measured once, where it weighs the most
            results.append(bench_size(n, Path(tmp), prefect=not args.no_prefect and not results))
            # rewritten after each size: a failure at a large size keeps the smaller ones' figures
            raw.write_text(
                json.dumps({"command": command, "machine": machine(), "results": results}, indent=1) + "\n",
                encoding="utf-8",
            )
            args.out.write_text(render(results, command, raw.name), encoding="utf-8")
            # a 1M warehouse and its data take gigabytes: freed before the next size
            shutil.rmtree(Path(tmp) / f"n{n}", ignore_errors=True)
            print(f"{n:,}: {results[-1]['mentions']:,} mentions in {results[-1]['first']['seconds']:.1f} s", flush=True)
    print(f"written: {args.out}, {raw}")


if __name__ == "__main__":
    main()
