"""Authors, their interaction graph and an explainable influence score (formula: docs/influence.md).

Pure functions over the raw mentions frame. The graph is a scipy sparse matrix, so PageRank holds at
millions of edges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from reputation import community_data

INFLUENCE_VERSION = "1"
EDGE_WEIGHTS = {"reply": 1.0, "share": 2.0, "mention": 1.0}  # a share endorses more than a reply or a tag
_MENTION = r"(?<!\w)@(\w+)"  # the @handles of a text; DuckDB finds them with community_data.MENTION_SQL
MENTION_SQL = community_data.MENTION_SQL


@dataclass(frozen=True)
class Weights:
    reach: float = 0.2
    engagement: float = 0.3
    centrality: float = 0.3
    activity: float = 0.1
    relevance: float = 0.1


def author_profiles(m: pd.DataFrame, brand_accounts: set[str] | None = None) -> pd.DataFrame:
    """One row per author, in the order of their first mention: activity, reach and engagement received over the
    mentions given (aggregated by DuckDB: reputation.community_data.profiles)."""
    return community_data.on_frame(m, lambda con: community_data.profiles(con, brand_accounts))


def interaction_events(m: pd.DataFrame) -> pd.DataFrame:
    """One row per interaction, author -> author: a reply, a share/quote or an @mention of a known handle on the
    same platform (self-loops dropped). Columns `source_author`, `target_author`, `kind`, `at`, `day` (local date of
    `local_time`, else of `at`). The @handles come from `handles` (lists) when `m` has it, else from `text`."""
    return community_data.on_frame(m, community_data.events)


def interaction_edges(m: pd.DataFrame) -> pd.DataFrame:
    """Directed author -> author edges from replies, shares/quotes and @mentions (self-loops dropped): `weight`
    (number of interactions), `first_at`, `last_at` (reputation.community_data.edges)."""
    return community_data.on_frame(m, community_data.edges)


def positions(edges: pd.DataFrame, nodes: pd.Index) -> pd.DataFrame:
    """`edges` with `src` and `dst`, the positions of their authors in `nodes` (-1 when not a node)."""
    return edges.assign(src=nodes.get_indexer(edges["source_author"]), dst=nodes.get_indexer(edges["target_author"]))


def pagerank(edges: pd.DataFrame, nodes: pd.Index, damping: float = 0.85, tol: float = 1e-10) -> np.ndarray:
    """Weighted PageRank by power iteration on a sparse matrix; dangling nodes spread uniformly. `edges`: with
    `src` and `dst` (:func:`positions`), else with `source_author` and `target_author` in `nodes`."""
    n = len(nodes)
    if n == 0:
        return np.zeros(0)
    if "src" not in edges:
        edges = positions(edges, nodes)
    src, dst = edges["src"].to_numpy(np.int64), edges["dst"].to_numpy(np.int64)
    w = edges["weight"].to_numpy(float) * edges["kind"].map(EDGE_WEIGHTS).to_numpy(float)
    keep = (src >= 0) & (dst >= 0)
    adj = sparse.csr_matrix((w[keep], (src[keep], dst[keep])), shape=(n, n))
    out_w = np.asarray(adj.sum(axis=1)).ravel()
    inv = np.divide(1.0, out_w, out=np.zeros(n), where=out_w > 0)
    transition = sparse.diags(inv) @ adj  # row-stochastic where a node has out-edges
    dangling = out_w == 0
    rank = np.full(n, 1.0 / n)
    for _ in range(200):
        new = damping * (transition.T @ rank + rank[dangling].sum() / n) + (1 - damping) / n
        if np.abs(new - rank).sum() < tol:
            return new
        rank = new
    return rank


def _scaled(values: pd.Series | np.ndarray) -> np.ndarray:
    """log1p then divide by the maximum: heavy-tailed counts become comparable 0..1 components."""
    logged = np.log1p(np.asarray(values, dtype=float).clip(min=0))
    top = logged.max() if len(logged) else 0.0
    return logged / top if top > 0 else np.zeros_like(logged)


def influence(profiles: pd.DataFrame, edges: pd.DataFrame, weights: Weights) -> pd.DataFrame:
    """Influence score 0..100 with each component kept, so a rank can be explained. `edges`: with `src` and `dst`,
    the positions of their authors among the profiles' rows (:func:`positions`, or as reputation.community_data.graph
    reads them), else with author ids."""
    nodes = pd.Index(profiles["author_id"])
    if "src" not in edges:
        edges = positions(edges, nodes)
    pr = pagerank(edges, nodes)
    dst = edges["dst"].to_numpy(np.int64)
    into = dst >= 0  # what each author received (edges from outside the nodes too)
    received = np.bincount(dst[into], weights=edges["weight"].to_numpy(float)[into], minlength=len(nodes))
    engagement_raw = (
        profiles["likes_received"] + 2 * profiles["shares_received"] + 3 * profiles["replies_received"]
    ).to_numpy() + 3 * received
    comp = pd.DataFrame(
        {
            "author_id": profiles["author_id"],
            "reach": _scaled(profiles["followers"].fillna(0)),
            "engagement": _scaled(engagement_raw),
            "centrality": _scaled(pr * len(nodes)),  # 1 = an average node
            "activity": _scaled(profiles["mentions"]),
            "relevance": (profiles["brand_mentions"] / profiles["mentions"].clip(lower=1)).to_numpy(float),
            "pagerank": pr,
        }
    )
    w = {k: getattr(weights, k) for k in ("reach", "engagement", "centrality", "activity", "relevance")}
    total = sum(w.values())
    comp["influence_score"] = 100 * sum(comp[k] * v for k, v in w.items()) / total
    # Brand accounts are scored but not ranked: they are not members of the community.
    ranked = comp["influence_score"].where(~profiles["is_brand_account"].to_numpy())
    comp["rank"] = ranked.rank(ascending=False, method="first").astype("Int64")
    return comp
