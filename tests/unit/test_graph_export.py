"""GEXF and GraphML export: files any XML parser reads, typed declarations, hostile handles escaped, counts kept."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from reputation.graph_export import escape, graph_tables, write_graph

GEXF = "{http://gexf.net/1.3}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
HOSTILE = '<b>&"x"</b>'

AUTHORS = pd.DataFrame(
    {
        "author_id": ["tw:1", "tw:2<&>", "tw:3", "tw:4"],
        "platform": ["twitter"] * 4,
        "handle": [HOSTILE, None, "line\nbreak\x01", "lonely"],
        "followers": [120.0, None, 3.0, 4.0],  # DuckDB's nullable BIGINT arrives as float
        "mentions": [5, 2, 1, 1],
        "brand_mentions": [4, 1, 0, 1],
        "is_brand_account": [False, True, False, False],
    }
)
EDGES = pd.DataFrame(
    {
        "source_author": ["tw:1", "tw:1", "tw:2<&>", "tw:3", "tw:3"],
        "target_author": ["tw:2<&>", "tw:2<&>", "tw:3", "tw:1", "tw:gone"],  # tw:gone has no profile
        "kind": ["reply", "share", "mention", "reply", "reply"],
        "weight": [1, 3, 2, 1, 5],
    }
)
INFLUENCE = pd.DataFrame(
    {
        "author_id": ["tw:1", "tw:2<&>", "tw:3"],
        "influence_score": [71.5, 40.0, 12.25],
        "rank": pd.array([1, None, 2], dtype="Int64"),  # brand accounts are not ranked
        "reach": [1.0, 0.0, 0.2],
        "pagerank": [0.5, 0.3, 0.2],
    }
)


def _written(tmp_path: Path, fmt: str, **kwargs: object) -> tuple[ET.Element, pd.DataFrame, pd.DataFrame]:
    nodes, edges = graph_tables(AUTHORS, EDGES, INFLUENCE, **kwargs)  # type: ignore[arg-type]
    path = tmp_path / f"g.{fmt}"
    assert write_graph(nodes, edges, path, fmt) == (len(nodes), len(edges))  # type: ignore[arg-type]
    return ET.parse(path).getroot(), nodes, edges


def test_tables_keep_connected_authors_known_edges_and_the_weight_floor():
    nodes, edges = graph_tables(AUTHORS, EDGES, INFLUENCE)
    assert nodes["author_id"].tolist() == ["tw:1", "tw:2<&>", "tw:3"]  # tw:4 interacts with nobody
    assert len(edges) == 4 and "tw:gone" not in set(edges["target_author"])
    assert nodes["label"].tolist() == [HOSTILE, "tw:2<&>", "line\nbreak\x01"]  # no handle: the pseudonymous id
    nodes, edges = graph_tables(AUTHORS, EDGES, INFLUENCE, min_weight=2)
    assert edges["interaction"].tolist() == ["share", "mention"]
    assert nodes["author_id"].tolist() == ["tw:1", "tw:2<&>", "tw:3"]
    nodes, _ = graph_tables(AUTHORS, EDGES, None, keep_isolated=True)
    assert len(nodes) == 4 and "influence_score" not in nodes


def test_escape_leaves_text_a_parser_gives_back():
    assert escape(HOSTILE) == "&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;"
    raw = '<n a="' + escape("a\tb\nc\x00d") + '"/>'
    assert ET.fromstring(raw).get("a") == "a\tb\ncd"  # tabs and newlines survive, NUL (illegal in XML) is dropped


def test_gexf_declares_typed_attributes_and_escapes_handles(tmp_path: Path):
    root, nodes, edges = _written(tmp_path, "gexf")
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.3"
    graph = root.find(f"{GEXF}graph")
    assert graph is not None and graph.get("defaultedgetype") == "directed"
    declared = {
        a.get("class"): {d.get("title"): (d.get("id"), d.get("type")) for d in a}
        for a in graph.iter(f"{GEXF}attributes")
    }
    assert declared["node"]["followers"][1] == "long" and declared["node"]["is_brand_account"][1] == "boolean"
    assert declared["node"]["influence_score"][1] == "double" and declared["node"]["rank"][1] == "long"
    assert "centrality" not in declared["node"]  # not in the influence frame: not declared
    assert declared["edge"] == {"interaction": ("0", "string")}
    xml_nodes = graph.findall(f"{GEXF}nodes/{GEXF}node")
    xml_edges = graph.findall(f"{GEXF}edges/{GEXF}edge")
    assert len(xml_nodes) == len(nodes) == 3 and len(xml_edges) == len(edges) == 4
    first = xml_nodes[0]
    assert first.get("id") == "tw:1" and first.get("label") == HOSTILE
    values = {v.get("for"): v.get("value") for v in first.iter(f"{GEXF}attvalue")}
    ids = {title: i for title, (i, _) in declared["node"].items()}
    assert values[ids["handle"]] == HOSTILE and values[ids["followers"]] == "120" and values[ids["rank"]] == "1"
    assert values[ids["is_brand_account"]] == "false"
    brand = {v.get("for"): v.get("value") for v in xml_nodes[1].iter(f"{GEXF}attvalue")}
    assert ids["followers"] not in brand and ids["rank"] not in brand  # missing values are left out, not "nan"
    assert xml_nodes[2].get("label") == "line\nbreak"
    share = xml_edges[1]
    assert (share.get("source"), share.get("target"), share.get("kind"), share.get("weight")) == (
        "tw:1",
        "tw:2<&>",
        "share",
        "3.0",
    )
    node_ids = {n.get("id") for n in xml_nodes}
    assert all(e.get("source") in node_ids and e.get("target") in node_ids for e in xml_edges)


def test_graphml_declares_keys_and_counts_match(tmp_path: Path):
    root, nodes, edges = _written(tmp_path, "graphml", min_weight=2)
    keys = {k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in root.iter(f"{GRAPHML}key")}
    by_name = {(f, name): (key, kind) for key, (f, name, kind) in keys.items()}
    assert by_name[("node", "label")][1] == "string" and by_name[("node", "mentions")][1] == "long"
    assert by_name[("edge", "weight")][1] == "double" and by_name[("edge", "interaction")][1] == "string"
    graph = root.find(f"{GRAPHML}graph")
    assert graph is not None and graph.get("edgedefault") == "directed"
    xml_nodes, xml_edges = graph.findall(f"{GRAPHML}node"), graph.findall(f"{GRAPHML}edge")
    assert len(xml_nodes) == len(nodes) == 3 and len(xml_edges) == len(edges) == 2
    label_key = by_name[("node", "label")][0]
    first = {d.get("key"): d.text for d in xml_nodes[0]}
    assert first[label_key] == HOSTILE and first[by_name[("node", "handle")][0]] == HOSTILE
    assert {d.get("key") for d in xml_nodes[0]} <= set(keys)
    weights = [{d.get("key"): d.text for d in e}[by_name[("edge", "weight")][0]] for e in xml_edges]
    assert weights == ["3.0", "2.0"]


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_an_empty_graph_is_still_a_valid_file(tmp_path: Path, fmt: str):
    nodes, edges = graph_tables(AUTHORS, EDGES.iloc[:0], None)
    path = tmp_path / f"empty.{fmt}"
    assert write_graph(nodes, edges, path, fmt) == (0, 0)  # type: ignore[arg-type]
    ET.parse(path)
