"""Charts of the analysis frames, as matplotlib Figures (object API, no pyplot state): shown inline in Jupyter
(`%matplotlib inline`), saved with `fig.savefig("chart.png")`. Each takes what an analysis function returns."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from reputation.analysis.incidents import AlertTimeline

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

PALETTE = ["#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0a7ea4", "#6e7781"]
GREY, LIGHT, SHADE = "#57606a", "#d0d7de", "#fff1c2"
POSITIVE, NEGATIVE, NEUTRAL = "#1a7f37", "#d1242f", "#afb8c1"
WIDTH = 9.0  # inches: a notebook's width at the default dpi


def _figure(height: float = 3.2, rows: int = 1, sharex: bool = True) -> tuple[Figure, list[Axes]]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH, height), layout="constrained")
    axes = fig.subplots(rows, 1, sharex=sharex, squeeze=False)[:, 0].tolist()
    for ax in axes:
        ax.spines[["top", "right"]].set_visible(False)
        ax.spines[["left", "bottom"]].set_color(LIGHT)
        ax.tick_params(colors=GREY, labelsize=8, length=2)
        ax.grid(axis="y", color="#eaeef2", linewidth=0.6)
        ax.set_axisbelow(True)
    return fig, axes


def _dates(ax: Axes) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))


def _percent(ax: Axes, axis: str = "y") -> None:
    from matplotlib.ticker import PercentFormatter

    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(PercentFormatter(1.0, decimals=0))


def _legend(ax: Axes) -> None:
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=8, frameon=False, fontsize=8, handlelength=1.2)


def _by_volume(frame: pd.DataFrame, key: str) -> list[str]:
    return frame.groupby(key)["mentions"].sum().sort_values(ascending=False).index.tolist()


def plot_trend(frame: pd.DataFrame, value: str = "mentions", *, title: str | None = None) -> Figure:
    """One line per brand of a column of `metrics` / `sentiment_trend` / `reputation_index` / `share_of_voice` over
    `bucket` (`mentions`, `net_sentiment`, `reputation_index`, `share_of_voice`, ...); the most mentioned brand
    first and thicker."""
    fig, [ax] = _figure()
    for i, brand in enumerate(_by_volume(frame, "brand")):
        rows = frame[frame["brand"] == brand]
        ax.plot(rows["bucket"], rows[value], color=PALETTE[i % len(PALETTE)], lw=2.0 if i == 0 else 1.2, label=brand)
    if value == "net_sentiment":
        ax.axhline(0, color=GREY, lw=0.6)
        ax.set_ylim(-1.05, 1.05)
    elif value == "reputation_index":
        ax.axhline(50, color=GREY, lw=0.6)  # 50 = neutral
        ax.set_ylim(0, 100)
    elif value == "share_of_voice":
        _percent(ax)
    else:
        ax.set_ylim(bottom=0)
    _dates(ax)
    _legend(ax)
    ax.set_ylabel(value.replace("_", " "), color=GREY, fontsize=8)
    if title:
        ax.set_title(title, loc="left", fontsize=10, pad=22)
    return fig


def plot_share_of_voice(frame: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Stacked shares of voice per bucket (from `share_of_voice`), the most mentioned brand at the bottom."""
    fig, [ax] = _figure()
    order = _by_volume(frame, "brand")
    wide = frame.pivot_table(index="bucket", columns="brand", values="share_of_voice", aggfunc="sum").fillna(0)
    wide = wide.reindex(columns=order)
    ax.stackplot(wide.index, wide.to_numpy().T, labels=order, colors=PALETTE[: len(order)], alpha=0.85)
    ax.set_ylim(0, 1)
    ax.set_xlim(wide.index.min(), wide.index.max())
    _percent(ax)
    _dates(ax)
    _legend(ax)
    if title:
        ax.set_title(title, loc="left", fontsize=10, pad=22)
    return fig


def plot_net_sentiment(frame: pd.DataFrame, by: str, *, top: int = 15, title: str | None = None) -> Figure:
    """Horizontal bars of net sentiment per row of a frame with `by`, `mentions` and `net_sentiment` (a `breakdown`,
    `aspects` or `topics_overview`), the `top` most mentioned, each bar labelled with its mentions."""
    rows = frame.nlargest(top, "mentions").iloc[::-1]
    fig, [ax] = _figure(height=0.6 + 0.28 * max(len(rows), 1))
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#eaeef2", linewidth=0.6)
    net = rows["net_sentiment"].fillna(0).astype(float)
    ax.barh(range(len(rows)), net, color=[POSITIVE if v >= 0 else NEGATIVE for v in net], height=0.6)
    for y, (v, n) in enumerate(zip(net, rows["mentions"], strict=True)):
        ax.text(v, y, f" {n:,} ", va="center", ha="left" if v >= 0 else "right", fontsize=7)
    ax.set_yticks(range(len(rows)), rows[by].astype(str).str.slice(0, 40), fontsize=8)
    ax.axvline(0, color=GREY, lw=0.6)
    ax.set_xlim(-1.15, 1.15)
    ax.set_xlabel("net sentiment (bars), mentions (labels)", color=GREY, fontsize=8)
    if title:
        ax.set_title(title, loc="left", fontsize=10)
    return fig


def plot_topic_trend(trend: pd.DataFrame, *, top: int = 8, title: str | None = None) -> Figure:
    """Stacked share of each topic per bucket (from `topic_trend`): the `top` biggest topics, the rest as other."""
    keep = trend[trend["topic_id"] >= 0].groupby("label")["mentions"].sum().nlargest(top).index.tolist()
    named = trend.assign(label=trend["label"].where(trend["label"].isin(keep), "other"))
    wide = named.pivot_table(index="bucket", columns="label", values="share", aggfunc="sum").fillna(0)
    wide = wide.reindex(columns=[*keep, *(["other"] if "other" in wide else [])])
    fig, [ax] = _figure(height=3.6)
    colors = [*PALETTE, "#e8a33d", "#57ab5a"][: len(keep)] + ([LIGHT] if "other" in wide else [])
    ax.stackplot(wide.index, wide.to_numpy().T, labels=wide.columns, colors=colors, alpha=0.9)
    ax.set_ylim(0, 1)
    ax.set_xlim(wide.index.min(), wide.index.max())
    _percent(ax)
    _dates(ax)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=7)
    if title:
        ax.set_title(title, loc="left", fontsize=10)
    return fig


def plot_influencers(frame: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Influence score of each author of `top_influencers`, by platform colour, followers in the label."""
    rows = frame.iloc[::-1]
    platforms = sorted(frame["platform"].unique())
    colors = {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(platforms)}
    fig, [ax] = _figure(height=0.6 + 0.28 * max(len(rows), 1))
    ax.grid(axis="y", visible=False)
    ax.barh(range(len(rows)), rows["influence_score"], color=rows["platform"].map(colors), height=0.65)
    followers = rows["followers"].fillna(0).astype(int)
    labels = [f"{who} ({f:,} followers)" for who, f in zip(rows["who"], followers, strict=True)]
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("influence score", color=GREY, fontsize=8)
    from matplotlib.patches import Patch

    handles = [Patch(color=colors[p], label=p) for p in platforms]
    ax.legend(handles=handles, frameon=False, fontsize=7, loc="lower right")
    if title:
        ax.set_title(title, loc="left", fontsize=10)
    return fig


def _role_colour(roles: str, brand_account: bool, brand: str | None) -> str:
    held = {r.split(":")[0] for r in roles.split(", ") if brand is None or r.endswith(f":{brand}")}
    if brand_account:
        return PALETTE[0]
    for role, colour in (("detractor", NEGATIVE), ("at_risk", "#e8a33d"), ("advocate", POSITIVE)):
        if role in held:
            return colour
    return NEUTRAL


def _packed_layout(nx: Any, graph: nx.Graph, seed: int) -> dict[Any, tuple[float, float]]:
    """A spring layout per connected component, components packed in rows, biggest first: interactions rarely
    cross platforms, and one spring layout of disconnected parts flings them apart and crushes each one."""
    pos: dict[Any, tuple[float, float]] = {}
    width = max(6.0, 1.6 * math.sqrt(graph.number_of_nodes()))
    x = y = row = 0.0
    for part in sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c))):
        radius = 0.45 * math.sqrt(len(part))
        if x > 0 and x + 2 * radius > width:
            x, y, row = 0.0, y - row - 0.4, 0.0
        centre = (x + radius, y - radius)
        if len(part) == 1:
            pos[next(iter(part))] = centre
        else:
            laid = nx.spring_layout(graph.subgraph(part), weight="weight", seed=seed, scale=radius, center=centre)
            pos.update({n: (float(p[0]), float(p[1])) for n, p in laid.items()})
        x, row = x + 2 * radius + 0.4, max(row, 2 * radius)
    return pos


def plot_graph(
    graph: nx.DiGraph,
    *,
    top: int = 80,
    brand: str | None = None,
    labels: int = 12,
    seed: int = 7,
    title: str | None = None,
) -> Figure:
    """The `top` most influential authors of a `community_graph` and their interactions (spring layout, seeded):
    size = influence, colour = role towards `brand` (any brand when None): green advocate, red detractor, orange at
    risk, blue a brand's own account, grey none."""
    from matplotlib.lines import Line2D

    from reputation.analysis.community import require_networkx

    nx = require_networkx()
    score = {n: float(d.get("influence_score", 0.0)) for n, d in graph.nodes(data=True)}
    keep = sorted(score, key=lambda n: (-score[n], n))[:top]
    sub = graph.subgraph(keep)
    fig, [ax] = _figure(height=6.0)
    ax.axis("off")
    ax.set_aspect("equal")
    if sub.number_of_nodes():
        pos = _packed_layout(nx, sub.to_undirected(), seed)
        nodes = list(sub.nodes)
        attrs = [sub.nodes[n] for n in nodes]
        colours = [_role_colour(a.get("roles", ""), bool(a.get("is_brand_account")), brand) for a in attrs]
        sizes = [10 + 2.5 * score[n] for n in nodes]
        widths = [0.4 + 0.4 * min(d.get("weight", 1), 6) for _, _, d in sub.edges(data=True)]
        nx.draw_networkx_edges(sub, pos, ax=ax, width=widths, edge_color="#8c959f", alpha=0.5, arrows=False)
        nx.draw_networkx_nodes(sub, pos, ax=ax, nodelist=nodes, node_color=colours, node_size=sizes, linewidths=0)
        named = {n: sub.nodes[n].get("label", n) for n in keep[:labels]}
        nx.draw_networkx_labels(sub, pos, labels=named, ax=ax, font_size=7, font_color="#1f2328")
    legend = [("advocate", POSITIVE), ("detractor", NEGATIVE), ("at risk", "#e8a33d"), ("brand account", PALETTE[0])]
    handles = [Line2D([], [], ls="", marker="o", color=c, label=name) for name, c in [*legend, ("other", NEUTRAL)]]
    ax.legend(handles=handles, loc="lower left", frameon=False, fontsize=7, ncols=5)
    if title:
        ax.set_title(title, loc="left", fontsize=10)
    return fig


def plot_health(health: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Weekly community health (from `community_health`): active, new, returned and churned members; below, the share
    of members' questions and complaints that a brand account answered."""
    fig, (top, bottom) = _figure(height=4.4, rows=2)
    for i, col in enumerate(["active", "new", "returned", "churned"]):
        top.plot(health["week"], health[col], color=PALETTE[i], lw=2.0 if col == "active" else 1.2, label=col)
    top.set_ylim(bottom=0)
    _legend(top)
    answered = health["answered_share"].fillna(0)
    bottom.bar(health["week"], answered, width=5, color=PALETTE[4])
    bottom.set_ylim(0, max(0.1, float(answered.max()) * 1.25) if len(answered) else 1)
    bottom.set_ylabel("answered", color=GREY, fontsize=8)
    _percent(bottom)
    _dates(bottom)
    if title:
        top.set_title(title, loc="left", fontsize=10, pad=22)
    return fig


def plot_alert(timeline: AlertTimeline, *, title: str | None = None) -> Figure:
    """Hours around an alert (from `alert_timeline`): mentions per hour (bars) against the same hours a week
    before (line), and the share of negative mentions; the alert's episode shaded."""
    hourly, alert = timeline.hourly, timeline.alert
    fig, (top, bottom) = _figure(height=4.6, rows=2)
    width = 1 / 24 * 0.9  # days: one hour's bar
    top.bar(hourly["bucket"], hourly["mentions"], width=width, color=PALETTE[0], label="mentions per hour")
    top.step(hourly["bucket"], hourly["week_before"], where="mid", color=GREY, lw=1.0, label="same hour, a week before")
    top.set_ylim(bottom=0)
    _legend(top)
    bottom.plot(hourly["bucket"], hourly["negative_share"], color=NEGATIVE, lw=1.2, marker=".", ms=3)
    bottom.set_ylim(0, 1.02)
    bottom.set_ylabel("negative share", color=GREY, fontsize=8)
    _percent(bottom)
    for ax in (top, bottom):
        ax.axvspan(alert["started_at"], alert["ended_at"], color=SHADE, lw=0, zorder=0)
    _dates(bottom)
    top.set_title(title or f"{alert['brand']}: {alert['kind']} ({alert['signal']})", loc="left", fontsize=10, pad=22)
    return fig


def plot_campaign(daily: pd.DataFrame, *, title: str | None = None) -> Figure:
    """A campaign day by day (from `campaign_daily`): the brand's mentions against its baseline per day, the
    campaign's own mentions (bars); the window shaded; below, the brand's share of voice."""
    fig, (top, bottom) = _figure(height=4.4, rows=2)
    window = daily[daily["phase"] == "campaign"]["day"]
    for ax in (top, bottom):
        if not window.empty:
            ax.axvspan(window.min(), window.max() + pd.Timedelta(days=1), color=SHADE, lw=0, zorder=0)
    top.bar(daily["day"], daily["mentions"], width=0.8, align="edge", color=PALETTE[2], label="campaign mentions")
    top.plot(daily["day"] + pd.Timedelta(hours=12), daily["brand_mentions"], color=PALETTE[0], lw=1.6, label="brand")
    top.plot(
        daily["day"] + pd.Timedelta(hours=12),
        daily["baseline_per_day"],
        color=GREY,
        lw=1.0,
        ls="--",
        label="brand baseline",
    )
    top.set_ylim(bottom=0)
    _legend(top)
    bottom.plot(daily["day"] + pd.Timedelta(hours=12), daily["share_of_voice"], color=PALETTE[0], lw=1.4)
    bottom.set_ylabel("share of voice", color=GREY, fontsize=8)
    _percent(bottom)
    _dates(bottom)
    if title:
        top.set_title(title, loc="left", fontsize=10, pad=22)
    return fig
