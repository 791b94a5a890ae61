# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Influencers and the community graph
#
# **The question:** who matters in the community, who speaks for or against the own brand, who is turning against
# it lately, how healthy is the community week by week, and how do members interact?
#
# Influence (0–100) combines reach, engagement, centrality in the interaction graph, activity and relevance
# (docs/influence.md); roles (advocates, detractors, contributors, newcomers, members at risk) carry the evidence
# that earned them. The warehouse is `data/warehouse.duckdb` after `make demo`, or the file named by
# `REPUTATION_WAREHOUSE`; every cell calls `reputation.analysis` ([docs/notebooks.md](../docs/notebooks.md)).
# The graph needs networkx (`pip install 'reputation[analysis]'`).

# %%
# %matplotlib inline
import os

from reputation import analysis

con = analysis.open_warehouse(os.environ.get("REPUTATION_WAREHOUSE"))  # None: data/warehouse.duckdb
BRAND = analysis.brands(con)[0]  # the most mentioned brand: the own brand of the demo
analysis.periods(con)  # 'all', 'recent' (the 28 days to the last complete week), then months

# %% [markdown]
# ## The most influential members over the whole history
# The brands' own accounts are scored but not ranked. Each component is between 0 and 1.

# %%
influencers = analysis.top_influencers(con, "all", 15)
analysis.plot_influencers(influencers, title="Influence score, whole history")

# %%
influencers[["rank", "who", "platform", "followers", "influence_score", "reach", "engagement", "centrality"]]

# %% [markdown]
# ## Lately: advocates, detractors and members at risk of the own brand
# `recent` is the 28 days to the last complete Monday–Sunday week, what the weekly report shows. The `reason`
# column says why each member is on the list.

# %%
analysis.roles(con, "recent", "advocate", brand=BRAND)[["rank", "who", "platform", "influence_score", "reason"]]

# %%
analysis.roles(con, "recent", "detractor", brand=BRAND)[["rank", "who", "platform", "influence_score", "reason"]]

# %%
analysis.roles(con, "recent", "at_risk", brand=BRAND)[["rank", "who", "platform", "net_before", "net_sentiment"]]

# %% [markdown]
# ## Community health per week
# Active members, newcomers, members who came back and members who went quiet; below, the share of members'
# questions and complaints a brand account answered.

# %%
health = analysis.community_health(con)
analysis.plot_health(health, title="Community health per week")

# %% [markdown]
# ## The interaction graph, lately
# Replies, shares and @mentions between authors in the `recent` period: the most influential authors and their
# links, coloured by their role towards the own brand. Interactions rarely cross platforms, so each platform tends to
# form its own cluster.

# %%
graph = analysis.community_graph(con, "recent")
analysis.graph_summary(graph)

# %%
analysis.plot_graph(graph, top=80, brand=BRAND, title=f"Most influential authors lately, by role towards {BRAND}")

# %% [markdown]
# ## What to look at next
# - The same lists for a month: `analysis.roles(con, "2026-10", "detractor", brand=BRAND)` (`analysis.periods(con)`
#   lists the months).
# - Competitors' detractors are prospects: `analysis.roles(con, "recent", "detractor", brand="Telvia")`.
# - The whole graph in Gephi: `reputation graph export --project data/project.yaml --period recent --out g.gexf`.
# - Graph measures: `graph` is a networkx DiGraph (e.g. `networkx.betweenness_centrality(graph, weight="weight")`).

# %%
con.close()  # let the next flow write the warehouse
