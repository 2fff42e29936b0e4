"""The site plan as pure functions of a Timeline: pages, compared pairs, notices and feeds,
sitemaps (no MkDocs)."""
