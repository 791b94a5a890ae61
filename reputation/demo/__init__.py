"""Seeded demo data: a bilingual (fr/en) stream of telecom mentions with the ground truth it planted.

Use :func:`reputation.demo.generator.generate` for a DataFrame or :func:`~reputation.demo.generator.write_demo`
for ``mentions.jsonl`` + ``ground_truth.json`` + ``ground_truth_mentions.csv``.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path


def write_project_file(path: Path, ground_truth: Path) -> Path:
    """Write the example project file to `path`, its contest campaign dated as the generated demo's contest."""
    contest = json.loads(ground_truth.read_text(encoding="utf-8"))["contest"]
    text = (resources.files("reputation.demo") / "project.yaml").read_text(encoding="utf-8")
    for key in ("start", "end"):
        # the template's campaign dates are the default demo's; other seeds and lengths move the contest
        text, n = re.subn(rf"(?m)^(    {key}: )\d{{4}}-\d\d-\d\d", rf"\g<1>{contest[key]}", text, count=1)
        assert n == 1, f"the example project file has no campaign {key} date"
    path.write_text(text, encoding="utf-8")
    return path
