"""Benchmarks (not tests): `python -m bench.run`; figures go to docs/benchmarks.md."""
