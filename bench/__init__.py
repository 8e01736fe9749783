"""Benchmarks the project owns. Run ``python -m bench.engine`` for the rules engine."""
