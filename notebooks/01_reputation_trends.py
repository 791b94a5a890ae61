# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Reputation and sentiment trends
#
# **The question:** how is each brand's reputation moving (volume, sentiment, share of voice, reputation index),
# and where does the own brand stand against its competitors: on which platforms, in which language, about what?
#
# The notebook reads the warehouse the pipeline writes: `data/warehouse.duckdb` after `make demo`, or the file named
# by the environment variable `REPUTATION_WAREHOUSE`. Every number comes from `reputation.analysis`, a small
# read-only API documented in [docs/notebooks.md](../docs/notebooks.md): the cells only call it and show the result.
# Days and weeks are in the project's time zone; weeks start on Monday.

# %%
# %matplotlib inline
import os

from reputation import analysis

con = analysis.open_warehouse(os.environ.get("REPUTATION_WAREHOUSE"))  # None: data/warehouse.duckdb
about = analysis.coverage(con)
BRAND = about["brands"][0]  # the most mentioned brand: the own brand of the demo
about

# %% [markdown]
# ## The brands over the whole period
# Mentions, sentiment counts, net sentiment ((positive − negative) / (positive + negative)), share of voice among
# the tracked brands, and the reputation index (0–100, 50 = neutral: an audience-weighted net sentiment over all
# mentions, docs/signals.md).

# %%
analysis.brand_overview(con)

# %% [markdown]
# ## Volume and net sentiment per week

# %%
weekly = analysis.metrics(con, freq="W")
analysis.plot_trend(weekly, "mentions", title="Mentions per week")

# %%
analysis.plot_trend(weekly, "net_sentiment", title="Net sentiment per week")

# %% [markdown]
# ## Share of voice
# Each brand's share of the tracked brands' mentions, per week; a week's shares add up to 100 %.

# %%
analysis.plot_share_of_voice(analysis.share_of_voice(con, "W"), title="Share of voice per week")

# %% [markdown]
# ## Reputation index per day
# Daily values are noisy for small brands (the index is pulled towards 50 when there are few mentions); a day far
# below the others is worth a look in the crisis notebook (04).

# %%
daily_index = analysis.reputation_index(con, freq="D")
analysis.plot_trend(daily_index, "reputation_index", title="Reputation index per day")

# %%
daily_index[daily_index["brand"] == BRAND].nsmallest(5, "reputation_index")

# %% [markdown]
# ## Where: platforms and languages of the own brand

# %%
platforms = analysis.breakdown(con, BRAND, "platform")
analysis.plot_net_sentiment(platforms, "platform", title=f"{BRAND}: net sentiment and mentions per platform")

# %%
analysis.breakdown(con, BRAND, "lang")

# %% [markdown]
# ## About what: aspects
# Price, customer service, network, product, delivery and the brands' products, each with the sentiment of the
# clause that mentions it (docs/enrichment.md).

# %%
analysis.plot_net_sentiment(analysis.aspects(con, BRAND), "aspect", title=f"{BRAND}: net sentiment per aspect")

# %%
analysis.plot_trend(
    analysis.sentiment_trend(con, BRAND, "W", lang="fr"), "net_sentiment", title=f"{BRAND}: net sentiment in French"
)

# %% [markdown]
# ## What to look at next
# - A week that breaks the trend: `analysis.incidents(con)` lists the alerts behind it, and the crisis notebook
#   (04) opens one hour by hour.
# - What people talk about in a bad week: the topics explorer (02).
# - Who drives the sentiment: the influencers and community notebook (03).
# - Any chart for one platform or language: `analysis.metrics(con, freq="W", platform="twitter", lang="en")`.

# %%
con.close()  # let the next flow write the warehouse
