"""The exceptions Redline raises on purpose, all under one base: `except RedlineError` is "a
problem the user can fix, said in one line", anything else is a bug.

    RedlineError                  the base; its message is for the user: one line, what and how
    ├── model/
    │   ├── HistoryError          the repository cannot be read as a policy history
    │   ├── BadTree               a git tree object that git itself would flag
    │   ├── FrontMatterError      a policy file's text or front matter, with its line
    │   └── SourceProblems        text to import has errors (`redline import`), with their lines
    ├── plugin/
    │   └── SettingsError         a setting of mkdocs.yml is wrong
    ├── build/
    │   ├── TamperedCache         a cached page changed while the build was using it
    │   ├── WorkerError           the work of one page failed in its worker process
    │   └── ShardError            a shard cannot be built, or changed while it was assembled
    └── cli/
        ├── UsageError            wrong arguments to a command: exit status 2
        ├── Refused               a command refuses what was asked and does nothing: status 1
        ├── ScaffoldError         `redline new` cannot make the repository
        ├── VerifyError           `redline verify` cannot read or fetch an index
        └── DemoError             `redline demo` cannot read the sample or build its site

The command line catches RedlineError once, for every command (`cli/main.py`), and prints
`redline <command>: <message>` on the standard error. A content problem of a policy file is not
an exception but a `Problem` (model/history.py): `redline check` reports them all, not the first.

This module imports nothing of Redline, so that every layer may import it.
"""

from __future__ import annotations

__all__ = ["RedlineError", "Refused", "UsageError"]


class RedlineError(Exception):
    """A problem the user can fix; the message says what it is and how, in one line."""


class UsageError(RedlineError):
    """A command's arguments are wrong (the command line exits with status 2)."""


class Refused(RedlineError):
    """A command refuses what was asked and does nothing; the message says why and what to do
    (the command line exits with status 1)."""
