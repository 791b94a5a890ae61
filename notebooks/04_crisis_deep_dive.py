# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Crisis deep-dive
#
# **The question:** what was the largest crisis, when exactly did it start, what was it about, who drove it, how
# did it hit the brand's reputation, and what is still waiting for an answer? For contrast, the end of the notebook
# looks at a planned spike: a campaign or contest.
#
# Nothing is hard-coded: the crisis is the largest one in the `alerts` table (docs/signals.md), whatever the data.
# The warehouse is `data/warehouse.duckdb` after `make demo`, or the file named by `REPUTATION_WAREHOUSE`; every
# cell calls `reputation.analysis` ([docs/notebooks.md](../docs/notebooks.md)). Alert times are in the project's
# time zone.

# %%
# %matplotlib inline
import os

import pandas as pd

from reputation import analysis

con = analysis.open_warehouse(os.environ.get("REPUTATION_WAREHOUSE"))  # None: data/warehouse.duckdb
analysis.incidents(con)  # alerts that overlap are one incident; most mentions first

# %% [markdown]
# ## The largest crisis
# A crisis is an alert whose volume and negative share rose together. The incident groups the alerts of its
# signals (daily volume, negative share, hourly volume).

# %%
crisis = analysis.incidents(con, kind="crisis").iloc[0]
print(crisis["summary"])
crisis[["brand", "started_at", "ended_at", "mentions", "signals"]]

# %% [markdown]
# ## Hour by hour
# The brand's mentions per hour around the episode (bars) against the same hours one week before (line), and the
# share of negative mentions; the episode is shaded.

# %%
timeline = analysis.alert_timeline(con, crisis["alert_id"], hours_before=48, hours_after=48)
analysis.plot_alert(timeline)

# %% [markdown]
# ## What it was about
# Words, topics and platforms over-represented against the weeks before, and the members who drove it.

# %%
timeline.terms

# %%
timeline.topics

# %%
timeline.sources

# %%
timeline.authors

# %% [markdown]
# The example mentions the alert kept (most engaging first, negative ones first for a crisis):

# %%
timeline.examples[["published_at", "platform", "who", "sentiment", "intent", "engagement", "text"]]

# %% [markdown]
# ## The damage
# The brand's reputation index (50 = neutral) and the brands' shares of voice, two weeks either side.

# %%
window = {"start": crisis["started_at"] - pd.Timedelta(days=14), "end": crisis["ended_at"] + pd.Timedelta(days=14)}
index = analysis.reputation_index(con, crisis["brand"], freq="D", **window)
analysis.plot_trend(index, "reputation_index", title=f"{crisis['brand']}: reputation index per day")

# %%
analysis.plot_share_of_voice(analysis.share_of_voice(con, "D", **window), title="Share of voice per day")

# %% [markdown]
# ## Members who turned, and what still waits for an answer
# Members at risk: positive about the brand in the 90 days before the `recent` period, negative in it (for a crisis
# older than the last four weeks, use its month: `analysis.periods(con)`). The response queue: members' questions
# and complaints that no brand account has answered yet, most urgent first.

# %%
analysis.roles(con, "recent", "at_risk", brand=crisis["brand"])[["rank", "who", "platform", "reason"]]

# %%
analysis.response_queue(con, 10)[["rank", "priority", "who", "platform", "intent", "waiting_hours", "text"]]

# %% [markdown]
# ## For contrast: a planned spike
# The latest campaign or contest of the project file, against the brand's baseline days: a spike in volume, but
# with positive sentiment.

# %%
campaigns = analysis.campaigns(con)
campaigns[["campaign", "kind", "brand", "start_day", "end_day", "mentions", "participants", "new_members", "lift"]]

# %%
CAMPAIGN = campaigns.iloc[0]["campaign"]
analysis.plot_campaign(analysis.campaign_daily(con, CAMPAIGN), title=f"{CAMPAIGN}: the brand's mentions per day")

# %%
analysis.incidents(con, brand=crisis["brand"], kind="spike")  # the contest shows up as a spike, not a crisis

# %% [markdown]
# ## What to look at next
# - Another alert: `analysis.alerts(con)` lists them all; `analysis.alert_timeline(con, alert_id)` opens any one.
# - The crisis topic over the weeks and its mentions: the topics explorer (02) with the topic ids of
#   `timeline.topics`.
# - The detractors who drove it, and whether they calmed down: the community notebook (03).
# - Alert settings (sensitivity, minimum mentions) if this crisis was found too late or a false alarm fired:
#   the `alerts` section of the project file (docs/signals.md).

# %%
con.close()  # let the next flow write the warehouse
