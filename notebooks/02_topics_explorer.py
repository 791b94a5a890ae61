# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Topics explorer
#
# **The question:** what do people talk about, how do they feel about it, which subjects are growing, and what
# do the mentions of a topic actually say?
#
# Topics come from the pipeline's topic model (TF-IDF + NMF by default, docs/topics.md): each has a stable id
# across refits, a label made of its top terms, and top terms per language. The warehouse is `data/warehouse.duckdb`
# after `make demo`, or the file named by `REPUTATION_WAREHOUSE`; every cell calls `reputation.analysis`
# ([docs/notebooks.md](../docs/notebooks.md)).

# %%
# %matplotlib inline
import os

from reputation import analysis

con = analysis.open_warehouse(os.environ.get("REPUTATION_WAREHOUSE"))  # None: data/warehouse.duckdb
BRAND = analysis.brands(con)[0]  # the most mentioned brand: the own brand of the demo
BRAND

# %% [markdown]
# ## The topics
# One row per topic of the active model, biggest first, with its share of all mentions and its net sentiment.

# %%
overview = analysis.topics_overview(con)
overview[["topic_id", "label", "terms_fr", "terms_en", "mentions", "share", "net_sentiment"]]

# %%
analysis.plot_net_sentiment(
    analysis.topics_overview(con, BRAND), "label", title=f"{BRAND}: net sentiment and mentions per topic"
)

# %% [markdown]
# ## How the conversation about the own brand moves
# The share of each topic in the brand's mentions, week by week.

# %%
analysis.plot_topic_trend(analysis.topic_trend(con, BRAND, "W"), title=f"{BRAND}: share of each topic per week")

# %% [markdown]
# ## Emerging topics
# A topic's week is flagged when the topic is new, or when it is at least twice its median of the four weeks
# before and clearly above noise (docs/topics.md). The demo's outage shows up here.

# %%
emerging = analysis.emerging_topics(con)
emerging

# %% [markdown]
# ## Reading a topic
# The most recent emerging topic if there is one, else the biggest topic: its most engaging original mentions,
# then its most engaging negative ones.

# %%
TOPIC = int(emerging.iloc[0]["topic_id"] if len(emerging) else overview.iloc[0]["topic_id"])
overview[overview["topic_id"] == TOPIC][["topic_id", "label", "terms_fr", "terms_en"]]

# %%
analysis.topic_mentions(con, TOPIC, 8)[["published_at", "platform", "who", "lang", "sentiment", "engagement", "text"]]

# %%
analysis.topic_mentions(con, TOPIC, 5, sentiment="negative")[["who", "platform", "engagement", "text"]]

# %% [markdown]
# ## What to look at next
# - A topic that grows with negative sentiment: the crisis notebook (04) shows whether an alert fired for it.
# - The same topic for a competitor: `analysis.topic_trend(con, "Telvia")`, `analysis.topics_overview(con, "Telvia")`.
# - One language only: `analysis.topic_mentions(con, TOPIC, 10, lang="en")`.
# - Topics that feel wrong (too broad, mixed languages): the topic settings of the project file (docs/topics.md).

# %%
con.close()  # let the next flow write the warehouse
