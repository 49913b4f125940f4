"""The project's one error type for bad input, and the problem records it carries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file.

    ``row`` is 1-based over the data rows/features (the header is not counted),
    or ``None`` for a problem with the whole file.
    """

    source: str
    row: int | None
    column: str | None
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = self.source
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        text = f"{where}: {self.message}"
        if self.fix:
            text += f" — {self.fix}"
        return text


class DataValidationError(ValueError):
    """Raised once per file with every problem found in it.

    The message lists at most ``max_listed`` problems; all of them are in
    ``.problems``.
    """

    max_listed = 20

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[: self.max_listed]]
        more = len(self.problems) - len(lines)
        if more > 0:
            lines.append(f"... and {more} more problem(s)")
        noun = "problem" if len(self.problems) == 1 else "problems"
        super().__init__(f"{len(self.problems)} {noun} found:\n" + "\n".join(lines))
