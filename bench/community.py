"""Benchmark influence scoring and the Gephi export on a synthetic graph and write docs/benchmarks-community.md.

    python -m bench.community [--edges 1000000] [--authors 200000] [--out docs/benchmarks-community.md]

The graph is shaped like `community.interaction_edges` and `community.author_profiles` return it, with power-law
degrees (a few hubs get most replies, shares and @mentions; most authors a handful). All phases run in one process;
peak RSS is the process's high-water mark after each phase. Target (issue 6): 1,000,000 edges scored in 60 s or less.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bench.machine import heading
from reputation import community
from reputation.graph_export import graph_tables, write_graph

PLATFORMS = np.array(["twitter", "mastodon", "bluesky", "reddit", "youtube"])
KINDS = np.array(["reply", "share", "mention"])
START = np.datetime64("2026-09-01T00:00:00")


def _power_law(rng: np.random.Generator, n: int, size: int, exponent: float) -> np.ndarray:
    """Author indices drawn with probability ∝ (rank + 1)^-exponent, ranks shuffled so hubs are random authors."""
    p = (np.arange(n) + 1.0) ** -exponent
    return rng.permutation(n)[rng.choice(n, size=size, p=p / p.sum())]


def synthetic_graph(n_edges: int, n_authors: int, seed: int = 42) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(profiles, edges) like community.author_profiles / interaction_edges; edges deduplicated per kind."""
    rng = np.random.default_rng(seed)
    ids = pd.Series(np.char.add("u", np.arange(n_authors).astype(str)))
    platform_of = PLATFORMS[rng.integers(0, len(PLATFORMS), n_authors)]
    author_id = pd.Series(platform_of).str.cat(ids, sep=":")
    draw = int(n_edges * 1.3)  # duplicates and self-loops are dropped below
    src = _power_law(rng, n_authors, draw, 0.6)  # posting activity: skewed
    dst = _power_law(rng, n_authors, draw, 1.0)  # attention received: more skewed
    kind = KINDS[rng.choice(3, size=draw, p=[0.5, 0.2, 0.3])]
    edges = pd.DataFrame({"s": src, "t": dst, "kind": kind})
    edges = edges[edges["s"] != edges["t"]].drop_duplicates().head(n_edges)
    weight = rng.geometric(0.6, len(edges))
    first = START + rng.integers(0, 70 * 86_400, len(edges)).astype("timedelta64[s]")
    edges = pd.DataFrame(
        {
            "source_author": author_id.to_numpy()[edges["s"].to_numpy()],
            "target_author": author_id.to_numpy()[edges["t"].to_numpy()],
            "kind": edges["kind"].to_numpy(),
            "weight": weight.astype("int64"),
            "first_at": first,
            "last_at": first + (weight - 1).astype("timedelta64[h]"),
        }
    )
    mentions = rng.geometric(0.15, n_authors).astype("int64")
    followers = np.round(rng.lognormal(5.5, 2.0, n_authors)).astype(float)
    followers[rng.random(n_authors) < 0.1] = np.nan  # sources without an audience figure
    first_seen = START + rng.integers(0, 60 * 86_400, n_authors).astype("timedelta64[s]")
    profiles = pd.DataFrame(
        {
            "author_id": author_id,
            "platform": platform_of,
            "handle": np.where(rng.random(n_authors) < 0.05, None, np.char.add("user", ids.to_numpy().astype(str))),
            "followers": followers,
            "mentions": mentions,
            "brand_mentions": rng.binomial(mentions, 0.6).astype("int64"),
            "likes_received": rng.geometric(0.05, n_authors).astype("int64") - 1,
            "shares_received": rng.geometric(0.3, n_authors).astype("int64") - 1,
            "replies_received": rng.geometric(0.2, n_authors).astype("int64") - 1,
            "first_seen": first_seen,
            "last_seen": first_seen + rng.integers(0, 10 * 86_400, n_authors).astype("timedelta64[s]"),
            "is_brand_account": np.arange(n_authors) < 5,
        }
    )
    return profiles, edges


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(n_edges: int, n_authors: int, work: Path) -> dict[str, Any]:
    row: dict[str, Any] = {}
    t0 = time.perf_counter()
    profiles, edges = synthetic_graph(n_edges, n_authors)
    row |= {"build_s": time.perf_counter() - t0, "authors": len(profiles), "edges": len(edges)}
    row["build_rss_mb"] = _peak_mb()
    t0 = time.perf_counter()
    scores = community.influence(profiles, edges, community.Weights())
    row["score_s"] = time.perf_counter() - t0
    row["score_rss_mb"] = _peak_mb()
    # PageRank alone, again, to say how much of the scoring it takes.
    t0 = time.perf_counter()
    community.pagerank(edges, pd.Index(profiles["author_id"]))
    row["pagerank_s"] = time.perf_counter() - t0
    for fmt in ("gexf", "graphml"):
        path = work / f"graph.{fmt}"
        t0 = time.perf_counter()
        nodes, kept = graph_tables(profiles, edges, scores)
        row[f"{fmt}_nodes"], row[f"{fmt}_edges"] = write_graph(nodes, kept, path, fmt)  # type: ignore[arg-type]
        row[f"{fmt}_s"] = time.perf_counter() - t0
        row[f"{fmt}_mb"] = path.stat().st_size / 2**20
        row[f"{fmt}_rss_mb"] = _peak_mb()
        path.unlink()
    return row


def render(row: dict[str, Any], command: str) -> str:
    ok = "met" if row["score_s"] <= 60 else "missed"
    return "\n".join(
        [
            *heading("Benchmarks: community scoring and Gephi export", command),
            "",
            "A synthetic interaction graph with power-law degrees, shaped like `community.interaction_edges` and",
            "`community.author_profiles` return them: the demo yields about 0.7 edges per mention, so a million edges",
            "would take some 1.4 million generated and ingested mentions.",
            "Scoring is `community.influence`: weighted PageRank on a scipy sparse matrix plus the five components.",
            "The export is `graph_tables` + `write_graph` (streamed in chunks of 20,000 rows) to a local file.",
            f"Target (issue 6): 1,000,000 edges scored in 60 s or less: **{ok}** ({row['edges']:,} edges here).",
            "Not included: building profiles and edges from raw mentions (pandas group-bys in `score_community`),",
            "timed with the whole stage at demo sizes by `python -m bench.run` (docs/benchmarks.md).",
            "",
            "| phase | seconds | peak RSS after (MiB) | output |",
            "|---|---:|---:|---|",
            f"| build the synthetic frames | {row['build_s']:.1f} | {row['build_rss_mb']:,.0f} | "
            f"{row['authors']:,} authors, {row['edges']:,} edges |",
            f"| **score** (`community.influence`) | **{row['score_s']:.1f}** | {row['score_rss_mb']:,.0f} | "
            f"of which PageRank alone {row['pagerank_s']:.1f} s |",
            f"| export GEXF 1.3 | {row['gexf_s']:.1f} | {row['gexf_rss_mb']:,.0f} | "
            f"{row['gexf_nodes']:,} nodes, {row['gexf_edges']:,} edges, {row['gexf_mb']:,.0f} MiB |",
            f"| export GraphML | {row['graphml_s']:.1f} | {row['graphml_rss_mb']:,.0f} | "
            f"{row['graphml_nodes']:,} nodes, {row['graphml_edges']:,} edges, {row['graphml_mb']:,.0f} MiB |",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edges", type=int, default=1_000_000)
    parser.add_argument("--authors", type=int, default=0, help="default: one author per 5 edges")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks-community.md"))
    args = parser.parse_args()
    authors = args.authors or args.edges // 5
    with tempfile.TemporaryDirectory() as tmp:
        row = run(args.edges, authors, Path(tmp))
    print(row, flush=True)
    command = f"python -m bench.community --edges {args.edges}" + (f" --authors {authors}" if args.authors else "")
    args.out.write_text(render(row, command), encoding="utf-8")


if __name__ == "__main__":
    main()
