"""`reputation graph`: the interaction graph out of the warehouse, for Gephi and other graph tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reputation.cli.common import ProjectOpt, console, fail, load_project_or_fail, open_warehouse
from reputation.graph_export import Format

graph_app = typer.Typer(help="The author interaction graph: export it for Gephi.")


@graph_app.command("export")
def graph_export(
    project: ProjectOpt,
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write (e.g. graph.gexf).")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="gexf (GEXF 1.3) or graphml.")] = "gexf",
    min_weight: Annotated[
        int, typer.Option("--min-weight", min=1, help="Keep edges with at least this many interactions.")
    ] = 1,
    isolated: Annotated[
        bool, typer.Option("--isolated/--no-isolated", help="Also write authors without any kept edge.")
    ] = False,
    period: Annotated[
        str,
        typer.Option(
            "--period",
            help="all (the whole history), a month YYYY-MM, or recent (the 28 days to the last complete week): "
            "that period's interactions and influence scores.",
        ),
    ] = "all",
) -> None:
    """Write the authors (with their influence score) and their interactions as a GEXF or GraphML file."""
    from reputation.graph_export import graph_tables, write_graph

    proj = load_project_or_fail(project)
    with open_warehouse(proj.warehouse_path) as wh:  # read-only: an export never writes to the warehouse
        authors = wh.df("SELECT * FROM community_authors ORDER BY author_id")
        periods = wh.df("SELECT DISTINCT period FROM community_influence ORDER BY period")["period"].tolist()
        edges = wh.df(
            "SELECT * FROM community_period_edges WHERE period = $p ORDER BY source_author, target_author, kind",
            {"p": period},  # type: ignore[arg-type]
        )
        influence = wh.df("SELECT * FROM community_influence WHERE period = $p", {"p": period})  # type: ignore[arg-type]
    if authors.empty:
        fail(f"no authors in {proj.warehouse_path}: run the pipeline (its community stage) first")
    if period not in periods:
        fail(f"--period {period}: no such period in the warehouse; there are {', '.join(periods)}")
    nodes, kept = graph_tables(authors, edges, influence, min_weight=min_weight, keep_isolated=isolated)
    if not out.parent.is_dir():
        fail(f"--out: no folder {out.parent}")
    with console.status(f"Writing {out}…"):
        n_nodes, n_edges = write_graph(nodes, kept, out, fmt)
    console.print(f"{n_nodes} nodes and {n_edges} edges of period {period} written to {out} ({fmt})", highlight=False)
