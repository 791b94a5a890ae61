"""A generated demo beside a copy of the example project file, as `reputation demo` lays them out."""

from __future__ import annotations

from pathlib import Path

from reputation.config import Project, load_project
from reputation.demo import write_project_file
from reputation.demo.generator import DemoConfig, write_demo


def demo_project(out: Path, config: DemoConfig) -> tuple[Project, dict[str, Path]]:
    """The example project (its sources read out/demo) and the demo's files (mentions, ground truth)."""
    files = write_demo(out / "demo", config)
    path = out / "project.yaml"
    write_project_file(path, files["ground_truth"])
    return load_project(path), files
