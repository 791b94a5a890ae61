"""Write the interaction graph to GEXF 1.3 or GraphML for Gephi (docs/influence.md, "Export to Gephi").

`graph_tables` is pure (community frames in, node and edge frames out); the writers stream XML text to a file in
chunks, so a graph of millions of edges never becomes a DOM in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

Format = Literal["gexf", "graphml"]
AttrType = Literal["string", "long", "double", "boolean"]

# Node attributes in file order, when the frames have them; influence columns come from community_influence.
NODE_ATTRS: dict[str, AttrType] = {
    "handle": "string",
    "platform": "string",
    "followers": "long",
    "mentions": "long",
    "brand_mentions": "long",
    "is_brand_account": "boolean",
    "influence_score": "double",
    "rank": "long",
    "reach": "double",
    "engagement": "double",
    "centrality": "double",
    "activity": "double",
    "relevance": "double",
    "pagerank": "double",
}
EDGE_ATTRS: dict[str, AttrType] = {"interaction": "string", "weight": "double"}  # Gephi reads weights as doubles
INFLUENCE_COLUMNS = [
    "influence_score",
    "rank",
    "reach",
    "engagement",
    "centrality",
    "activity",
    "relevance",
    "pagerank",
]
_CHUNK = 20_000  # rows per write: bounded memory, few system calls

# XML 1.0 forbids these characters even escaped; a hostile handle must not make the whole file unreadable.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Newlines and tabs are escaped too: a parser would otherwise normalise them to spaces inside attributes.
_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


def escape(text: str) -> str:
    """Text made safe for an XML attribute value or element content (double-quoted)."""
    return _ILLEGAL.sub("", text).translate(_ESCAPES)


def graph_tables(
    authors: pd.DataFrame,
    edges: pd.DataFrame,
    influence: pd.DataFrame | None = None,
    min_weight: int = 1,
    keep_isolated: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes (authors with their influence, if given) and edges of weight >= min_weight, ready to write.

    Nodes are the authors of the kept edges, plus every other author with `keep_isolated`: most authors never
    interact, and thousands of unconnected dots only clutter a Gephi layout.
    """
    kept = edges.loc[edges["weight"] >= min_weight, ["source_author", "target_author", "kind", "weight"]]
    nodes = authors
    if influence is not None and not influence.empty:
        cols = ["author_id", *[c for c in INFLUENCE_COLUMNS if c in influence.columns]]
        nodes = nodes.merge(influence[cols], on="author_id", how="left")
    known = nodes["author_id"]
    # An edge to an author missing from the profiles would be a dangling reference that Gephi rejects.
    kept = kept[kept["source_author"].isin(known) & kept["target_author"].isin(known)]
    if not keep_isolated:
        linked = pd.unique(np.concatenate([kept["source_author"].to_numpy(), kept["target_author"].to_numpy()]))
        nodes = nodes[known.isin(linked)]
    nodes = nodes.assign(label=nodes["handle"].fillna(nodes["author_id"]) if "handle" in nodes else nodes["author_id"])
    cols = ["author_id", "label", *[c for c in NODE_ATTRS if c in nodes.columns]]
    out_edges = kept.rename(columns={"kind": "interaction"}).reset_index(drop=True)
    return nodes[cols].reset_index(drop=True), out_edges


def _text(values: pd.Series, kind: AttrType) -> pd.Series:
    """Values as XML-ready text (object Series), NaN where missing so that row leaves the attribute out."""
    present = values.notna()
    if kind == "string":
        text = values[present].astype(str).map(escape)
    elif kind == "long":
        text = values[present].astype("int64").astype(str)
    elif kind == "double":
        text = values[present].astype(float).map(repr)
    else:
        text = values[present].astype(bool).map({True: "true", False: "false"})
    return text.reindex(values.index).astype(object)


def _declared(frame: pd.DataFrame, attrs: dict[str, AttrType]) -> list[tuple[str, AttrType]]:
    """The attributes the frame has, with at least one value: only those are declared in the file."""
    return [(name, kind) for name, kind in attrs.items() if name in frame.columns and frame[name].notna().any()]


def _joined(chunk: pd.DataFrame, attrs: list[tuple[str, AttrType]], template: str) -> pd.Series:
    """Per row, the attribute elements (template formatted with the attribute's index) of its present values."""
    out = pd.Series("", index=chunk.index, dtype=object)
    for i, (name, kind) in enumerate(attrs):
        head, tail = template.format(i=i).split("{}")
        out = out + (head + _text(chunk[name], kind) + tail).fillna("")
    return out


def _chunks(frame: pd.DataFrame) -> Iterator[pd.DataFrame]:
    for start in range(0, len(frame), _CHUNK):
        yield frame.iloc[start : start + _CHUNK]


def _ids(chunk: pd.DataFrame) -> pd.Series:
    return pd.Series(chunk.index.astype(str), index=chunk.index, dtype=object)


def _gexf(nodes: pd.DataFrame, edges: pd.DataFrame) -> Iterator[str]:
    node_attrs = _declared(nodes, NODE_ATTRS)
    edge_attrs = _declared(edges, {"interaction": "string"})  # weight and kind are native edge attributes
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
        f'  <meta lastmodifieddate="{datetime.now(UTC):%Y-%m-%d}">\n'
        "    <creator>reputation</creator>\n"
        "    <description>Author interaction graph: replies, shares and @mentions</description>\n"
        "  </meta>\n"
        '  <graph defaultedgetype="directed" mode="static">\n'
    )
    for cls, attrs in (("node", node_attrs), ("edge", edge_attrs)):
        if not attrs:
            continue
        yield f'    <attributes class="{cls}">\n'
        for i, (name, kind) in enumerate(attrs):
            yield f'      <attribute id="{i}" title="{name}" type="{kind}"/>\n'
        yield "    </attributes>\n"
    yield "    <nodes>\n"
    for chunk in _chunks(nodes):
        values = _joined(chunk, node_attrs, '<attvalue for="{i}" value="{{}}"/>')
        inner = ("<attvalues>" + values + "</attvalues>").where(values != "", "")  # <attvalues/> must not be empty
        lines = (
            '      <node id="' + _text(chunk["author_id"], "string") + '" label="' + _text(chunk["label"], "string")
            + '">' + inner + "</node>\n"
        )  # fmt: skip
        yield "".join(lines)
    yield "    </nodes>\n    <edges>\n"
    for chunk in _chunks(edges):
        values = _joined(chunk, edge_attrs, '<attvalue for="{i}" value="{{}}"/>')
        inner = ("<attvalues>" + values + "</attvalues>").where(values != "", "")
        # `kind` (GEXF 1.3) keeps a reply and a share between the same two authors as parallel edges in Gephi.
        lines = (
            '      <edge id="' + _ids(chunk) + '" source="' + _text(chunk["source_author"], "string")
            + '" target="' + _text(chunk["target_author"], "string")
            + '" kind="' + _text(chunk["interaction"], "string")
            + '" weight="' + _text(chunk["weight"], "double") + '">' + inner + "</edge>\n"
        )  # fmt: skip
        yield "".join(lines)
    yield "    </edges>\n  </graph>\n</gexf>\n"


def _graphml(nodes: pd.DataFrame, edges: pd.DataFrame) -> Iterator[str]:
    node_attrs: list[tuple[str, AttrType]] = [("label", "string"), *_declared(nodes, NODE_ATTRS)]
    edge_attrs = _declared(edges, EDGE_ATTRS)
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    for prefix, cls, attrs in (("n", "node", node_attrs), ("e", "edge", edge_attrs)):
        for i, (name, kind) in enumerate(attrs):
            yield f'  <key id="{prefix}{i}" for="{cls}" attr.name="{name}" attr.type="{kind}"/>\n'
    yield '  <graph id="interactions" edgedefault="directed">\n'
    for chunk in _chunks(nodes):
        values = _joined(chunk, node_attrs, '<data key="n{i}">{{}}</data>')
        yield "".join('    <node id="' + _text(chunk["author_id"], "string") + '">' + values + "</node>\n")
    for chunk in _chunks(edges):
        values = _joined(chunk, edge_attrs, '<data key="e{i}">{{}}</data>')
        lines = (
            '    <edge id="e' + _ids(chunk) + '" source="' + _text(chunk["source_author"], "string")
            + '" target="' + _text(chunk["target_author"], "string") + '">' + values + "</edge>\n"
        )  # fmt: skip
        yield "".join(lines)
    yield "  </graph>\n</graphml>\n"


def write_graph(nodes: pd.DataFrame, edges: pd.DataFrame, path: Path, fmt: Format) -> tuple[int, int]:
    """Write `graph_tables` output as GEXF 1.3 or GraphML; returns (nodes, edges) written."""
    writer = {"gexf": _gexf, "graphml": _graphml}[fmt]
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for piece in writer(nodes, edges):
            f.write(piece)
    return len(nodes), len(edges)
