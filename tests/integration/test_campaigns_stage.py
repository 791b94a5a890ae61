"""Campaigns on a real warehouse of demo mentions: the planted giveaway, declared in the project file from the ground
truth, is found (its hashtagged mentions, its new members), lifts the brand's volume and is liked; a campaign over a
quiet week shows no lift; running and scheduled campaigns; reruns give the same rows."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pandas as pd
import pytest
import yaml

from reputation import campaigns, stages
from reputation.config import ProjectError, load_project
from reputation.demo.generator import DemoConfig
from reputation.warehouse import Warehouse
from tests.demo_project import demo_project

pytestmark = pytest.mark.integration


def keys_hold(wh: Warehouse, project, first: pd.DataFrame, daily: pd.DataFrame) -> set[str]:
    """A mention of the giveaway turns negative: the campaigns whose window holds it are measured again, the others
    keep their rows, and the tables are what measuring every campaign again gives. Returns the campaigns measured."""
    mention, at = wh.df(
        "SELECT mention_id, published_at FROM raw_mentions JOIN enr_sentiment USING (mention_id) "
        "WHERE text ILIKE '%' || $tag || '%' AND sentiment <> 'negative' ORDER BY mention_id LIMIT 1",
        {"tag": project.campaigns[0].hashtags[0]},
    ).iloc[0]
    wh.con.execute("UPDATE enr_sentiment SET sentiment = 'negative' WHERE mention_id = ?", [mention])
    last = wh.scalar("SELECT max(published_at)::DATE FROM raw_mentions")
    holding = {
        c.name
        for c in project.campaigns
        if c.start <= last and campaigns._window(c, last)[0] <= at.date() < campaigns._window(c, last)[1]
    }
    warm = campaigns.refresh(wh, project)
    assert warm["kept"] == 3 - len(holding)
    tables = [wh.df(f"SELECT * EXCLUDE (computed_at) FROM {t} ORDER BY ALL") for t in ("mart_campaigns",)]
    tables.append(wh.df("SELECT * FROM mart_campaign_daily ORDER BY ALL"))
    wh.con.execute("DELETE FROM campaign_keys")
    assert campaigns.refresh(wh, project)["kept"] == 0
    cold = [wh.df("SELECT * EXCLUDE (computed_at) FROM mart_campaigns ORDER BY ALL")]
    cold.append(wh.df("SELECT * FROM mart_campaign_daily ORDER BY ALL"))
    for got, want in zip(tables, cold, strict=True):
        pd.testing.assert_frame_equal(got, want)
    giveaway = cold[0].set_index("campaign").loc["Giveaway"]
    assert giveaway["negative"] == first.set_index("campaign").loc["Giveaway", "negative"] + 1  # it was measured
    # a campaign whose row is gone (retention deletes those that ended long ago) is measured again, key or not
    wh.con.execute("DELETE FROM mart_campaigns WHERE campaign = 'Giveaway'")
    assert campaigns.refresh(wh, project)["kept"] == 2
    assert wh.scalar("SELECT count(*) FROM mart_campaigns WHERE campaign = 'Giveaway'") == 1
    return holding


def test_the_planted_contest(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("campaigns")
    _, files = demo_project(out, DemoConfig.sized(8_000, 10, 5))
    truth = json.loads(files["ground_truth"].read_text(encoding="utf-8"))
    contest, last = truth["contest"], date.fromisoformat(truth["end"])
    # a week with nothing planted: its 28 baseline days hold the 2-day crisis (the median shrugs it off), not the
    # contest, which lifts the baseline of the weeks after it (lift < 1 there)
    quiet = last - timedelta(days=13)
    path = out / "project.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["campaigns"] = [  # the example project's own campaigns, if any, are replaced
        {"name": "Giveaway", "kind": "contest", "hashtags": contest["hashtags"], "start": contest["start"],
         "end": contest["end"]},
        {"name": "Quiet week", "query": "nexora* NEAR/5 (forfait OR plan)", "start": quiet,
         "end": quiet + timedelta(6)},
        {"name": "Running", "hashtags": ["NexoraNoel"], "start": last - timedelta(3), "end": last + timedelta(20)},
        {"name": "Next year", "hashtags": ["Nexora2027"], "start": last + timedelta(60), "end": last + timedelta(70)},
    ]  # fmt: skip
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    project = load_project(path)
    with Warehouse(project.warehouse_path) as wh:
        stages.ingest(wh, project)
        stages.detect_language(wh)
        stages.score_sentiment(wh, project.models.sentiment)
        counts = campaigns.refresh(wh, project)
        first = wh.df("SELECT * FROM campaigns ORDER BY campaign")
        daily = wh.df("SELECT * FROM campaign_daily ORDER BY campaign, day")
        rerun = campaigns.refresh(wh, project)  # idempotent: the measured campaigns keep their rows
        assert rerun == counts | {"kept": 3, "daily_rows": 0}
        again = wh.df("SELECT * FROM campaigns ORDER BY campaign")
        changed = keys_hold(wh, project, first, daily)
        bad = project.model_copy(update={"campaigns": [*project.campaigns[:1], project.campaigns[1].model_copy(
            update={"query": "(nexora"})]})  # fmt: skip
        with pytest.raises(ProjectError, match="'Quiet week': query does not parse"):
            campaigns.refresh(wh, bad)
        assert wh.scalar("SELECT count(*) FROM mart_campaigns") == 4  # nothing was written
    assert counts == {"campaigns": 4, "ended": 2, "running": 1, "scheduled": 1, "kept": 0,
                      "mentions": counts["mentions"], "daily_rows": len(daily)}  # fmt: skip
    assert "Giveaway" in changed and "Next year" not in changed
    pd.testing.assert_frame_equal(first.drop(columns="computed_at"), again.drop(columns="computed_at"))
    rows = first.set_index("campaign")

    # the giveaway: every mention carrying one of its hashtags, once (the ground truth counts a mention with both
    # tags twice, so its figure is higher by the number of those)
    mentions = pd.read_json(files["mentions"], lines=True, dtype=False)
    low = mentions["text"].str.lower()
    tags = [low.str.contains(t.lower(), regex=False) for t in contest["hashtags"]]
    g = rows.loc["Giveaway"]
    assert tags[0].sum() + tags[1].sum() == contest["observed"]["mentions_with_hashtag"]
    assert (
        g["mentions"]
        == (tags[0] | tags[1]).sum()
        == contest["observed"]["mentions_with_hashtag"] - (tags[0] & tags[1]).sum()
    )
    assert 0.8 < g["mentions"] / contest["observed"]["mentions_with_hashtag"] < 1
    # new members: participants first seen in the window; the ground truth counts authors whose first mention is a
    # contest mention (with or without the hashtag): a few percent apart either way
    assert g["new_members"] == pytest.approx(contest["observed"]["new_authors"], rel=0.1)
    assert g["status"] == "ended" and g["days"] == 9 and g["baseline_days"] == 14  # the data starts 14 days before
    assert g["participants"] > g["new_members"] > 0 and g["member_mentions"] < g["mentions"]  # the brand posts too
    assert g["lift"] > 1.4 and g["extra_mentions"] > 0.5 * g["mentions"]
    assert g["net_sentiment"] > 0.5 and g["brand_net_sentiment"] > g["baseline_net_sentiment"]
    assert g["share_of_voice"] > g["baseline_share_of_voice"]
    assert len(g["top_participants"]) == 10 and g["reach"] > 0 and g["engagement"] > 0
    gd = daily[daily["campaign"] == "Giveaway"]
    assert gd["phase"].value_counts().to_dict() == {"baseline": 14, "campaign": 9}
    assert gd.loc[gd["phase"] == "campaign", "mentions"].sum() == g["mentions"]
    assert gd.loc[gd["phase"] == "baseline", "mentions"].sum() == 0  # nobody used the tags before
    assert gd.loc[gd["phase"] == "campaign", "brand_mentions"].sum() == g["brand_mentions"]

    q = rows.loc["Quiet week"]
    assert q["status"] == "ended" and q["baseline_days"] == 28 and q["mentions"] > 0
    assert 0.85 < q["lift"] < 1.2 and abs(q["lift_per_day"]) < 0.2 * q["baseline_per_day"]

    r, s = rows.loc["Running"], rows.loc["Next year"]
    assert r["status"] == "running" and r["days"] == 4 and r["baseline_per_day"] > 0
    assert s["status"] == "scheduled" and s["days"] == s["mentions"] == 0 and pd.isna(s["lift"])
    assert set(daily["campaign"]) == {"Giveaway", "Quiet week", "Running"}
