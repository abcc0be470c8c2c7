"""Stories from a stream: near-duplicates, online clustering, its metrics, the ingest service."""
