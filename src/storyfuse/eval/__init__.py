"""Evaluation: datasets, ROUGE, reports, the sumy peer, story clustering, and the benchmarks."""
