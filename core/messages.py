"""Problem messages in the page language.

The readers write each :class:`core.errors.Problem` with a catalogue message
(:class:`core.i18n.Msg`): English text (the CLI's language and the one the tests pin)
that keeps its key and parameters. The app shows them in Chinese by default:
:func:`localize` renders a message from the catalogue (:mod:`core.i18n`) in the page
language, keeping the values it quotes (row values, coordinates, column names); plain
text (an unknown message) is shown as it is.
"""

from __future__ import annotations

import re

from core.errors import DataValidationError, Problem, count_heading, list_problems, more_line
from core.i18n import localize, t

__all__ = ["describe", "describe_error", "localize", "localize_report", "md_literal"]


def describe(problem: Problem, lang: str) -> str:
    """One problem as a sentence: where (file, row, column), what, and the fix."""
    if lang != "zh":
        return str(problem)
    return problem.render(row=t("problem.row", lang), column=t("problem.column", lang),
                          colon=t("problem.colon", lang), dash=t("problem.dash", lang),
                          text=lambda s: localize(s, lang))


def describe_error(exc: DataValidationError, lang: str, *, limit: int = 20) -> str:
    """Every problem of an error (up to ``limit``), one per line, in ``lang``."""
    if lang != "zh":
        return list_problems(exc.problems, limit=limit)
    return list_problems(exc.problems, limit=limit, line=lambda p: describe(p, lang),
                         heading=lambda n: count_heading(n, lang),
                         more=lambda k: more_line(k, lang))


def localize_report(report, lang: str):
    """A per-row report (row, column, problem, fix) with problem and fix in ``lang``."""
    if lang != "zh" or report is None or not len(report):
        return report
    out = report.copy()
    for col in ("problem", "fix"):
        # each distinct text is rendered once (a 10⁶-row report repeats a few texts)
        uniq = {v: localize(v, lang) for v in out[col].dropna().unique()}
        out[col] = out[col].map(uniq)
    return out


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def md_literal(text: str) -> str:
    """``text`` escaped for Streamlit markdown (``st.error``, ``st.success`` …), so a
    file name or cell value is shown as typed: no link, emphasis, LaTeX (``$``), emoji
    or colour directive (``:``), HTML or heading is made of it. Line breaks are kept as
    hard breaks."""
    return "  \n".join(_MD_SPECIAL.sub(r"\\\1", line) for line in str(text).split("\n"))
