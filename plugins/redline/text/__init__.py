"""The text layer: Markdown to sanitized HTML, word tokens, interface strings (no MkDocs)."""
