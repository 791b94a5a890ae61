"""The real pipeline flow (Prefect) on one size's history, in a fresh warehouse: what Prefect adds to the stages.

    python -m bench.prefect_run --dataset DATASET.json

Prints a JSON line: the flow's wall-clock time (from the call, so including the temporary server's start-up), the
time inside the pipeline's recorded run (the warehouse's `runs` table: what the flow's body took, tasks included),
and the time to import Prefect and the flows. bench.run compares them with the same size's stages called directly.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from reputation.config import load_project
from reputation.orchestration import configure_prefect
from reputation.warehouse import Warehouse


def run(project_file: Path) -> dict[str, float]:
    """Run the pipeline flow on a copy of the project whose warehouse is new; the copy reads the same data."""
    with tempfile.TemporaryDirectory() as tmp:
        home, folder = Path(tmp) / "prefect-home", Path(tmp) / "project"
        folder.mkdir()
        # the project's source paths are relative to its file: the copy sees the same files through a link
        shutil.copy(project_file, folder / project_file.name)
        (folder / "demo").symlink_to(project_file.parent / "demo")
        os.environ["PREFECT_HOME"] = str(home)  # never the user's Prefect database
        configure_prefect()
        t0 = time.perf_counter()
        from flows.pipeline import pipeline_flow

        import_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        state = pipeline_flow(str(folder / project_file.name), return_state=True)
        flow_s = time.perf_counter() - t0
        if not state.is_completed():
            raise SystemExit(f"the pipeline flow failed: {state.result(raise_on_failure=False)}")
        with Warehouse(load_project(folder / project_file.name).warehouse_path, read_only=True) as wh:
            in_run_s = wh.scalar(
                "SELECT epoch(ended_at - started_at) FROM runs WHERE flow = 'pipeline' ORDER BY started_at DESC LIMIT 1"
            )
    return {"import_s": import_s, "flow_s": flow_s, "in_run_s": float(in_run_s)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", type=Path, required=True, help="the JSON bench.dataset printed")
    args = parser.parse_args()
    dataset = json.loads(args.dataset.read_text(encoding="utf-8"))
    print(json.dumps(run(Path(dataset["project"]))), flush=True)


if __name__ == "__main__":
    main()
