"""`reputation query`: try brand queries on a warehouse."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reputation.cli.common import console, fail, load_project_or_fail, open_warehouse

query_app = typer.Typer(help="Brand queries: try them on the warehouse before putting them in a project.")


@query_app.command("test")
def query_test(
    query: Annotated[str, typer.Argument(help="A boolean query, e.g. 'nexora* NEAR/5 (panne OR outage) -lang:es'.")],
    project: Annotated[Path | None, typer.Option("--project", "-p", help="Project file (its warehouse).")] = None,
    warehouse: Annotated[Path | None, typer.Option("--warehouse", "-w", help="Warehouse file.")] = None,
    limit: Annotated[int, typer.Option(help="Matches to show.")] = 10,
) -> None:
    """Run a query over the warehouse's mentions: how many match, where, and examples."""
    from reputation.query import Mentions, QuerySyntaxError, match, parse_query

    try:
        tree = parse_query(query)
    except QuerySyntaxError as err:
        fail(f"query: {err}")
    if (project is None) == (warehouse is None):
        fail("give exactly one of --project FILE or --warehouse FILE")
    target = load_project_or_fail(project).warehouse_path if project is not None else warehouse
    with open_warehouse(target) as wh:  # type: ignore[arg-type]
        df = wh.df(
            "SELECT published_at, platform, author_handle, lang, title, text, url, brands FROM mentions "
            "ORDER BY published_at DESC"
        )
    hits = df[match(tree, Mentions(df)).to_numpy()]
    share = len(hits) / len(df) if len(df) else 0.0
    console.print(f"{len(hits)} of {len(df)} mentions match ({share:.1%})", highlight=False)
    if not hits.empty:
        by = hits["platform"].value_counts().head(6)
        console.print("by platform: " + ", ".join(f"{k} {v}" for k, v in by.items()), highlight=False)
        for r in hits.head(limit).fillna({"title": "", "author_handle": ""}).itertuples():
            text = " ".join(f"{r.title} {r.text}".split())
            who = r.author_handle or "?"
            console.print(f"  {r.published_at:%Y-%m-%d %H:%M} {r.platform:<9} @{who}: {text[:140]}", highlight=False)
