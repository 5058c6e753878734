"""One error type for every problem found in content: where it is, what is wrong, how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """A problem in a contributor's file, printed as ``path:line: message — fix``."""

    path: str
    line: int
    message: str
    fix: str = ""
    warning: bool = False  # reported, but the file is only skipped: the build may go on

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text


class LucideError(Exception):
    """Raised when content cannot be processed; carries every problem found, not just the first."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(errors)
        super().__init__("\n".join(str(e) for e in self.errors))
