"""Not a policy: marks this folder as `redline._policy`, the newest release of `redline demo`'s
sample history (see pyproject.toml). Policy files are `<locale>/<document>.md`."""
