"""Benchmarks: summarizer latency, stream throughput and memory, web load."""
