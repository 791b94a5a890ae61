"""Community health on a real warehouse of demo mentions: the planted outage week shows as the week with the most
questions and complaints and the slowest brand answers."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from reputation import stages
from reputation.demo.generator import DemoConfig
from reputation.warehouse import Warehouse
from tests.demo_project import demo_project

pytestmark = pytest.mark.integration


def test_weekly_health_finds_the_crisis_week(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("health")
    project, _ = demo_project(out, DemoConfig.sized(8_000, 10, 5))
    with Warehouse(project.warehouse_path) as wh:
        stages.ingest(wh, project)
        stages.detect_language(wh)
        stages.score_sentiment(wh, project.models.sentiment)
        stages.classify_voice(wh, project)
        result = stages.score_community(wh, project)
        health = wh.df("SELECT * FROM community_health ORDER BY week")
        periods = wh.df("SELECT period, sum(mentions) AS mentions FROM community_author_periods GROUP BY 1 ORDER BY 1")
        total = wh.scalar("SELECT count(*) FROM mentions")
        brands = wh.df("SELECT * FROM community_author_brands")
    # authors per month: every mention counted once, months as they come in the project's time zone
    assert periods["period"].tolist() == ["2026-08", "2026-09", "2026-10", "2026-11"]
    assert periods["mentions"].sum() == total
    assert (
        set(brands["brand"]) <= {b.name for b in project.brands.all}
        and brands["net_sentiment"].dropna().between(-1, 1).all()
    )
    assert "10 weeks of community health" in result.detail and len(health) == 10
    first = health.iloc[0]
    assert first["new"] == first["active"] > 0 and first["returned"] == first["churned"] == 0
    assert (health["new"].iloc[-3:] < health["new"].iloc[0]).all()  # the community forms, then fewer newcomers
    assert health["ugc_share"].between(0.8, 1.0).all() and health["answered"].sum() > 0
    week = pd.Timestamp(date(2026, 10, 12))  # the outage: 13-14 October
    crisis = health[health["week"] == week].iloc[0]
    others = health[health["week"] != week]
    assert crisis["to_answer"] == health["to_answer"].max()
    assert crisis["median_response_hours"] > others["median_response_hours"].median()
