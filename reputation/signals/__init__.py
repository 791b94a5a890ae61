"""Signals: spike and crisis detection (`detect`), their explanation (`explain`), alerts in the warehouse (`alerts`)
and series with known anomalies to measure the detector (`synthetic`). Definitions: docs/signals.md."""
