"""What a redline returns: the formatted HTML and a summary of the changes."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class ClauseChange:
    """One clause (the text under an h2/h3 heading) that was added, removed or changed."""

    kind: str  # "added" | "removed" | "changed"
    anchor: str  # id of the clause heading in the redline (from the newer text when it exists)
    heading: str  # heading text, plain


@dataclass(frozen=True)
class Redline:
    """The redline of two revisions: formatted, sanitized HTML plus a summary of the changes."""

    html: str
    clauses: tuple[ClauseChange, ...]
    words_inserted: int
    words_deleted: int
    changed_blocks: int
    addresses_changed: int  # links (or images) whose address changed, their text shown unchanged

    @property
    def identical(self) -> bool:
        """True when no block changed. Re-wrapped lines are no change; a word made bold or a
        changed link target is one."""
        return self.changed_blocks == 0

    def to_json(self) -> dict[str, Any]:
        """The redline as JSON-serializable data (for the cache); `from_json` reads it back."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Redline:
        """The redline that `to_json` gave `data` for; ValueError if `data` is not one."""
        try:
            clauses = tuple(ClauseChange(**c) for c in data["clauses"])
            return cls(**{**data, "clauses": clauses})
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a redline: {exc}") from None
