"""One build's run: its state, what templates get, page keys and reuse, redlines, the cache,
search indexes, shards and worker processes (no MkDocs)."""
