"""The model: the policy history as frozen data read from git, drafts, URLs, dates, and the
Timeline that answers every status question (no MkDocs)."""
