"""The `redline` command line: one module per command, one error handler (`main`)."""
