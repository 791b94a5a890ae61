"""Read-only analysis of the warehouse, for notebooks and scripts (docs/notebooks.md).

    from reputation import analysis

    con = analysis.open_warehouse()                  # $REPUTATION_WAREHOUSE, else data/warehouse.duckdb
    weekly = analysis.sentiment_trend(con, "Nexora", freq="W")
    analysis.plot_trend(weekly, "net_sentiment")

Pure functions over a read-only DuckDB connection: parameterised SQL over the documented views (docs/warehouse.md),
DataFrames out; the `plot_*` helpers turn those frames into matplotlib Figures. Nothing here writes.
"""

from reputation.analysis.community import (
    community_graph,
    community_health,
    graph_frames,
    graph_summary,
    periods,
    roles,
    top_influencers,
)
from reputation.analysis.connection import (
    WAREHOUSE_ENV,
    brands,
    coverage,
    default_warehouse_path,
    open_warehouse,
)
from reputation.analysis.incidents import (
    AlertTimeline,
    alert_timeline,
    alerts,
    group_incidents,
    incidents,
    mentions_by_id,
)
from reputation.analysis.outreach import (
    campaign_daily,
    campaign_summary,
    campaigns,
    linked_domains,
    media_map,
    response_queue,
)
from reputation.analysis.plots import (
    plot_alert,
    plot_campaign,
    plot_graph,
    plot_health,
    plot_influencers,
    plot_net_sentiment,
    plot_share_of_voice,
    plot_topic_trend,
    plot_trend,
)
from reputation.analysis.topics import emerging_topics, topic_mentions, topic_trend, topics_overview
from reputation.analysis.trends import (
    aspects,
    brand_overview,
    breakdown,
    metrics,
    reputation_index,
    sentiment_trend,
    share_of_voice,
)

__all__ = [
    "WAREHOUSE_ENV",
    "AlertTimeline",
    "alert_timeline",
    "alerts",
    "aspects",
    "brand_overview",
    "brands",
    "breakdown",
    "campaign_daily",
    "campaign_summary",
    "campaigns",
    "community_graph",
    "community_health",
    "coverage",
    "default_warehouse_path",
    "emerging_topics",
    "graph_frames",
    "graph_summary",
    "group_incidents",
    "incidents",
    "linked_domains",
    "media_map",
    "mentions_by_id",
    "metrics",
    "open_warehouse",
    "periods",
    "plot_alert",
    "plot_campaign",
    "plot_graph",
    "plot_health",
    "plot_influencers",
    "plot_net_sentiment",
    "plot_share_of_voice",
    "plot_topic_trend",
    "plot_trend",
    "reputation_index",
    "response_queue",
    "roles",
    "sentiment_trend",
    "share_of_voice",
    "top_influencers",
    "topic_mentions",
    "topic_trend",
    "topics_overview",
]
