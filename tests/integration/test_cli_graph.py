"""`reputation graph export` on a real warehouse of demo mentions (ingest and community stages only)."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reputation import stages
from reputation.config import load_project
from reputation.demo.generator import DemoConfig
from reputation.warehouse import Warehouse
from tests.demo_project import demo_project

pytestmark = pytest.mark.integration


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reputation.cli", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def project_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("graph")
    project, _ = demo_project(out, DemoConfig(seed=5, n_mentions=3_000, weeks=4, n_authors=400))
    path = out / "project.yaml"
    with Warehouse(project.warehouse_path) as wh:
        stages.ingest(wh, project)
        stages.score_community(wh, project)
    return path


def _counts(project_file: Path, min_weight: int) -> tuple[int, int]:
    """Nodes and edges the export should hold, counted in SQL straight from the warehouse."""
    with Warehouse(load_project(project_file).warehouse_path, read_only=True) as wh:
        edges = wh.scalar("SELECT count(*) FROM community_edges WHERE weight >= ?", [min_weight])
        nodes = wh.scalar(
            "SELECT count(DISTINCT a) FROM (SELECT unnest([source_author, target_author]) AS a "
            "FROM community_edges WHERE weight >= ?)",
            [min_weight],
        )
    return nodes, edges


def test_gexf_export_holds_the_warehouse_graph(project_file: Path, tmp_path: Path):
    out = tmp_path / "graph.gexf"
    done = run_cli("graph", "export", "--project", str(project_file), "--format", "gexf", "--out", str(out))
    assert done.returncode == 0, done.stderr
    nodes, edges = _counts(project_file, 1)
    assert edges > 100
    assert f"{nodes} nodes and {edges} edges of period all written" in done.stderr
    ns = "{http://gexf.net/1.3}"
    graph = ET.parse(out).getroot().find(f"{ns}graph")
    assert graph is not None
    assert len(graph.findall(f"{ns}nodes/{ns}node")) == nodes and len(graph.findall(f"{ns}edges/{ns}edge")) == edges
    titles = {a.get("title") for a in graph.iter(f"{ns}attribute")}
    assert {"influence_score", "centrality", "pagerank", "is_brand_account", "followers", "interaction"} <= titles
    assert {e.get("kind") for e in graph.iter(f"{ns}edge")} == {"reply", "share", "mention"}


def test_graphml_export_with_a_weight_floor(project_file: Path, tmp_path: Path):
    out = tmp_path / "graph.graphml"
    args = ("graph", "export", "-p", str(project_file), "--format", "graphml", "--out", str(out), "--min-weight", "2")
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr
    nodes, edges = _counts(project_file, 2)
    assert 0 < edges < _counts(project_file, 1)[1]
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    graph = ET.parse(out).getroot().find(f"{ns}graph")
    assert graph is not None
    assert len(graph.findall(f"{ns}node")) == nodes and len(graph.findall(f"{ns}edge")) == edges


def test_export_of_one_month(project_file: Path, tmp_path: Path):
    out = tmp_path / "september.gexf"
    done = run_cli("graph", "export", "-p", str(project_file), "--out", str(out), "--period", "2026-09")
    assert done.returncode == 0, done.stderr
    with Warehouse(load_project(project_file).warehouse_path, read_only=True) as wh:
        month = wh.scalar("SELECT count(*) FROM community_period_edges WHERE period = '2026-09'")
        everything = wh.scalar("SELECT count(*) FROM community_edges")
        ranked = wh.df("SELECT author_id, rank FROM community_influence WHERE period = '2026-09' AND rank <= 3")
    assert 0 < month < everything  # the demo's first day (31 August) is not in it
    ns = "{http://gexf.net/1.3}"
    graph = ET.parse(out).getroot().find(f"{ns}graph")
    assert graph is not None and len(graph.findall(f"{ns}edges/{ns}edge")) == month
    # the nodes carry September's influence ranks
    titles = {a.get("id"): a.get("title") for a in graph.iter(f"{ns}attribute")}
    rank_attr = next(k for k, v in titles.items() if v == "rank")
    got = {
        n.get("id"): int(v.get("value"))
        for n in graph.iter(f"{ns}node")
        for v in n.iter(f"{ns}attvalue")
        if v.get("for") == rank_attr and int(v.get("value")) <= 3
    }
    assert got == dict(zip(ranked["author_id"], ranked["rank"].astype(int), strict=True))
    done = run_cli("graph", "export", "-p", str(project_file), "--out", str(out), "--period", "1999-01")
    assert done.returncode == 2 and "no such period" in done.stderr and "2026-09" in done.stderr


def test_export_errors_are_one_line(project_file: Path, tmp_path: Path):
    done = run_cli("graph", "export", "-p", str(project_file), "--out", str(tmp_path / "no" / "g.gexf"))
    assert done.returncode == 2 and "no folder" in done.stderr
    done = run_cli("graph", "export", "-p", str(project_file), "--out", str(tmp_path / "g"), "--format", "dot")
    assert done.returncode == 2
    empty = tmp_path / "empty.yaml"
    empty.write_text("name: e\nbrands: {own: {name: Acme, query: acme}}\n", encoding="utf-8")
    with Warehouse(load_project(empty).warehouse_path):
        pass  # a migrated warehouse whose community stage never ran
    done = run_cli("graph", "export", "-p", str(empty), "--out", str(tmp_path / "g.gexf"))
    assert done.returncode == 2 and "run the pipeline" in done.stderr
