"""The weekly report's charts, drawn once with matplotlib and kept in two forms: PNG for the e-mail (inline images
referenced by cid:) and SVG for the saved HTML file (inline, so it shows offline).

Charts hold numbers, dates and brand names only (never text from mentions) and no words, so one drawing serves every
language: the titles and captions around them are in the report's HTML. matplotlib is imported when a chart is
drawn, and only its object-oriented API is used (no pyplot state: safe in Prefect's worker threads).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd
from markupsafe import Markup

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

PALETTE = ["#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989"]
GREY, LIGHT, WEEK = "#57606a", "#d0d7de", "#fff8c5"
WIDTH = 640  # CSS pixels: the report's content width
PNG_DPI = 200  # twice the CSS size, sharp on high-density screens
NAMES = ("volume", "sentiment", "share_of_voice")


@dataclass(frozen=True)
class Chart:
    name: str
    png: bytes
    svg: Markup
    width: int  # CSS pixels
    height: int


def _style(ax: Axes) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.spines[["left", "bottom"]].set_color(LIGHT)
    ax.tick_params(colors=GREY, labelsize=8, length=2)
    ax.grid(axis="y", color="#eaeef2", linewidth=0.6)
    ax.set_axisbelow(True)


def _date_axis(ax: Axes, context: dict[str, Any]) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    # the report's week, shaded
    ax.axvspan(pd.Timestamp(context["start"]), pd.Timestamp(context["end"] + timedelta(days=1)), color=WEEK, lw=0)


def _brand_order(brands: list[str], own: str) -> list[str]:
    return sorted(brands, key=lambda b: (b != own, b))


def volume_figure(context: dict[str, Any]) -> Figure:
    """Daily mentions per brand over the 8 weeks to the report's end; the own brand first and thicker."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH / 100, 2.6), dpi=100, layout="constrained")
    ax = fig.subplots()
    _style(ax)
    daily: pd.DataFrame = context["daily"]
    if not daily.empty:
        pivot = daily.pivot_table(index="day", columns="brand", values="mentions", aggfunc="sum").fillna(0)
        days = pd.to_datetime(pivot.index).to_numpy()
        for i, brand in enumerate(_brand_order(list(pivot.columns), context["own"])):
            own = brand == context["own"]
            ax.plot(
                days,
                pivot[brand].to_numpy(),
                color=PALETTE[i % len(PALETTE)],
                lw=2.0 if own else 1.2,
                label=brand,
                zorder=3 if own else 2,
            )
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=6, frameon=False, fontsize=8, handlelength=1.2)
        ax.set_ylim(bottom=0)
    _date_axis(ax, context)
    return fig


def sentiment_figure(context: dict[str, Any]) -> Figure:
    """The own brand's net sentiment per day (dots) and over the 7 days to each day (line), from -1 to +1."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH / 100, 2.3), dpi=100, layout="constrained")
    ax = fig.subplots()
    _style(ax)
    trend: pd.DataFrame = context["sentiment_trend"]
    if not trend.empty:
        days = pd.to_datetime(trend["day"]).to_numpy()
        daily = trend["net"].astype(float).to_numpy()
        rolling = trend["net_7d"].astype(float).to_numpy()
        ax.scatter(days, daily, s=6, color=PALETTE[0], alpha=0.35, lw=0, zorder=2)
        ax.plot(days, rolling, color=PALETTE[0], lw=2.0, zorder=3)
    ax.axhline(0, color=GREY, lw=0.6)
    ax.set_ylim(-1.05, 1.05)
    ax.set_yticks([-1, -0.5, 0, 0.5, 1])
    _date_axis(ax, context)
    return fig


def share_of_voice_figure(context: dict[str, Any]) -> Figure:
    """Each brand's share of the week's mentions (bars) and of the week before's (a tick on each bar)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    brands = [b for b in context["brands"] if b["mentions"] or b["prev_mentions"]]
    fig = Figure(figsize=(WIDTH / 100, 0.5 + 0.32 * max(len(brands), 1)), dpi=100, layout="constrained")
    ax = fig.subplots()
    _style(ax)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#eaeef2", linewidth=0.6)
    order = _brand_order([b["brand"] for b in brands], context["own"])
    colors = {b: PALETTE[i % len(PALETTE)] for i, b in enumerate(order)}
    by_name = {b["brand"]: b for b in brands}
    for y, name in enumerate(reversed(order)):
        b = by_name[name]
        ax.barh(y, b["share_of_voice"], color=colors[name], height=0.6)
        ax.plot([b["prev_share_of_voice"]] * 2, [y - 0.36, y + 0.36], color="#1f2328", lw=1.4)
        at = max(b["share_of_voice"], b["prev_share_of_voice"])
        ax.text(at, y, f"  {b['share_of_voice'] * 100:.0f} %", va="center", fontsize=8, color=GREY)
    ax.set_yticks(range(len(order)), list(reversed(order)), fontsize=9)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlim(0, max([0.1] + [max(b["share_of_voice"], b["prev_share_of_voice"]) for b in brands]) * 1.18)
    return fig


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=PNG_DPI, facecolor="white", metadata={"Software": None})
    return buf.getvalue()


_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_SVG_ROOT = re.compile(r'<svg\b[^>]*?\swidth="[^"]*"\s+height="[^"]*"')


def _svg(fig: Figure, name: str, width: int, height: int) -> Markup:
    import matplotlib

    buf = io.StringIO()
    # text kept as text (small, searchable); ids salted per chart so that several charts fit in one page
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": f"reputation-{name}"}):
        fig.savefig(buf, format="svg", facecolor="white", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    text = text[text.index("<svg") :]  # drop the XML declaration and doctype: the SVG goes inside HTML
    text = _METADATA.sub("", text, count=1)
    text = _SVG_ROOT.sub(f'<svg width="{width}" height="{height}" role="img"', text, count=1)
    return Markup(text)  # matplotlib's own SVG: no text from mentions is ever drawn


def render_charts(context: dict[str, Any]) -> dict[str, Chart]:
    """Draw every chart of a report context (see :func:`reputation.report.weekly_context`)."""
    drawn = {
        "volume": volume_figure(context),
        "sentiment": sentiment_figure(context),
        "share_of_voice": share_of_voice_figure(context),
    }
    charts = {}
    for name, fig in drawn.items():
        w, h = (round(v * 100) for v in fig.get_size_inches())
        charts[name] = Chart(name, _png(fig), _svg(fig, name, w, h), w, h)
    return charts
