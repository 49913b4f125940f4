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

    def render(self, *, row: str = ", row {}", column: str = ", column '{}'",
               colon: str = ": ", dash: str = " — ", text=str) -> str:
        """One sentence: where (file, row, column), what, and the fix. The keyword
        arguments are the punctuation templates and ``text`` translates the message
        and fix (the English defaults give ``str(problem)``)."""
        where = self.source
        if self.row is not None:
            where += row.format(self.row)
        if self.column:
            where += column.format(self.column)
        out = f"{where}{colon}{text(self.message)}"
        if self.fix:
            out += f"{dash}{text(self.fix)}"
        return out

    def __str__(self) -> str:
        return self.render()


def count_heading(n: int) -> str:
    """English first line of a problem list: "1 problem found:" / "N problems found:"."""
    return f"{n} problem found:" if n == 1 else f"{n} problems found:"


def more_line(k: int) -> str:
    """English last line when ``k`` problems are not listed."""
    return f"... and {k} more problem" + ("" if k == 1 else "s")


def list_problems(problems: list[Problem], *, limit: int, line=str,
                  heading=count_heading, more=more_line) -> str:
    """A heading, then the first ``limit`` problems one per line (each written by
    ``line``), then a line counting the rest. The defaults write English;
    :func:`core.messages.describe_error` passes its own for Chinese."""
    shown = [line(p) for p in problems[:limit]]
    rest = len(problems) - len(shown)
    return "\n".join([heading(len(problems)), *shown, *([more(rest)] if rest > 0 else [])])


class DataValidationError(ValueError):
    """Raised once per file with every problem found in it.

    The message lists at most ``max_listed`` problems; all of them are in
    ``.problems``.
    """

    max_listed = 20

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(list_problems(self.problems, limit=self.max_listed))
