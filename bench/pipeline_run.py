"""One size of the benchmark, in its own process: the whole pipeline, the incremental day, then the naive baselines.

    python -m bench.pipeline_run --dataset DATASET.json --out RESULT.json

DATASET.json is what bench.dataset printed. The stages are called directly, in the pipeline flow's order (no
Prefect); each opens the warehouse and closes it, as the flows' tasks do (flows/enrich.py, flows/analytics.py: DuckDB
gives its memory back when the connection closes), and is timed, with the peak memory of this process and its worker
processes while it ran. Peak RSS as the kernel counts it (ru_maxrss) is taken after the pipeline and before the
baselines, which load other models.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import naive
from reputation import partitions, stages
from reputation.config import Project, load_project
from reputation.warehouse import Warehouse

NAIVE_SAMPLE = 2_000
TRANSFORMERS_SAMPLE = 200
SAMPLE_EVERY_S = 0.05

Stage = Callable[[Warehouse, Project], object]

# The pipeline flow's order (flows/pipeline.py): the enrich flow's stages (flows/enrich.py), then the analytics
# flow's steps (flows/analytics.STEPS, checked by bench.run); ingest comes first and is run apart, on a given file.
ENRICH: dict[str, Stage] = {
    "language": lambda wh, _: stages.detect_language(wh),
    "sentiment": lambda wh, p: stages.score_sentiment(
        wh, p.sentiment_spec, transformers=p.models.transformers, registry=p.registry_path
    ),
    "voice": stages.classify_voice,
    "entities": stages.extract_entities,
    "aspects": stages.extract_aspects,
}
ANALYTICS: dict[str, Stage] = {
    "topics": stages.discover_topics,
    "community": stages.score_community,
    "metrics": stages.compute_metrics,
    "campaigns": stages.measure_campaigns,
    "response_queue": stages.refresh_response_queue,
    "media_map": stages.map_media,
    "alerts": stages.detect_alerts,
    "alert_delivery": stages.deliver_alerts,
}


class MemorySampler:
    """Peak RSS of this process plus all its descendants (the sentiment model's worker processes), sampled in a
    thread; ru_maxrss cannot say it, as it counts each process apart and workers only once they have exited."""

    def __init__(self) -> None:
        try:
            import psutil
        except ImportError:  # psutil comes with the dev extra (through distributed); without it, ru_maxrss only
            self._me = None
        else:
            self._me = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def available(self) -> bool:
        return self._me is not None

    def total(self) -> int:
        """Bytes resident now in this process and its descendants (those that vanish meanwhile are skipped)."""
        import psutil

        assert self._me is not None
        rss = self._me.memory_info().rss
        for child in self._me.children(recursive=True):
            try:
                rss += child.memory_info().rss
            except psutil.Error:
                continue
        return rss

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_EVERY_S):
            self.peak = max(self.peak, self.total())

    def __enter__(self) -> MemorySampler:
        if self._me is not None:
            self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._me is not None:
            self._thread.join()

    def reset(self) -> None:
        """Start a new peak from what is resident now."""
        self.peak = self.total() if self._me is not None else 0


def _mb(n_bytes: float) -> float:
    return round(n_bytes / 2**20, 1)


def run_sequence(project: Project, ingest: Callable[[Warehouse], int], memory: MemorySampler) -> dict[str, Any]:
    """Ingest, then every stage in order, each with the warehouse opened for it; each stage's seconds, peak MB and
    what it said, and the whole."""
    out: dict[str, Any] = {"stages": {}}
    whole = time.perf_counter()
    memory.reset()
    t0 = time.perf_counter()
    with Warehouse(project.warehouse_path) as wh:
        out["loaded"] = ingest(wh)
    out["stages"]["ingest"] = {"seconds": time.perf_counter() - t0, "peak_mb": _mb(memory.peak)}
    for name, stage in {**ENRICH, **ANALYTICS}.items():
        memory.reset()
        t0 = time.perf_counter()
        with Warehouse(project.warehouse_path) as wh:
            result = stage(wh, project)
        if name == list(ENRICH)[-1]:
            partitions.release_local_pool()  # as the enrich flow does at its end (flows/enrich.py)
        out["stages"][name] = {
            "seconds": time.perf_counter() - t0,
            "peak_mb": _mb(memory.peak),
            "detail": str(result)[:300],
        }
    out["seconds"] = time.perf_counter() - whole
    out["peak_mb"] = max(s["peak_mb"] for s in out["stages"].values())
    return out


def _stop_workers() -> None:
    """Stop joblib's reusable worker processes (the sentiment model's), so that ru_maxrss of the children, which
    only counts processes that have exited, includes them."""
    partitions.release_local_pool()


def run(dataset: dict[str, Any], work: Path, naive_sample: int, transformers_sample: int) -> dict[str, Any]:
    project = load_project(Path(dataset["project"]))
    day = Path(dataset["day"])
    result: dict[str, Any] = {"dataset": dataset, "pid": os.getpid(), "load_avg_start": os.getloadavg()}
    with MemorySampler() as memory:
        result["sampled_memory"] = memory.available

        def ingest_history(wh: Warehouse) -> int:
            return sum(r.loaded for r in stages.ingest(wh, project))

        def ingest_day(wh: Warehouse) -> int:
            # the same source as the history (its name is stored with each mention), one new file
            return stages.ingest_source_file(wh, project, project.sources[0].name, day).loaded

        result["first"] = run_sequence(project, ingest_history, memory)
        result["mentions"] = result["first"]["loaded"]
        result["incremental"] = run_sequence(project, ingest_day, memory)
        result["warehouse_mb"] = _mb(project.warehouse_path.stat().st_size)
        _stop_workers()
        self_ru, children_ru = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        result["ru_maxrss_mb"] = {"main": _mb(self_ru.ru_maxrss * 1024), "workers": _mb(children_ru.ru_maxrss * 1024)}
        result["peak_total_mb"] = max(result["first"]["peak_mb"], result["incremental"]["peak_mb"])

        # the weekly report is not one of the stages timed above (its own flow, on its own schedule)
        from reputation.report import save_weekly_report

        t0 = time.perf_counter()
        with Warehouse(project.warehouse_path) as wh:
            save_weekly_report(wh, project, out_dir=work / "reports")
        result["report_s"] = time.perf_counter() - t0

    history = Path(dataset["history"])
    sample = naive.read_sample(history, naive_sample)
    result["naive"] = {
        "ingest": naive.ingest(history, work / "naive-ingest.duckdb", naive_sample),
        "enrich": naive.enrich(sample, project, work / "naive-enrich.duckdb"),
        "transformers": naive.transformers_one_by_one(sample["text"].head(transformers_sample).tolist(), work),
    }
    result["load_avg"] = os.getloadavg()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", type=Path, required=True, help="the JSON bench.dataset printed")
    parser.add_argument("--out", type=Path, required=True, help="where to write this size's result (JSON)")
    parser.add_argument("--naive-sample", type=int, default=NAIVE_SAMPLE)
    parser.add_argument("--transformers-sample", type=int, default=TRANSFORMERS_SAMPLE)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the baseline's model is local; before transformers reads it
    dataset = json.loads(args.dataset.read_text(encoding="utf-8"))
    result = run(dataset, args.out.parent, args.naive_sample, args.transformers_sample)
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
