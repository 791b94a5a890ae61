"""The analysis notebooks run, top to bottom, in a real Jupyter kernel (ipykernel, this interpreter) against a demo
warehouse, show their charts, and find what the demo planted; each .ipynb is in sync with its py:percent source.

Executing the four notebooks takes about 30 s, after the demo warehouse (tests/analysis_demo.py).
"""

from __future__ import annotations

import ast
import json
import os
import sys
from datetime import date, timedelta
from pathlib import Path

import jupytext
import nbclient
import nbformat
import pytest

from tests.analysis_demo import analysis_demo, truth

pytestmark = pytest.mark.integration

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.py"))
# After the last cell: what each notebook found, read back from the kernel (a cell added in memory only).
PROBES = {
    "01_reputation_trends": '{"brand": BRAND}',
    "02_topics_explorer": '{"topic": TOPIC, "emerging": emerging["topic_id"].tolist(), '
    '"weeks": [str(w.date()) for w in emerging["week"]]}',
    "03_influencers_and_community": '{"influencers": influencers["who"].tolist(), "nodes": graph.number_of_nodes()}',
    "04_crisis_deep_dive": '{"brand": crisis["brand"], "start": str(crisis["started_at"].date()), '
    '"end": str(crisis["ended_at"].date()), "campaign": CAMPAIGN, '
    '"campaign_start": str(campaigns.iloc[0]["start_day"].date())}',
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, prefect_home: Path) -> Path:
    return analysis_demo(tmp_path_factory)


def run_notebook(path: Path, warehouse: Path) -> tuple[nbformat.NotebookNode, dict]:
    """Execute the notebook in a fresh python3 kernel of this interpreter, in notebooks/ (as Jupyter Lab would), with
    REPUTATION_WAREHOUSE set; returns the executed notebook and what its probe cell printed."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    nb = jupytext.read(path)
    probe = f"import json as _json, sys as _sys\nprint(_json.dumps({{'prefix': _sys.prefix, **{PROBES[path.stem]}}}))"
    nb.cells.append(nbformat.v4.new_code_cell(probe))
    # No kernel directories: only the native python3 kernel, which ipykernel starts with sys.executable (a user's own
    # "python3" kernel spec could point to another Python).
    km = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=KernelSpecManager(kernel_dirs=[]))
    client = nbclient.NotebookClient(nb, km=km, timeout=180, resources={"metadata": {"path": str(NOTEBOOKS_DIR)}})
    # cleanup_kc: shut the kernel down afterwards (nbclient leaves a kernel it did not create running by default)
    client.execute(cleanup_kc=True, env={**os.environ, "REPUTATION_WAREHOUSE": str(warehouse)})
    printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    return nb, json.loads(printed)


def images(nb: nbformat.NotebookNode) -> int:
    return sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_four_notebooks_each_paired_with_its_source():
    assert [p.stem for p in NOTEBOOKS] == list(PROBES)
    assert all(p.with_suffix(".ipynb").is_file() for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_ipynb_and_py_read_to_the_same_cells_without_outputs(path: Path):
    source, notebook = jupytext.read(path), jupytext.read(path.with_suffix(".ipynb"))
    assert [(c.cell_type, c.source) for c in notebook.cells] == [(c.cell_type, c.source) for c in source.cells]
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"
    raw = nbformat.read(path.with_suffix(".ipynb"), as_version=4)
    code = [c for c in raw.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)  # committed without outputs


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_call_the_api_and_hold_no_logic(path: Path):
    """Logic lives in reputation.analysis: cells call it; no SQL, no functions, classes or loops of their own."""
    nb = jupytext.read(path)
    assert nb.cells[0].cell_type == "markdown" and "**The question:**" in nb.cells[0].source
    assert "What to look at next" in nb.cells[-2].source
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "from reputation import analysis" in code and 'os.environ.get("REPUTATION_WAREHOUSE")' in code
    tree = ast.parse("\n".join(line for line in code.splitlines() if not line.startswith("%")))  # magics out
    logic = (ast.FunctionDef, ast.Lambda, ast.ClassDef, ast.For, ast.While, ast.comprehension)
    assert not [type(n).__name__ for n in ast.walk(tree) if isinstance(n, logic)]
    texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert not [t for t in texts if "select " in t.lower()]
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom) for a in n.names}
    assert "duckdb" not in imported


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_in_a_jupyter_kernel_and_shows_charts(path: Path, demo: Path):
    nb, found = run_notebook(path, demo / "warehouse.duckdb")  # raises CellExecutionError on any failing cell
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    assert images(nb) >= 2
    assert found["prefix"] == sys.prefix  # the kernel ran this interpreter, where reputation is installed
    planted = truth(demo)
    crisis, contest = planted["crisis"], planted["contest"]
    if path.stem == "01_reputation_trends":
        assert found["brand"] == crisis["brand"]
    elif path.stem == "02_topics_explorer":
        # the outage's topics emerge in the week of the outage, and the notebook reads one of them
        start = date.fromisoformat(crisis["start"])
        crisis_week = str(start - timedelta(days=start.weekday()))  # its Monday
        assert crisis_week in found["weeks"] and found["topic"] in found["emerging"]
    elif path.stem == "03_influencers_and_community":
        influential = {a["handle"] for a in planted["influencers"] + planted["detractors"]}
        assert len(set(found["influencers"][:10]) & influential) >= 8 and found["nodes"] > 50
    else:
        # the crisis found in the alerts table is the planted outage; the contest is the campaign shown
        assert found["brand"] == crisis["brand"] and found["start"] == crisis["start"]
        assert crisis["start"] <= found["end"]
        assert found["campaign"] == "Nexora Giveaway" and found["campaign_start"] == contest["start"]
