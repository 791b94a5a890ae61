"""Generate one size's demo data and split off its most recent mentions as "the incremental day".

    python -m bench.dataset --size 100000 --out FOLDER [--day 10000]

Writes FOLDER/demo/mentions.jsonl (the history, about `size` mentions), FOLDER/day/mentions.jsonl (the `day` most
recent mentions by published_at) and FOLDER/project.yaml (the demo project, reading the history). Run by bench.run
in its own process, so generating never counts in the pipeline's peak memory.

Both files keep the generator's lines as they are (canonical JSONL). A reply or share in the day whose parent is in
the history links to it by id, as the ingest allows (docs/mention.md); the reverse cannot happen, since a reply is
never published before its parent.
"""

from __future__ import annotations

import argparse
import json
import re
from importlib import resources
from pathlib import Path

import numpy as np

from reputation.demo.generator import DemoConfig, write_demo

DAY = 10_000
# The generator writes one JSON object per line with "published_at" as an ISO 8601 UTC string: reading that field
# with a pattern avoids parsing a million lines twice, and the strings sort as the times do.
PUBLISHED = re.compile(r'"published_at": "([^"]+)"')


def published_at(path: Path) -> np.ndarray:
    """Each line's published_at, in file order."""
    with path.open(encoding="utf-8") as lines:
        return np.array([m.group(1) if (m := PUBLISHED.search(line)) else "" for line in lines])


def split_recent(source: Path, history: Path, day: Path, n_day: int) -> dict[str, object]:
    """Write the `n_day` most recent lines of `source` to `day` and the others to `history`, each in file order.
    Returns the line counts and the day's first and last published_at."""
    times = published_at(source)
    # a stable sort on (time, line): ties at the cut fall the same way on every run
    recent = np.zeros(len(times), dtype=bool)
    recent[np.argsort(times, kind="stable")[len(times) - n_day :]] = True
    history.parent.mkdir(parents=True, exist_ok=True)
    day.parent.mkdir(parents=True, exist_ok=True)
    with (
        source.open(encoding="utf-8") as lines,
        history.open("w", encoding="utf-8", newline="\n") as old,
        day.open("w", encoding="utf-8", newline="\n") as new,
    ):
        for is_recent, line in zip(recent, lines, strict=True):
            (new if is_recent else old).write(line)
    day_times = sorted(times[recent].tolist())
    return {
        "history_lines": int((~recent).sum()),
        "day_lines": len(day_times),
        "day_from": day_times[0] if day_times else None,
        "day_to": day_times[-1] if day_times else None,
    }


def prepare(size: int, folder: Path, n_day: int = DAY) -> dict[str, object]:
    """Generate `size + n_day` mentions into `folder`, split them, and write the project file."""
    files = write_demo(folder / "generated", DemoConfig.sized(size + n_day, weeks=10))  # bigger sizes: busier days
    history, day = folder / "demo" / "mentions.jsonl", folder / "day" / "mentions.jsonl"
    counts = split_recent(files["mentions"], history, day, n_day)
    files["mentions"].unlink()  # the two parts hold every line; the whole would double the disk used at 1M
    project = folder / "project.yaml"
    # the demo project reads demo/mentions.jsonl, relative to its own folder: the history
    project.write_text((resources.files("reputation.demo") / "project.yaml").read_text(encoding="utf-8"))
    return {
        "project": str(project),
        "history": str(history),
        "day": str(day),
        **counts,
        "history_bytes": history.stat().st_size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, required=True, help="mentions in the history (about)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write")
    parser.add_argument("--day", type=int, default=DAY, help="most recent mentions split off as the new day")
    args = parser.parse_args()
    print(json.dumps(prepare(args.size, args.out, args.day)), flush=True)


if __name__ == "__main__":
    main()
