"""The project's one error type for bad input, and the problem records it carries."""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import t


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file.

    ``row`` is 1-based over the data rows/features (the header is not counted),
    or ``None`` for a problem with the whole file. ``message`` and ``fix`` are
    catalogue messages (:class:`core.i18n.Msg`: English text with a key and
    parameters, shown in Chinese by :func:`core.messages.describe`) or plain text.
    """

    source: str
    row: int | None
    column: str | None
    message: str
    fix: str = ""

    @property
    def key(self) -> str | None:
        """The catalogue key of the message (None for plain text)."""
        return getattr(self.message, "key", None)

    @property
    def params(self) -> dict:
        """The parameters of the message ({} for plain text)."""
        return dict(getattr(self.message, "params", None) or {})

    def render(self, *, row: str = t("problem.row", "en"),
               column: str = t("problem.column", "en"), colon: str = t("problem.colon", "en"),
               dash: str = t("problem.dash", "en"), text=str) -> str:
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


def count_heading(n: int, lang: str = "en") -> str:
    """First line of a problem list: "1 problem found:" / "N problems found:"."""
    return t("problems_found_one" if n == 1 else "problems_found", lang, n=n)


def more_line(k: int, lang: str = "en") -> str:
    """Last line when ``k`` problems are not listed."""
    return t("problems_more_one" if k == 1 else "problems_more", lang, n=k)


def list_problems(problems: list[Problem], *, limit: int, line=str,
                  heading=count_heading, more=more_line) -> str:
    """A heading, then the first ``limit`` problems one per line (each written by
    ``line``), then a line counting the rest. The defaults write English;
    :func:`core.messages.describe_error` passes Chinese ones."""
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
