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
        """The redline that `to_json` gave `data` for."""
        return cls(
            html=data["html"],
            clauses=tuple(ClauseChange(**c) for c in data["clauses"]),
            words_inserted=data["words_inserted"],
            words_deleted=data["words_deleted"],
            changed_blocks=data["changed_blocks"],
        )
