"""Pipeline stages: read what a stage needs from the warehouse, run the pure logic, write its own tables.

Each stage is idempotent (it replaces the rows it owns) and the per-mention ones are incremental (they only
process mentions that have no row yet for the active model version). Flows call these; they hold no logic.
"""

from __future__ import annotations

import contextvars
import dataclasses
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

import pandas as pd

from reputation import (
    community,
    community_data,
    community_health,
    community_keys,
    community_periods,
    community_roles,
    metrics,
    topic_store,
    topic_tracking,
    topics,
)
from reputation.config import FileSource, Project, TransformersSettings
from reputation.enrichment_rows import (
    aspect_rows,
    entity_rows,
    intent_rows,
    language_rows,
    moderation_rows,
    sentiment_rows,
)
from reputation.ingest import FileReport, expand_paths, ingest_file
from reputation.nlp import aspects, entities, intent, language, moderation
from reputation.nlp.sentiment import LexiconSentiment, LinearSentiment, SentimentModel, load_sentiment_model
from reputation.observability import log_event
from reputation.partitions import Compute, Mapper, compute_rows, local_pool, release_local_pool
from reputation.run_history import current_run_id
from reputation.warehouse import Warehouse, not_in, utcnow
from reputation.warehouse.mentions_view import narrowed

Progress = Callable[[str], None]
BATCH_SIZE = 20_480  # bounded batches keep memory flat as the warehouse grows
# The language stage starts worker processes from this many mentions to process: below, loading the detectors in
# each worker costs more than the second core saves (10,000 mentions: 2.1 s here, 3.6 s with 2 workers).
LANGUAGE_POOL_FROM = 40_000
_VECTORS = BATCH_SIZE // 2_048  # DuckDB hands results over in vectors of 2,048 rows


@dataclass(frozen=True)
class StageResult:
    stage: str
    rows_in: int
    rows_out: int
    seconds: float
    detail: str = ""

    def __str__(self) -> str:
        extra = f" ({self.detail})" if self.detail else ""
        return f"{self.stage}: {self.rows_in} in, {self.rows_out} out in {self.seconds:.1f} s{extra}"


def _recorded(wh: Warehouse, stage: str, run_id: str | None, work: Callable[[], tuple[int, int, str]]) -> StageResult:
    """Run a stage, record it in stage_runs (failed runs too, then re-raise) and log it as a structured event."""
    started, t0 = utcnow(), time.perf_counter()
    run_id = run_id or current_run_id()
    try:
        rows_in, rows_out, detail = work()
    except Exception as err:
        wh.record_stage(run_id, stage, started, "failed", 0, 0, repr(err)[:2000])
        seconds = round(time.perf_counter() - t0, 3)
        log_event("stage", run_id=run_id, stage=stage, status="failed", seconds=seconds, error=repr(err)[:500])
        raise
    wh.record_stage(run_id, stage, started, "ok", rows_in, rows_out, detail)
    result = StageResult(stage, rows_in, rows_out, time.perf_counter() - t0, detail)
    log_event(
        "stage",
        run_id=run_id,
        stage=stage,
        status="ok",
        rows_in=rows_in,
        rows_out=rows_out,
        seconds=round(result.seconds, 3),
        detail=detail,
    )
    return result


def _mapper(mapper: Mapper | None, model: SentimentModel | None = None) -> Mapper | None:
    """Where a per-mention stage computes its batches: the given mapper (Dask workers), else this machine's worker
    processes (reputation.partitions.local_pool), except for models that spread over the cores themselves (the
    transformers and ONNX backends run threads, and are costly to ship to other processes)."""
    if mapper is not None:
        return mapper
    if model is not None and not isinstance(model, LinearSentiment | LexiconSentiment):
        return None
    return local_pool()


def source_files(project: Project, paths: list[Path] | None = None) -> list[tuple[str | None, Path]]:
    """(source name, file) pairs: the given paths (no source name), or every file of the project's sources."""
    if paths is not None:
        return [(None, p) for p in expand_paths(paths)]
    return [(name, p) for name, src in project.source_paths() for p in expand_paths([src])]


def ingest_source_file(wh: Warehouse, project: Project, name: str | None, path: Path) -> FileReport:
    """Load one file with the project's brand queries, privacy settings and the source's column mapping."""
    columns = next((s.columns for s in project.sources if isinstance(s, FileSource) and s.name == name), None)
    return ingest_file(
        wh,
        path,
        source=name,
        brand_queries={b.name: b.query for b in project.brands.all},
        salt=project.privacy.salt(),
        keep_handles=project.privacy.keep_handles,
        columns=columns or None,
    )


def ingest(wh: Warehouse, project: Project, paths: list[Path] | None = None) -> list[FileReport]:
    """Load the project's sources (or the given paths) into raw mentions, one report per file."""
    return [ingest_source_file(wh, project, name, path) for name, path in source_files(project, paths)]


def _pending_sql(table: str, columns: str, since: datetime | None) -> str:
    """The mentions without a row in `table` for the model version ($model, $version), among those ingested after
    $since (all when `since` is None)."""
    recent = "m.mention_id IN (SELECT mention_id FROM raw_mentions WHERE ingested_at > $since) AND" if since else ""
    # the view's rows with only the joins the columns need (reputation.warehouse.mentions_view)
    return narrowed(
        f"SELECT {columns} FROM mentions m WHERE {recent} NOT EXISTS (SELECT 1 FROM {table} e WHERE "
        "e.mention_id = m.mention_id AND e.model = $model AND e.model_version = $version)"
    )


def _pending_count(wh: Warehouse, table: str, model: str, version: str) -> int:
    """How many mentions a stage run has still to process."""
    since = watermark(wh, table, model, version)
    return int(
        wh.scalar(
            f"SELECT count(*) FROM ({_pending_sql(table, 'm.mention_id', since)})", _params(model, version, since)
        )
    )


def _params(model: str, version: str, since: datetime | None) -> dict[str, object]:
    return {"model": model, "version": version} | ({"since": since} if since else {})


def _pending(
    wh: Warehouse, table: str, model: str, version: str, columns: str, since: datetime | None = None
) -> pd.DataFrame:
    """The next batch (the first BATCH_SIZE by mention id) of the mentions still to process."""
    return wh.df(
        _pending_sql(table, columns, since) + " ORDER BY mention_id LIMIT $n",
        _params(model, version, since) | {"n": BATCH_SIZE},  # type: ignore[arg-type]
    )


def _streamed(
    wh: Warehouse, table: str, model: str, version: str, columns: str, since: datetime | None
) -> Iterator[pd.DataFrame]:
    """The mentions still to process, read by one query and fetched BATCH_SIZE rows at a time: the history is
    scanned once per stage run, not once per batch. The query reads on a cursor of its own (a snapshot taken when it
    starts), so the stage writes its rows between batches."""
    cursor = wh.con.cursor()
    try:
        result = cursor.execute(_pending_sql(table, columns, since), _params(model, version, since))
        while not (batch := result.fetch_df_chunk(_VECTORS)).empty:
            yield batch
    finally:
        cursor.close()


def _paged(
    wh: Warehouse, table: str, model: str, version: str, columns: str, since: datetime | None
) -> Iterator[pd.DataFrame]:
    """The mentions still to process, one query per batch (each sees what the stage wrote before it)."""
    while not (batch := _pending(wh, table, model, version, columns, since)).empty:
        yield batch


def _window(wh: Warehouse, table: str, model: str, version: str) -> tuple[datetime | None, datetime | None]:
    """(since, high): the output's watermark, and the newest ingestion, which this run will have covered."""
    return watermark(wh, table, model, version), wh.scalar("SELECT max(ingested_at) FROM raw_mentions")


def _advance(
    wh: Warehouse, table: str, model: str, version: str, since: datetime | None, high: datetime | None, processed: int
) -> None:
    """Move the watermark to `high` once every batch from `since` on is written (docs/operations.md, "Incremental
    runs")."""
    if high is not None and (since is None or high > since):
        wh.con.execute(
            "INSERT OR REPLACE INTO stage_watermarks VALUES (?, ?, ?, ?, ?, ?)",
            [table, model, version, high, processed, utcnow()],
        )


def _batches(wh: Warehouse, table: str, model: str, version: str, columns: str) -> Iterator[pd.DataFrame]:
    """Batches of the mentions still to process from the watermark on, one query per batch, each seeing what the
    stage wrote for the earlier ones: for a stage whose input depends on them (the topics of replies' parents). The
    watermark moves once the caller has written the last batch."""
    since, high = _window(wh, table, model, version)
    processed = 0
    for batch in _paged(wh, table, model, version, columns, since):
        yield batch
        processed += len(batch)
    _advance(wh, table, model, version, since, high, processed)


def _computed(
    wh: Warehouse, table: str, model: str, version: str, columns: str, compute: Compute, mapper: Mapper | None
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """Each batch still to process from the watermark on (one read: :func:`_streamed`) with the rows `compute` gives
    for it, through `mapper`. The next batch is computed while the caller writes this one's rows: a thread hands it
    to the worker processes (or Dask), which sat idle during the writes (a quarter of the aspects stage at a million
    mentions). The watermark moves once the caller has written the last batch."""
    since, high = _window(wh, table, model, version)
    processed = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reputation-compute") as ahead:
        pending: tuple[pd.DataFrame, Future[pd.DataFrame]] | None = None
        for batch in _streamed(wh, table, model, version, columns, since):
            # the caller's context goes along: a Dask mapper submits Prefect tasks of the current flow run
            future = ahead.submit(contextvars.copy_context().run, compute_rows, batch, compute, mapper)
            if pending is not None:
                yield pending[0], pending[1].result()
                processed += len(pending[0])
            pending = (batch, future)
        if pending is not None:
            yield pending[0], pending[1].result()
            processed += len(pending[0])
    _advance(wh, table, model, version, since, high, processed)


def watermark(wh: Warehouse, table: str, model: str, version: str) -> datetime | None:
    """Every mention ingested at or before this time has a row in `table` for the model version (None: no
    watermark, the stage reads everything)."""
    return wh.scalar(
        "SELECT high_water FROM stage_watermarks WHERE output = ? AND model = ? AND model_version = ?",
        [table, model, version],
    )


def detect_language(
    wh: Warehouse,
    run_id: str | None = None,
    progress: Progress | None = None,
    *,
    mapper: Mapper | None = None,
    detector: str = language.DEFAULT_DETECTOR,
) -> StageResult:
    """Language and confidence for every mention not yet processed by the current detector (`models.language`).

    `mapper` (every per-mention stage takes one): computes each batch's partitions elsewhere, e.g. on Dask workers
    (reputation.partitions); reading and writing stay here."""
    if detector not in language.DETECTORS:
        raise ValueError(f"unknown language detector {detector!r}; available: {', '.join(language.DETECTORS)}")
    version = language.model_version(detector)
    local: list[bool] = []  # whether this machine's workers were used (then ended), or this process (then freed)

    def work() -> tuple[int, int, str]:
        # fastText is single-threaded: worker processes give 1.5x on 2 cores (lingua's threads too), but each loads
        # the detectors' models first (~2.5 s): a day's few thousand mentions are done sooner in this process
        pool = mapper
        if mapper is None and _pending_count(wh, "enr_language", detector, version) >= LANGUAGE_POOL_FROM:
            pool = _mapper(None)
        local.append(mapper is None and pool is not None)
        done = 0
        batches = _computed(
            wh, "enr_language", detector, version, "mention_id, title, text", partial(language_rows, detector), pool
        )
        for _, rows in batches:
            rows = rows.assign(model=detector, model_version=version, processed_at=utcnow())
            wh.replace("enr_language", rows, ["mention_id", "model", "model_version"])
            done += len(rows)
            if progress:
                progress(f"language: {done} mentions")
        wh.set_active_model("language", detector, version)
        return done, done, f"{detector}@{version}"

    try:
        return _recorded(wh, "language", run_id, work)
    finally:
        # the detectors' models (lingua's, fastText's) serve no later stage: the workers that hold them end (the
        # next stage starts workers holding only its own: at a million mentions, ~0.6 GB less in the others), or
        # this process lets them go
        if local == [True]:
            release_local_pool()
        elif mapper is None:
            language.release_models()


def score_sentiment(
    wh: Warehouse,
    model_name: str,
    run_id: str | None = None,
    progress: Progress | None = None,
    *,
    transformers: TransformersSettings | None = None,
    registry: Path | None = None,
    mapper: Mapper | None = None,
) -> StageResult:
    """3-class sentiment and polarity for every mention not yet scored by the chosen model version."""

    def work() -> tuple[int, int, str]:
        # inside work(): a model that fails to load is a recorded failure
        model = load_sentiment_model(model_name, transformers=transformers, registry=registry)
        pool = _mapper(mapper, model)
        done = 0
        columns = "mention_id, text, lang"
        for _, rows in _computed(
            wh, "enr_sentiment", model.name, model.version, columns, partial(sentiment_rows, model), pool
        ):
            rows = rows.assign(model=model.name, model_version=model.version, processed_at=utcnow())
            wh.replace("enr_sentiment", rows, ["mention_id", "model", "model_version"])
            done += len(rows)
            if progress:
                progress(f"sentiment: {done} mentions")
        wh.set_active_model("sentiment", model.name, model.version)
        return done, done, f"{model.name}@{model.version}"

    return _recorded(wh, "sentiment", run_id, work)


def classify_voice(
    wh: Warehouse,
    project: Project,
    run_id: str | None = None,
    progress: Progress | None = None,
    *,
    mapper: Mapper | None = None,
) -> StageResult:
    """Intent (complaint, question, suggestion, praise, other) and moderation flags for mentions not yet processed
    by the current rules; a changed charter is a new moderation version, so everything is checked again."""
    settings = project.moderation.model_dump()
    charter = moderation.Charter(**{k: tuple(v) if isinstance(v, list) else v for k, v in settings.items()})
    charter_hash = hashlib.sha1(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:8]
    mod_version = f"{moderation.MODEL_VERSION}.{charter_hash}"
    pool = _mapper(mapper)

    def work() -> tuple[int, int, str]:
        done = flagged = 0
        columns = "mention_id, coalesce(title, '') || ' ' || text AS text, sentiment, sentiment_score"
        for _, rows in _computed(wh, "enr_intent", intent.MODEL_NAME, intent.MODEL_VERSION, columns, intent_rows, pool):
            rows = rows.assign(model=intent.MODEL_NAME, model_version=intent.MODEL_VERSION, processed_at=utcnow())
            wh.replace("enr_intent", rows, ["mention_id", "model", "model_version"])
            done += len(rows)
            if progress:
                progress(f"intent: {done} mentions")
        moderate = partial(moderation_rows, charter)
        for _, rows in _computed(wh, "enr_moderation", moderation.MODEL_NAME, mod_version, columns, moderate, pool):
            rows = rows.assign(model=moderation.MODEL_NAME, model_version=mod_version, processed_at=utcnow())
            wh.replace("enr_moderation", rows, ["mention_id", "model", "model_version"])
            flagged += int((rows["flags"].map(len) > 0).sum())
        wh.set_active_model("intent", intent.MODEL_NAME, intent.MODEL_VERSION)
        wh.set_active_model("moderation", moderation.MODEL_NAME, mod_version)
        return (
            done,
            done,
            f"{intent.MODEL_NAME}@{intent.MODEL_VERSION}, {moderation.MODEL_NAME}@{mod_version}: {flagged} flagged",
        )

    return _recorded(wh, "voice", run_id, work)


def extract_entities(
    wh: Warehouse, project: Project, run_id: str | None = None, *, mapper: Mapper | None = None
) -> StageResult:
    """The project's brands and products in every mention (and spaCy's entities when the project asks for them),
    for mentions not yet processed by the current gazetteer; a changed brand list is a new version."""
    names = {b.name: "BRAND" for b in project.brands.all} | {
        p: "PRODUCT" for b in project.brands.all for p in b.products
    }
    use_spacy = project.models.entities == "spacy"
    model = entities.PROJECT_MODEL + ("+spacy" if use_spacy else "")
    names_hash = hashlib.sha1(json.dumps(names, sort_keys=True).encode()).hexdigest()[:8]
    version = f"1.{names_hash}" + (f"+{entities.spacy_version()}" if use_spacy else "")
    pool = _mapper(mapper)

    def work() -> tuple[int, int, str]:
        done = found = 0
        columns = "mention_id, coalesce(title, '') || ' ' || text AS text, lang"
        find = partial(entity_rows, names, use_spacy)
        for _, out in _computed(wh, "enr_entities", model, version, columns, find, pool):
            out = out.assign(model=model, model_version=version, processed_at=utcnow())
            wh.replace("enr_entities", out, ["mention_id", "model", "model_version"])
            done += len(out)
            found += int(out["entities"].map(len).sum())
        wh.set_active_model("entities", model, version)
        return done, done, f"{model}@{version}: {found} entities"

    return _recorded(wh, "entities", run_id, work)


def extract_aspects(
    wh: Warehouse,
    project: Project,
    run_id: str | None = None,
    progress: Progress | None = None,
    *,
    mapper: Mapper | None = None,
) -> StageResult:
    """Aspects each mention talks about (price, customer service, network, the brands' products...) with the
    sentiment of the clause around each, for mentions not yet processed by this lexicon and sentiment model version;
    then the daily aspect mart. A changed aspect list or sentiment model is a new version."""
    settings = project.aspects
    products = [p for b in project.brands.all for p in b.products] if settings.products else []
    lexicon = aspects.lexicon(settings.custom, defaults=settings.defaults, drop=settings.drop, products=products)
    finder = aspects.AspectFinder(lexicon)
    # noun chunks that name a brand, one of its accounts or an aspect of the lexicon are not new aspects
    exclude = [n for b in project.brands.all for n in [b.name, *b.accounts]] + [a.name for a in lexicon]
    lexicon_hash = hashlib.sha1(json.dumps([dataclasses.asdict(a) for a in lexicon]).encode()).hexdigest()[:8]

    def work() -> tuple[int, int, str]:
        model = load_sentiment_model(
            project.sentiment_spec, transformers=project.models.transformers, registry=project.registry_path
        )
        name = f"{aspects.MODEL_NAME}+{model.name}" + ("+spacy" if settings.noun_chunks else "")
        version = f"{aspects.MODEL_VERSION}.{lexicon_hash}+{model.version}" + (
            f"+{entities.spacy_version()}" if settings.noun_chunks else ""
        )
        scored_by = f"{model.name}@{model.version}"
        pool = _mapper(mapper, model)
        done = found = 0
        columns = (
            "mention_id, coalesce(title || chr(10), '') || text AS text, lang, text AS body, sentiment, "
            "sentiment_score, sentiment_model"
        )
        compute = partial(aspect_rows, finder, model, scored_by, settings.noun_chunks, exclude)
        for batch, rows in _computed(wh, "enr_aspects_processed", name, version, columns, compute, pool):
            rows = rows.reset_index(drop=True)
            now = utcnow()
            # a mention's aspects first, then its marker: a marked mention always has all its rows
            wh.replace(
                "enr_aspects",
                rows.assign(model=name, model_version=version, processed_at=now),
                ["mention_id", "model", "model_version"],
                unique=["mention_id", "aspect", "model", "model_version"],
            )
            counts = rows["mention_id"].value_counts()
            marks = pd.DataFrame(
                {
                    "mention_id": batch["mention_id"],
                    "aspects": batch["mention_id"].map(counts).fillna(0).astype("int32"),
                    "model": name,
                    "model_version": version,
                    "processed_at": now,
                }
            )
            wh.replace("enr_aspects_processed", marks, ["mention_id", "model", "model_version"])
            done += len(batch)
            found += len(rows)
            if progress:
                progress(f"aspects: {done} mentions, {found} aspects")
        wh.set_active_model("aspects", name, version)
        days = metrics.daily_aspect_sentiment(wh, [b.name for b in project.brands.all], project.timezone)
        return done, found, f"{name}@{version}: {found} aspects, {days} mart rows"

    return _recorded(wh, "aspects", run_id, work)


def discover_topics(
    wh: Warehouse, project: Project, run_id: str | None = None, refit: bool | None = None
) -> StageResult:
    """Topics of every mention, under ids that keep their meaning across refits (docs/topics.md).

    New mentions are assigned to the active fit. A refit (first run, changed settings, a fit older than
    `topics.refit_days` or a corpus grown by `topics.refit_growth`; or `refit=True`) is matched to the previous fit,
    its matched topics keep their ids and the lineage is recorded. Shares, and replies whose own topic is weak, take
    their parent's topic. Then the weekly emerging-topic alerts and the daily share-of-topic mart are recomputed."""
    settings = project.topics
    brand_words = sorted({w for b in project.brands.all for w in [b.name, *b.accounts]})
    shape = settings.model_dump(exclude={"refit_days", "refit_growth", "emerging", "batch_size", "min_mentions"})
    digest = hashlib.sha1(json.dumps([shape, brand_words], sort_keys=True, default=str).encode()).hexdigest()[:8]

    def work() -> tuple[int, int, str]:
        total = int(wh.scalar("SELECT count(*) FROM raw_mentions"))  # the view's rows, without its joins
        if total < settings.min_mentions:
            return total, 0, f"skipped: fewer than {settings.min_mentions} mentions"
        current = topic_store.active_fit(wh)
        reason = "asked" if refit else None
        if refit is None:
            reason = topic_tracking.refit_reason(
                current.fitted_at if current else None,
                current.mentions if current else 0,
                current.settings if current else None,
                settings=digest,
                mentions=total,
                now=utcnow(),
                refit_days=settings.refit_days,
                refit_growth=settings.refit_growth,
            )
        if reason or current is None:
            m = wh.df(narrowed(f"SELECT {_TOPIC_COLUMNS} FROM mentions m ORDER BY mention_id"))
            try:
                fitted = topics.fit(m["text"].tolist(), m["lang"].tolist(), settings, stopwords=brand_words)
            except topics.TooFewTerms as err:  # a tiny or uniform corpus: nothing to fit, not a failure
                return total, 0, f"skipped: {err}"
            # every parent in the warehouse is in this fit: the previous fit's topics (other ids) are not used
            frame = m.drop(columns="parent_topic").assign(
                topic=fitted.assignments["topic"].to_numpy(), weight=fitted.assignments["weight"].to_numpy()
            )
            weak = topic_tracking.weak_weight(fitted.assignments["weight"])
            inherited = topic_tracking.inherit_from_parents(frame, weak)
            fitted = dataclasses.replace(fitted, assignments=fitted.assignments.assign(topic=inherited.to_numpy()))
            version, lineage = topic_store.save_fit(wh, fitted, m["mention_id"], current, digest)
            moves = lineage["relation"].value_counts().sort_index() if not lineage.empty else pd.Series(dtype=int)
            detail = f"refit ({reason}) {fitted.model}@{version}: {fitted.n_topics} topics" + (
                " (" + ", ".join(f"{k} {v}" for k, v in moves.items()) + ")" if len(moves) else ""
            )
            done = len(m)
        else:
            done = 0
            weak = topic_tracking.fit_weak_weight(current.fitted)  # the fit's, fixed between refits
            batches = _batches(wh, "enr_topic", current.model, current.model_version, _TOPIC_COLUMNS)
            for batch in batches:
                assigned = topics.assign(current.fitted, batch["text"].tolist(), batch["lang"].tolist())
                assigned["topic"] = topic_tracking.inherit_from_parents(
                    batch.assign(topic=assigned["topic"].to_numpy(), weight=assigned["weight"].to_numpy()),
                    weak,
                ).to_numpy()
                topic_store.save_assignments(wh, current, batch["mention_id"], assigned)
                done += len(batch)
            detail = f"{current.model}@{current.model_version}: {done} new mentions assigned"
        alerts = topic_store.refresh_alerts(wh, project.timezone, settings.emerging)
        days = metrics.daily_topics(wh, [b.name for b in project.brands.all], project.timezone)
        return done, done, f"{detail}; {len(alerts)} emerging-topic alerts, {days} mart rows"

    return _recorded(wh, "topics", run_id, work)


# What the topics stage reads per mention; `parent_topic` is the parent's topic in the active fit (for mentions
# whose parent was processed before).
_TOPIC_COLUMNS = """mention_id, coalesce(title, '') || ' ' || text AS text, lang,
    coalesce(share_of_id, parent_id) AS parent, share_of_id IS NOT NULL AS is_share,
    (SELECT p.topic_id FROM mentions p WHERE p.mention_id = coalesce(m.share_of_id, m.parent_id)) AS parent_topic"""


# The community tables with one slice per period, kept for the periods whose data did not change.
_PERIOD_TABLES = ("community_period_edges", "community_influence", "community_roles")


def score_community(wh: Warehouse, project: Project, run_id: str | None = None) -> StageResult:
    """Author profiles, interaction edges, influence scores and roles per period, community health."""

    def work() -> tuple[int, int, str]:
        accounts = {a for b in project.brands.all for a in b.accounts}
        # the mentions and interactions staged in DuckDB temp tables, aggregated there (reputation.community_data)
        with community_data.staged(wh.con, project.timezone, accounts) as read_mentions:
            if not read_mentions:
                return 0, 0, "no mentions"
            return read_mentions, *_community_tables(wh, project, accounts)

    return _recorded(wh, "community", run_id, work)


def _community_tables(wh: Warehouse, project: Project, accounts: set[str]) -> tuple[int, str]:
    """Compute and store the community tables from the staged mentions; (authors, detail)."""
    con = wh.con
    profiles = community_data.profiles(con, accounts)
    weights = community.Weights(**project.influence.model_dump())
    # periods whose key is the one stored keep their stored edges, scores and roles (reputation.community_keys)
    days, interactions = community_keys.daily(con)
    plan = community_roles.periods(pd.Series(sorted(days)), project.community.recent_days)
    keys = community_keys.period_keys(plan, days, interactions, accounts, weights, project.community, project.timezone)
    stored = dict(wh.df("SELECT period, period_key FROM community_period_keys").itertuples(index=False))
    kept = frozenset(name for name, key in keys.items() if stored.get(name) == key)
    now = utcnow()
    # keys go first: a run that stops half-way leaves periods without a key, computed again by the next
    wh.replace("community_period_keys", pd.DataFrame(columns=["period", "period_key"]), [], where="true")
    gone = not_in("period", kept)
    for table in _PERIOD_TABLES:
        wh.replace(table, pd.DataFrame(), [], where=gone)  # the periods computed again, and those that ended
    n_roles = 0
    results = community_roles.period_results(con, plan, accounts, weights, project.community, skip=kept)
    for period, scores, roles in results:  # each stored and let go before the next
        edges = community_data.edges_sql(period.start, period.end)
        with wh.transaction():  # the period's edges straight from the staged interactions
            con.execute(
                "INSERT INTO community_period_edges (period, source_author, target_author, kind, weight) "
                f"SELECT $period, source_author, target_author, kind, weight FROM ({edges})",
                {"period": period.name, "start": period.start, "end": period.end},
            )
        wh.append("community_influence", scores.assign(model_version=community.INFLUENCE_VERSION, computed_at=now))
        n_roles += wh.append(
            "community_roles", roles.assign(model_version=community_roles.ROLES_VERSION, computed_at=now)
        )
        del scores, roles
    # straight from the staged tables, nothing through pandas; a month whose period key holds keeps its rows
    with wh.transaction():
        for table, sql, where in (
            ("community_edges", community_data.edges_sql(), "true"),
            ("community_author_periods", community_periods.periods_sql(kept), gone),
            ("community_author_brands", community_periods.brands_sql(kept), gone),
        ):
            con.execute(f"DELETE FROM {table} WHERE {where}")
            con.execute(f"INSERT INTO {table} BY NAME {sql}")
    # the keys last: they vouch for every row above (a run that stops before leaves periods to compute again)
    wh.append("community_period_keys", pd.DataFrame(list(keys.items()), columns=["period", "period_key"]))
    roles = wh.df(f"SELECT * FROM community_roles WHERE rank <= {int(project.community.top)}")
    top = roles.merge(profiles[["author_id", "handle", "platform", "followers"]], on="author_id")
    top = top.assign(who=top["handle"].fillna(top["author_id"]))
    health = community_health.staged_health(con)
    wh.replace("community_authors", profiles, [], where="true")
    wh.replace("mart_community_top", top[community_roles.TOP_COLUMNS], [], where="true")
    wh.replace("mart_weekly_community_health", health, [], where="true")
    edges = int(wh.scalar("SELECT count(*) FROM community_edges"))
    detail = (
        f"{edges} edges, {n_roles} roles in {len(plan) - len(kept)} periods computed "
        f"({len(kept)} kept), {len(health)} weeks of community health"
    )
    return len(profiles), detail


def compute_metrics(wh: Warehouse, project: Project, run_id: str | None = None) -> StageResult:
    """Daily metrics per brand (volume, sentiment, reach, share of voice), and per brand, platform and language,
    daily and hourly."""

    def work() -> tuple[int, int, str]:
        brands = [b.name for b in project.brands.all]
        n = metrics.daily_brand_metrics(wh, brands, project.timezone)
        daily, hourly = metrics.metric_cubes(wh, brands, project.timezone)
        return n, n + daily + hourly, f"{daily} daily and {hourly} hourly rows per brand, platform and language"

    return _recorded(wh, "metrics", run_id, work)


def detect_alerts(wh: Warehouse, project: Project, run_id: str | None = None) -> StageResult:
    """Spikes and crises per brand against a seasonal baseline, each explained (docs/signals.md)."""

    def work() -> tuple[int, int, str]:
        from reputation.signals.alerts import detect_alerts as detect

        alerts = detect(wh, project)
        crises = int((alerts["kind"] == "crisis").sum())
        mentions = int(wh.scalar("SELECT count(*) FROM raw_mentions"))  # the view's rows, without its joins
        reused = alerts.attrs.get("explanations_reused", 0)
        return mentions, len(alerts), f"{len(alerts)} alerts, {crises} crisis, {reused} explanations reused"

    return _recorded(wh, "alerts", run_id, work)


class AlertsNotDelivered(RuntimeError):
    """Some alerts did not reach a target; every attempt is in the table `deliveries`, and the next run retries."""


def deliver_alerts(wh: Warehouse, project: Project, run_id: str | None = None) -> StageResult:
    """E-mail and POST the recent alerts to the project's `alerts.email` and `alerts.webhooks`; what a target already
    received is skipped. Raises :class:`AlertsNotDelivered` after trying every target when some failed."""

    def work() -> tuple[int, int, str]:
        if not project.alerts.email and not project.alerts.webhooks:
            return 0, 0, "no alert targets (alerts.email, alerts.webhooks)"
        from reputation.delivery.alerts import deliver_alerts as deliver
        from reputation.delivery.alerts import recent_alerts

        alerts = recent_alerts(wh, project)
        results = deliver(wh, project, alerts)
        counts = {s: sum(r.status == s for r in results) for s in ("sent", "skipped", "failed")}
        detail = f"{len(alerts)} recent alerts: {counts['sent']} sent, {counts['skipped']} already sent"
        if counts["failed"]:  # after every target was tried: the run shows it, the next run retries them
            failed = [r.summary() for r in results if r.status == "failed"]
            raise AlertsNotDelivered(f"{detail}, {counts['failed']} failed: " + "; ".join(failed[:5]))
        return len(alerts), counts["sent"], detail

    return _recorded(wh, "alert_delivery", run_id, work)


def measure_campaigns(wh: Warehouse, project: Project, run_id: str | None = None) -> StageResult:
    """Each campaign and contest of the project file against the brand's baseline (docs/campaigns.md)."""

    def work() -> tuple[int, int, str]:
        from reputation import campaigns

        c = campaigns.refresh(wh, project)
        detail = (
            f"{c['campaigns']} campaigns ({c['ended']} ended, {c['running']} running, {c['scheduled']} scheduled; "
            f"{c['kept']} kept)"
        )
        return c["mentions"], c["campaigns"], detail

    return _recorded(wh, "campaigns", run_id, work)


def refresh_response_queue(wh: Warehouse, project: Project, run_id: str | None = None) -> StageResult:
    """The own brand's questions and complaints waiting for an answer, most urgent first (docs/response-queue.md)."""

    def work() -> tuple[int, int, str]:
        from reputation import response_queue

        q = response_queue.refresh(wh, project)
        detail = f"{q['queued']} waiting as of {q['as_of']}; {q['answered']} of {q['to_answer']} answered"
        return q["to_answer"], q["queued"], detail

    return _recorded(wh, "response_queue", run_id, work)


def map_media(wh: Warehouse, project: Project, run_id: str | None = None) -> StageResult:
    """Who talks about each brand (accounts and sites) and the domains mentions link to, for the last report week."""

    def work() -> tuple[int, int, str]:
        from reputation import media_map

        s = media_map.refresh(wh, project)
        detail = (
            f"week to {s['week_end']}: {s['outlets']} outlets of the own brand ({s['new_this_week']} new), "
            f"{s['candidates']} candidate sources among {s['domains']} linked domains"
        )
        return s["outlets"], s["outlets"] + s["domains"], detail

    return _recorded(wh, "media_map", run_id, work)
