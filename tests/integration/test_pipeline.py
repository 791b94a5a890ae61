"""End to end: the real pipeline (Prefect flows, DuckDB file) finds what the demo generator planted.

One small demo dataset and one pipeline run per session; a second run checks idempotence. Alerts go to a real local
SMTP server and a local webhook receiver during both runs.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
import yaml

from reputation.config import load_project
from reputation.delivery.testing import SmtpServer, WebhookServer
from reputation.demo import write_project_file
from reputation.demo.generator import DemoConfig, write_demo
from reputation.report import last_complete_week_end
from reputation.warehouse import Warehouse

pytestmark = pytest.mark.integration

CONFIG = DemoConfig(seed=7, n_mentions=12_000, weeks=8, n_authors=1_500)


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory: pytest.TempPathFactory, prefect_home: Path) -> Path:
    """Demo data + the example project file in a temporary folder, and one pipeline run over it."""
    from prefect.testing.utilities import prefect_test_harness

    from flows.pipeline import pipeline_flow

    out = tmp_path_factory.mktemp("demo")
    files = write_demo(out / "demo", CONFIG)
    project_file = write_project_file(out / "project.yaml", files["ground_truth"])
    with prefect_test_harness(), SmtpServer() as smtp, WebhookServer() as hook:
        send_alerts_to(project_file, smtp.port, hook.url())
        outcome = pipeline_flow(str(project_file))
        (out / "first_run.json").write_text(json.dumps(outcome, default=str))
        with Warehouse(load_project(project_file).warehouse_path, read_only=True) as wh:
            (out / "counts_after_first.json").write_text(json.dumps(table_counts(wh)))
        received = {"emails": len(smtp.received), "posts": len(hook.received)}
        (out / "alerts_after_first.json").write_text(json.dumps(received))
        pipeline_flow(str(project_file))  # a full rerun must change nothing, and send nothing again
        received = {
            "emails": [{"to": m.recipients, "subject": m.message["Subject"]} for m in smtp.received],
            "posts": [json.loads(p.body) for p in hook.received],
        }
        (out / "alerts_received.json").write_text(json.dumps(received))
    return project_file


def send_alerts_to(project_file: Path, smtp_port: int, webhook: str) -> None:
    """Alerts of the example project go to one address (a local SMTP server) and one webhook; every alert of the
    demo's 8 weeks is recent enough to be sent."""
    data = yaml.safe_load(project_file.read_text(encoding="utf-8"))
    smtp = {"smtp_host": "127.0.0.1", "smtp_port": smtp_port, "smtp_security": "none", "smtp_user_env": None}
    data["report"] |= smtp | {"smtp_password_env": None, "sender": "reputation@nexora.example"}
    targets = {"email": ["cm@nexora.example"], "webhooks": [{"url": webhook, "name": "ops"}]}
    data["alerts"] |= targets | {"send_within_hours": 24 * 7 * CONFIG.weeks, "retries": 0}
    project_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def table_counts(wh: Warehouse) -> dict[str, int]:
    tables = [
        "raw_mentions",
        "quarantine",
        "enr_language",
        "enr_sentiment",
        "enr_topic",
        "topics",
        "community_authors",
        "community_edges",
        "community_influence",
        "mart_daily_brand_metrics",
    ]
    return {t: int(wh.scalar(f"SELECT count(*) FROM {t}")) for t in tables}


@pytest.fixture(scope="session")
def wh(demo_project: Path):
    with Warehouse(load_project(demo_project).warehouse_path, read_only=True) as w:
        yield w


@pytest.fixture(scope="session")
def truth(demo_project: Path) -> dict:
    return json.loads((demo_project.parent / "demo" / "ground_truth.json").read_text())


def test_every_generated_mention_is_loaded_once(demo_project: Path, wh: Warehouse):
    lines = (demo_project.parent / "demo" / "mentions.jsonl").read_text().splitlines()
    assert wh.scalar("SELECT count(*) FROM raw_mentions") == len(lines)
    assert wh.scalar("SELECT count(*) FROM quarantine") == 0
    assert wh.scalar("SELECT count(DISTINCT mention_id) FROM mentions") == len(lines)


def test_rerun_duplicates_nothing(demo_project: Path, wh: Warehouse):
    before = json.loads((demo_project.parent / "counts_after_first.json").read_text())
    assert table_counts(wh) == before
    runs = wh.df("SELECT stage, count(*) AS n FROM stage_runs WHERE status = 'ok' GROUP BY stage")
    assert set(runs["n"]) == {2}  # every stage ran twice, and succeeded twice


def test_every_mention_is_enriched_with_named_models(wh: Warehouse):
    missing = wh.scalar("SELECT count(*) FROM mentions WHERE sentiment IS NULL OR topic_id IS NULL")
    assert missing == 0
    models = wh.df("SELECT DISTINCT sentiment_model FROM mentions")["sentiment_model"].tolist()
    assert len(models) == 1 and models[0].startswith("builtin-linear@")  # the default model
    langs = wh.df("SELECT lang, count(*) AS n FROM mentions GROUP BY lang ORDER BY n DESC")
    assert langs["lang"].tolist()[:2] in (["fr", "en"], ["en", "fr"])
    assert langs["n"][:2].sum() / langs["n"].sum() > 0.95


def test_detected_language_and_sentiment_agree_with_the_plant(demo_project: Path, wh: Warehouse):
    planted = pd.read_csv(demo_project.parent / "demo" / "ground_truth_mentions.csv", dtype=str)
    planted["mention_id"] = planted["platform"] + ":" + planted["platform_id"]
    got = wh.df("SELECT mention_id, lang, sentiment FROM mentions").merge(
        planted, on="mention_id", suffixes=("", "_true")
    )
    assert (got["lang"] == got["lang_true"]).mean() > 0.95
    # A lexicon baseline: far from perfect, but it must read clear-cut posts the right way round.
    polar = got[got["sentiment_true"] != "neutral"]
    assert (polar["sentiment"] == polar["sentiment_true"]).mean() > 0.6
    flipped = ((polar["sentiment"] == "positive") & (polar["sentiment_true"] == "negative")).mean()
    assert flipped < 0.1


def test_planted_crisis_is_visible_in_daily_metrics(wh: Warehouse, truth: dict):
    crisis = truth["crisis"]
    start, end = date.fromisoformat(crisis["start"]), date.fromisoformat(crisis["end"])
    daily = wh.df("SELECT * FROM daily_brand_metrics WHERE brand = ? ORDER BY day", [crisis["brand"]])
    daily["day"] = pd.to_datetime(daily["day"]).dt.date
    inside = daily["day"].between(start, end)
    baseline = daily[~inside & daily["day"].between(start - timedelta(days=28), start - timedelta(days=1))]
    # the busiest days of the brand are the crisis days, several times the usual volume, and the most negative
    top_days = set(daily.nlargest(int(inside.sum()), "mentions")["day"])
    assert top_days <= set(daily.loc[inside, "day"]) | {end + timedelta(days=1)}
    assert daily.loc[inside, "mentions"].mean() > 3 * baseline["mentions"].median()
    assert daily.loc[inside, "net_sentiment"].mean() < baseline["net_sentiment"].mean() - 0.4
    assert daily.loc[inside, "share_of_voice"].mean() > baseline["share_of_voice"].mean()


def test_planted_influencers_top_the_influence_ranking(wh: Warehouse, truth: dict):
    planted = {a["handle"].lower() for a in truth["influencers"] + truth["detractors"]}
    ranking = wh.df(
        "SELECT lower(handle) AS handle FROM authors WHERE influence_rank IS NOT NULL ORDER BY influence_rank"
    )["handle"]
    top10 = set(ranking[:10])
    assert len(top10 & planted) >= 8, ranking[:15].tolist()
    influencers = {a["handle"].lower() for a in truth["influencers"]}
    assert influencers <= set(ranking[:20])
    brand_accounts = {a["handle"].lower() for a in truth["brand_accounts"]}
    assert not (set(ranking) & {h for h in brand_accounts if h.startswith("nexora")})


def test_share_of_voice_sums_to_one_per_day(wh: Warehouse):
    sums = wh.df("SELECT day, sum(share_of_voice) AS s, sum(mentions) AS n FROM daily_brand_metrics GROUP BY day")
    assert ((sums["s"] - 1).abs() < 1e-9)[sums["n"] > 0].all()


def test_topics_are_labelled_and_cover_most_mentions(wh: Warehouse):
    topics = wh.df(
        "SELECT label, top_terms, size FROM topics JOIN active_models a ON a.stage = 'topics' "
        "AND a.model = topics.model AND a.model_version = topics.model_version"
    )
    assert 8 <= len(topics) <= 16  # chosen within the project's min_topics..max_topics
    assert topics["top_terms"].map(len).min() == 8
    outliers = wh.scalar("SELECT avg((topic_id = -1)::INT) FROM mentions")
    assert outliers < 0.05


def test_weekly_report_saved_in_both_languages(demo_project: Path, wh: Warehouse):
    reports = sorted((demo_project.parent / "reports").glob("weekly-*.html"))
    assert [p.name[-7:] for p in reports] == ["en.html", "fr.html"]
    fr = reports[1].read_text()
    assert "Rapport hebdomadaire" in fr and "Part de voix" in fr
    for brand in ("Nexora", "Telvia", "Orbix", "Fibrea"):
        assert brand in fr
    assert "<svg" in fr
    # community: the week's health beside the week before, and who speaks for and against the brand lately
    assert "Santé de la communauté" in fr and "Délai médian de réponse" in fr
    assert "Ambassadeurs de Nexora" in fr and "Détracteurs de Nexora" in fr
    en = reports[0].read_text()
    assert "Members turning against Nexora" in en and "Median time to answer" in en
    last_day = wh.scalar("SELECT max(day) FROM daily_brand_metrics")
    assert str(last_complete_week_end(last_day)) in reports[0].name  # the last full Monday-Sunday week


def test_influence_beats_a_followers_only_ranking(wh: Warehouse, truth: dict):
    """The demo plants celebrity-sized decoys that barely interact: followers alone rank them first."""
    planted = {a["handle"].lower() for a in truth["influencers"] + truth["detractors"]}
    decoys = {a["handle"].lower() for a in truth["decoys"]}
    assert decoys
    authors = wh.df("SELECT lower(handle) AS handle, followers, influence_rank FROM authors WHERE NOT is_brand_account")
    by_influence = authors.sort_values("influence_rank")["handle"].tolist()[:10]
    by_followers = authors.sort_values("followers", ascending=False)["handle"].tolist()[:10]
    assert not set(by_influence) & decoys
    assert len(set(by_followers) & decoys) >= 5
    assert len(set(by_influence) & planted) > len(set(by_followers) & planted) + 3


def test_intent_and_moderation_on_every_mention(demo_project: Path, wh: Warehouse):
    """Intent is measured against the intents the generator planted (written independently of the rules)."""
    from sklearn.metrics import f1_score, precision_score

    assert wh.scalar("SELECT count(*) FROM mentions WHERE intent IS NULL OR moderation_flags IS NULL") == 0
    planted = pd.read_csv(demo_project.parent / "demo" / "ground_truth_mentions.csv", dtype=str)
    planted["mention_id"] = planted["platform"] + ":" + planted["platform_id"]
    got = wh.df("SELECT mention_id, intent FROM mentions WHERE share_of_id IS NULL").merge(
        planted[["mention_id", "intent"]], on="mention_id", suffixes=("", "_true")
    )
    assert f1_score(got["intent_true"], got["intent"], average="macro") > 0.65
    complaint = precision_score(got["intent_true"], got["intent"], labels=["complaint"], average="macro")
    assert complaint > 0.75  # what is relayed to management as a complaint mostly is one


def test_entities_name_the_brands_and_products(wh: Warehouse):
    assert wh.scalar("SELECT count(*) FROM enr_entities") == wh.scalar("SELECT count(*) FROM raw_mentions")
    products = wh.df(
        "SELECT e.text, count(*) AS n FROM (SELECT unnest(entities) AS e FROM enr_entities) "
        "WHERE e.label = 'PRODUCT' GROUP BY ALL"
    )
    assert products["text"].str.lower().eq("nexora box").all() and products["n"].sum() > 50


def _role_list(wh: Warehouse, period: str, role: str, brand: str | None = None, n: int = 10) -> list[str]:
    """Handles holding a role in a period, best first (all brands merged by score when `brand` is None)."""
    return wh.df(
        "SELECT lower(a.handle) AS handle FROM community_roles r JOIN community_authors a USING (author_id) "
        "WHERE r.period = $p AND r.role = $r AND ($b IS NULL OR r.brand = $b) ORDER BY r.score DESC LIMIT $n",
        {"p": period, "r": role, "b": brand, "n": n},
    )["handle"].tolist()


def test_planted_advocates_and_detractors_lead_their_role_lists(wh: Warehouse, truth: dict):
    advocates = {a["handle"].lower() for a in truth["influencers"] if a["stance"] == "advocate"}
    detractors = {a["handle"].lower() for a in truth["detractors"]}
    assert len(advocates) >= 10 and len(detractors) >= 10
    top_advocates = _role_list(wh, "all", "advocate", "Nexora")
    top_detractors = _role_list(wh, "all", "detractor")  # of any brand: two planted ones target competitors
    assert len(set(top_advocates) & advocates) >= 8, top_advocates  # precision@10 >= 0.8
    assert len(set(top_detractors) & detractors) >= 8, top_detractors
    # lately (the 28 days to the last complete week, the outage included) the planted detractors still lead
    assert len(set(_role_list(wh, "recent", "detractor")) & detractors) >= 8
    # the informative accounts report both ways: neither advocates nor detractors of Nexora over the whole history
    informative = {a["handle"].lower() for a in truth["influencers"] if a["stance"] == "informative"}
    stanced = _role_list(wh, "all", "advocate", "Nexora", 1000) + _role_list(wh, "all", "detractor", "Nexora", 1000)
    assert not informative & set(stanced)


def test_customers_turning_at_the_outage_are_at_risk_with_their_reason(wh: Warehouse, truth: dict):
    planted = {a["handle"].lower() for a in truth["at_risk"]}
    listed = _role_list(wh, "recent", "at_risk", "Nexora", n=1000)
    assert planted <= set(listed)  # every planted customer who turned is found
    # the top also holds crowd members who really did turn during the outage; half the top 10 at least are planted
    assert len(set(listed[:10]) & planted) >= 5, listed[:10]
    reasons = wh.df(
        "SELECT reason, net_before, net_sentiment FROM community_top WHERE period = 'recent' AND role = 'at_risk'"
    )
    assert (reasons["net_before"] > 0).all() and (reasons["net_sentiment"] <= 0).all()
    assert reasons["reason"].str.contains("in the 90 days before").all()


def test_roles_and_influence_exist_for_every_period(wh: Warehouse):
    periods = wh.df("SELECT DISTINCT period FROM community_influence ORDER BY 1")["period"].tolist()
    assert periods == ["2026-08", "2026-09", "2026-10", "all", "recent"]
    roles = wh.df("SELECT period, role, count(*) AS n FROM community_roles GROUP BY ALL")
    months = roles[roles["period"].isin(["2026-09", "2026-10"])]
    assert set(months["role"]) == {"advocate", "detractor", "contributor", "newcomer", "at_risk"}
    assert not {"newcomer", "at_risk"} & set(roles.loc[roles["period"] == "all", "role"])
    top = wh.df("SELECT period, role, brand, max(rank) AS n FROM community_top GROUP BY ALL")
    assert top["n"].max() == 10  # the project's community.top


def test_alerts_find_the_planted_incidents_and_explain_them(wh: Warehouse, truth: dict):
    alerts = wh.df("SELECT * FROM alerts ORDER BY started_at")
    crisis, contest = truth["crisis"], truth["contest"]

    def overlaps(a, first: str, last: str) -> bool:
        start, end = pd.Timestamp(first), pd.Timestamp(last) + pd.Timedelta(days=1)
        return a["started_at"] < end and start < a["ended_at"]

    own = alerts[alerts["brand"] == crisis["brand"]]
    on_crisis = own[own.apply(overlaps, axis=1, args=(crisis["start"], crisis["end"]))]
    on_contest = own[own.apply(overlaps, axis=1, args=(contest["start"], contest["end"]))]
    # recall: both planted incidents are found; the outage as a crisis on volume and on the negative share
    assert {"volume_daily", "negative_share_daily"} <= set(on_crisis["signal"])
    assert set(on_crisis["kind"]) == {"crisis"} and len(on_contest) >= 1
    assert set(on_contest["kind"]) == {"spike"}  # a giveaway is a spike, not a crisis
    # precision: every crisis is the planted one; of the own brand's alerts, most are the two incidents (the others
    # are real bursts of the simulation, such as a viral thread, which were not planted as incidents)
    assert set(alerts.loc[alerts["kind"] == "crisis", "alert_id"]) == set(on_crisis["alert_id"])
    assert len(on_crisis) + len(on_contest) >= 0.8 * len(own)
    # the hourly detector sees the outage within hours of its dawn onset
    hourly = on_crisis[on_crisis["signal"] == "volume_hourly"]
    assert len(hourly) == 1
    onset = pd.Timestamp(crisis["start"]) + pd.Timedelta(hours=6)
    assert onset <= hourly["started_at"].iloc[0] <= onset + pd.Timedelta(hours=3)
    # explained: the outage's words, its topic, its sources, members (not the brand) driving it, examples
    daily = on_crisis[on_crisis["signal"] == "volume_daily"].iloc[0]
    keywords = {w for k in crisis["keywords_fr"] + crisis["keywords_en"] for w in k.lower().split()}
    keywords |= {h.lower().lstrip("#") for h in crisis["hashtags"]}
    assert len(set(daily["terms"]) & keywords) >= 2, daily["terms"]
    topics = json.loads(daily["topics"])
    assert topics and topics[0]["mentions"] > 2 * topics[0]["expected"]
    authors = json.loads(daily["authors"])
    brand_handles = {a["handle"] for a in truth["brand_accounts"]}
    assert authors and not {a["who"] for a in authors} & brand_handles
    assert len(daily["examples"]) == 3 and daily["summary"].startswith("Nexora: crisis")
    example_sentiment = wh.df(
        "SELECT sentiment FROM mentions WHERE list_contains($ids, mention_id)", {"ids": list(daily["examples"])}
    )
    assert (example_sentiment["sentiment"] == "negative").all()


def test_metrics_per_brand_platform_and_language(wh: Warehouse):
    daily = wh.df("SELECT * FROM metrics_daily")
    assert {"*"} < set(daily["platform"]) and {"fr", "en", "*"} <= set(daily["lang"])
    sums = daily.groupby(["bucket", "platform", "lang"])["share_of_voice"].sum()
    assert ((sums - 1).abs() < 1e-9).all()
    assert daily["reputation_index"].between(0, 100).all()
    # the roll-ups add up: all platforms = the sum over platforms, for every brand and day
    everything = daily[(daily["platform"] == "*") & (daily["lang"] == "*")].set_index(["bucket", "brand"])["mentions"]
    by_platform = (
        daily[(daily["platform"] != "*") & (daily["lang"] == "*")].groupby(["bucket", "brand"])["mentions"].sum()
    )
    assert everything.sort_index().equals(by_platform.sort_index())
    # and agree with the daily brand mart
    mart = wh.df("SELECT day, brand, mentions FROM daily_brand_metrics WHERE mentions > 0")
    assert int(mart["mentions"].sum()) == int(everything.sum())
    hourly = wh.df("SELECT sum(mentions) AS n FROM metrics_hourly WHERE platform = '*' AND lang = '*'")
    assert int(hourly["n"].iloc[0]) == int(everything.sum())


def test_reputation_index_drops_during_the_crisis(wh: Warehouse, truth: dict):
    crisis = truth["crisis"]
    own = wh.df(
        "SELECT bucket, reputation_index FROM metrics_daily WHERE brand = $b AND platform = '*' AND lang = '*'",
        {"b": crisis["brand"]},
    ).set_index("bucket")["reputation_index"]
    inside = own[pd.Timestamp(crisis["start"]) : pd.Timestamp(crisis["end"])]
    before = own[: pd.Timestamp(crisis["start"]) - pd.Timedelta(days=1)]
    assert inside.max() < before.median() - 10


def test_alerts_are_sent_by_email_and_webhook_once(demo_project: Path, wh: Warehouse):
    out = demo_project.parent
    first = json.loads((out / "alerts_after_first.json").read_text())
    received = json.loads((out / "alerts_received.json").read_text())
    alerts = wh.df("SELECT alert_id, brand, kind FROM alerts")
    # one e-mail and one POST per alert, all in the first run; the rerun sent nothing again
    assert first == {"emails": len(alerts), "posts": len(alerts)} and len(alerts) >= 3
    assert len(received["emails"]) == len(received["posts"]) == len(alerts)
    assert {e["to"][0] for e in received["emails"]} == {"cm@nexora.example"}
    posted = {p["alert"]["alert_id"]: p["alert"] for p in received["posts"]}
    assert set(posted) == set(alerts["alert_id"])
    crisis = next(a for a in posted.values() if a["kind"] == "crisis")
    # the receiver gets the explanation and readable examples, not mention ids
    assert crisis["terms"] and crisis["topics"] and len(crisis["examples"]) == 3
    assert all(x["text"] and x["who"] and x["platform"] for x in crisis["examples"])
    subjects = " ".join(e["subject"] for e in received["emails"])
    assert "Nexora" in subjects
    deliveries = wh.df("SELECT channel, status, count(*) AS n FROM deliveries GROUP BY ALL ORDER BY ALL")
    assert deliveries.values.tolist() == [["email", "sent", len(alerts)], ["webhook", "sent", len(alerts)]]


def test_campaign_queue_and_media_map_are_built_by_the_pipeline(wh: Warehouse, truth: dict):
    runs = wh.df("SELECT DISTINCT stage FROM stage_runs WHERE status = 'ok'")["stage"]
    assert {"campaigns", "response_queue", "media_map", "alerts", "alert_delivery"} <= set(runs)
    [giveaway] = wh.df("SELECT * FROM campaigns").to_dict("records")
    assert giveaway["campaign"] == "Nexora Giveaway" and giveaway["status"] == "ended"
    assert pd.Timestamp(giveaway["start_day"]).date().isoformat() == truth["contest"]["start"]
    assert giveaway["lift"] > 1.2
    assert giveaway["new_members"] > 0.5 * truth["contest"]["observed"]["new_authors"]
    queue = wh.df("SELECT rank, intent, waiting_hours, priority FROM response_queue ORDER BY rank")
    assert len(queue) > 0 and set(queue["intent"]) <= {"question", "complaint"}
    assert queue["priority"].is_monotonic_decreasing and (queue["waiting_hours"] >= 0).all()
    media = wh.df("SELECT brand, rank, week_end FROM media_map WHERE brand = 'Nexora' ORDER BY rank")
    assert len(media) > 10 and media["rank"].tolist() == list(range(1, len(media) + 1))
    # the sites mentions link to that no source collects are exactly the planted ones
    candidates = wh.df("SELECT DISTINCT domain FROM linked_domains WHERE candidate")["domain"]
    assert sorted(candidates) == truth["linked_sites"]
