"""Who matters in the community: influence, roles with their evidence, weekly health and the interaction graph
(views and tables `community_influence`, `community_roles`, `community_health`, `community_period_edges`,
`community_authors`; docs/influence.md). The graph comes as node and edge frames, or as a networkx graph when
networkx is installed (`pip install 'reputation[analysis]'`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from reputation.analysis.connection import Connection, fetch
from reputation.graph_export import graph_tables

if TYPE_CHECKING:
    import networkx as nx

ROLES = ("advocate", "detractor", "contributor", "newcomer", "at_risk")
_COMPONENTS = ["reach", "engagement", "centrality", "activity", "relevance"]


def periods(con: Connection) -> list[str]:
    """Periods with influence scores and roles: `all`, `recent` (the 28 days to the last complete week), then the
    calendar months `YYYY-MM`, latest first."""
    found = fetch(con, "SELECT DISTINCT period FROM community_influence")["period"].tolist()
    named = [p for p in ("all", "recent") if p in found]
    return named + sorted((p for p in found if p not in named), reverse=True)


def top_influencers(con: Connection, period: str = "all", n: int = 20, *, brand_accounts: bool = False) -> pd.DataFrame:
    """The most influential authors of a period: `rank`, `who`, `platform`, `followers`, `influence_score` (0-100)
    and its components (`reach`, `engagement`, `centrality`, `activity`, `relevance`, each 0-1), `mentions`,
    `brand_mentions`, `is_brand_account`, `author_id`. The brands' own accounts have no rank and are left out unless
    `brand_accounts`."""
    sql = """
        SELECT i.rank, coalesce(a.handle, a.author_id) AS who, a.platform, a.followers, i.influence_score,
               i.reach, i.engagement, i.centrality, i.activity, i.relevance, a.mentions, a.brand_mentions,
               a.is_brand_account, a.author_id
        FROM community_influence i JOIN community_authors a USING (author_id)
        WHERE i.period = $period AND ($brand_accounts OR NOT a.is_brand_account)
        ORDER BY i.influence_score DESC, a.author_id
        LIMIT $n"""
    return fetch(con, sql, {"period": period, "n": int(n), "brand_accounts": brand_accounts})


def roles(
    con: Connection, period: str = "recent", role: str | None = None, *, brand: str | None = None, n: int = 10
) -> pd.DataFrame:
    """The first `n` members of each role (and brand) of a period, with the evidence: `role`, `brand`, `rank`, `who`,
    `platform`, `followers`, `score`, `influence_score`, `mentions`, `net_sentiment` (towards the brand),
    `net_before` (at risk: before the period), `answers`, `reason`, `period_start`, `period_end`, `author_id`."""
    if role is not None and role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    sql = """
        SELECT r.role, r.brand, r.rank, coalesce(a.handle, r.author_id) AS who, a.platform, a.followers, r.score,
               r.influence_score, r.mentions, r.net_sentiment, r.net_before, r.answers, r.reason,
               r.period_start, r.period_end, r.author_id
        FROM community_roles r LEFT JOIN community_authors a USING (author_id)
        WHERE r.period = $period AND ($role IS NULL OR r.role = $role) AND ($brand IS NULL OR r.brand = $brand)
          AND r.rank <= $n
        ORDER BY r.role, r.brand NULLS FIRST, r.rank"""
    return fetch(con, sql, {"period": period, "role": role, "brand": brand, "n": int(n)})


def community_health(con: Connection) -> pd.DataFrame:
    """One row per week (Monday): `active`, `new`, `returned`, `churned` members, `mentions`, `ugc_share`,
    `to_answer`, `answered`, `answered_share`, `median_response_hours` (view `community_health`)."""
    return fetch(con, "SELECT * FROM community_health ORDER BY week")


def graph_frames(con: Connection, period: str = "all", min_weight: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The interaction graph of a period as (nodes, edges). Nodes: the authors of the kept edges with `author_id`,
    `label`, `handle`, `platform`, `followers`, `mentions`, `is_brand_account`, the period's `influence_score`,
    `rank` and components, and `roles` (the period's roles, e.g. "advocate:Nexora", comma-separated). Edges:
    `source_author`, `target_author`, `interaction` (reply, share, mention), `weight` >= `min_weight`."""
    if period not in periods(con):
        raise ValueError(f"no period {period!r} in the warehouse; there are {', '.join(periods(con))}")
    authors = fetch(con, "SELECT * FROM community_authors ORDER BY author_id")
    edges = fetch(
        con,
        "SELECT source_author, target_author, kind, weight FROM community_period_edges WHERE period = $period "
        "ORDER BY source_author, target_author, kind",
        {"period": period},
    )
    influence = fetch(con, "SELECT * FROM community_influence WHERE period = $period", {"period": period})
    nodes, kept = graph_tables(authors, edges, influence, min_weight=min_weight)
    held = fetch(
        con,
        "SELECT author_id, string_agg(role || coalesce(':' || brand, ''), ', ' ORDER BY role, brand) AS roles "
        "FROM community_roles WHERE period = $period GROUP BY author_id",
        {"period": period},
    )
    nodes = nodes.merge(held, on="author_id", how="left").assign(roles=lambda f: f["roles"].fillna(""))
    return nodes, kept


def require_networkx() -> Any:
    """The networkx module, or an ImportError that says what to install."""
    try:
        import networkx
    except ImportError as exc:
        raise ImportError(
            "community_graph needs networkx: pip install 'reputation[analysis]' (or pip install networkx); "
            "graph_frames gives the same graph as DataFrames without it"
        ) from exc
    return networkx


def community_graph(con: Connection, period: str = "all", min_weight: int = 1) -> nx.DiGraph:
    """The interaction graph of a period as a networkx DiGraph: one node per author (the attributes of
    `graph_frames`' nodes) and one edge per ordered pair that interacted, `weight` = all interactions of the pair,
    plus one attribute per kind (`reply`, `share`, `mention`) with its count."""
    nx = require_networkx()
    nodes, edges = graph_frames(con, period, min_weight)
    graph = nx.DiGraph(period=period)
    for row in nodes.to_dict("records"):
        graph.add_node(row.pop("author_id"), **{k: v for k, v in row.items() if not _missing(v)})
    for (source, target), pair in edges.groupby(["source_author", "target_author"], sort=False):
        kinds = dict(zip(pair["interaction"], pair["weight"].astype(int), strict=True))
        graph.add_edge(source, target, weight=int(pair["weight"].sum()), **kinds)
    return graph


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)  # NaN: networkx writers choke on it


def graph_summary(graph: nx.DiGraph) -> dict[str, float]:
    """Shape of an interaction graph: `nodes`, `edges`, `density`, `reciprocity` (share of edges answered back),
    `components` (weakly connected), `largest_component_share` (of the nodes), `mean_degree`."""
    nx = require_networkx()
    n = graph.number_of_nodes()
    if n == 0:
        return dict.fromkeys(
            ["nodes", "edges", "density", "reciprocity", "components", "largest_component_share", "mean_degree"], 0
        )
    components = list(nx.weakly_connected_components(graph))
    return {
        "nodes": n,
        "edges": graph.number_of_edges(),
        "density": nx.density(graph),
        "reciprocity": nx.reciprocity(graph) if graph.number_of_edges() else 0.0,
        "components": len(components),
        "largest_component_share": max(len(c) for c in components) / n,
        "mean_degree": 2 * graph.number_of_edges() / n,
    }
