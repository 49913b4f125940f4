"""zh/en text for everything the map, the app and the CLI write: one catalogue, one
lookup.

:data:`STRINGS` maps a key to its templates, ``{"en": ..., "zh": ...}``, gathered from
the domain modules of this package (``ui``: the pages and maps; ``reading``: reading
and checking files; ``geocoding``: the offline geocoder; ``placement``: the placement
check; ``writing``, ``definitions``: outputs and the project's own data; ``workspace``:
saved work; ``workspace_errors``: the workspace's refusals; ``concentrations``;
``statistics``: per-area counts; ``history``: the office records; ``reports``: static
maps and area profiles; ``users``: login and roles; ``cli``: the command line's
errors, rejected rows and stages). A template without a Chinese form
is shown in English.

- :func:`t` — the text of a key in a language, formatted with its parameters.
- :class:`Msg` — a message that stays English text (``str(m)``, printing, equality,
  the CLI) and keeps its key and parameters, so the app can show it in Chinese later
  (:meth:`Msg.text`). Problems (:class:`core.errors.Problem`) and the per-row reports
  of the point reader carry their message and fix as ``Msg``.
- :func:`row_messages` / :func:`repeated` — report columns of messages (millions of
  rows cost what their text costs); :func:`float_texts` — Python's text of many
  numbers at once, for their parameters.
- :func:`to_record` / :func:`from_record` — a message as plain data for storage and back.
- :func:`name_col` — the column holding names in a language (``name_zh``/``name_en``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from core.i18n import (
    boundaries,
    cli,
    concentrations,
    definitions,
    geocoding,
    history,
    placement,
    reading,
    reports,
    statistics,
    ui,
    users,
    workspace,
    workspace_errors,
    writing,
)


def _merge(*modules) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for module in modules:
        clash = out.keys() & module.STRINGS.keys()
        if clash:
            raise ValueError(f"keys defined twice in core.i18n: {sorted(clash)}")
        out.update(module.STRINGS)
    return out


#: Every key of the catalogue: ``{key: {"en": template, "zh": template}}``.
STRINGS: dict[str, dict[str, str]] = _merge(ui, reading, geocoding, placement, writing,
                                            definitions, workspace, concentrations,
                                            statistics, history, reports, users, boundaries,
                                            workspace_errors, cli)


def _template(key: str, lang: str) -> str | None:
    entry = STRINGS.get(key)
    if entry is None:
        return None
    return entry.get(lang) or entry.get("en") or entry.get("zh")


def t(key: str, lang: str = "zh", /, **params) -> str:
    """The text of ``key`` in ``lang`` ("zh" or "en"; a key without that language falls
    back to English); the key itself if unknown. With ``params`` the template is
    formatted with them (a :class:`Msg` parameter in ``lang`` too); without, the
    template is returned as it is (for callers that format it themselves)."""
    template = _template(key, lang)
    if template is None:
        return key
    if not params:
        return template
    return template.format(**{k: _in(v, lang) for k, v in params.items()})


def _in(value, lang: str):
    """A parameter as shown in ``lang``: a message rendered, anything else as it is."""
    return value.text(lang) if isinstance(value, Msg) else value


def name_col(lang: str) -> str:
    """The column of a names table in ``lang``: ``name_zh`` for Chinese, else
    ``name_en``."""
    return "name_zh" if lang == "zh" else "name_en"


class Msg(str):
    """A catalogue message: its English text (this string) with its ``key`` and
    ``params``, so that it can be shown in another language (:meth:`text`).

    It is a ``str``, so a problem prints, compares and is written to files in English
    exactly as before. Text operations that make a new string (``+``, ``join``, most
    methods) return a plain ``str`` — English only; :meth:`replace` keeps the
    message when the text replaced lies in its parameters. ``params`` may hold other
    messages (shown in the same language) and, for a list joined by the key's
    separator (:func:`joined`), ``parts``."""

    key: str
    params: Mapping

    def __new__(cls, key: str, params: Mapping | None = None, english: str | None = None):
        params = dict(params or {})
        self = super().__new__(cls, _render(key, params, "en") if english is None
                               else english)
        self.key, self.params = key, params
        return self

    def text(self, lang: str) -> str:
        """This message in ``lang``; its English text when the key is not in the
        catalogue or its template cannot be filled (never raises)."""
        if lang == "en":
            return str.__str__(self)
        try:
            return _render(self.key, self.params, lang)
        except (KeyError, IndexError, ValueError, TypeError, AttributeError):
            return str.__str__(self)

    def replace(self, old, new, count=-1):
        """``str.replace``, keeping the message when ``old`` occurs only in its text
        parameters (a temporary path in a quoted error, say)."""
        plain = str.replace(self, old, new, count)
        if plain == self:
            return self
        if count != -1 or not isinstance(old, str) or not isinstance(new, str):
            return plain
        params = {k: (v.replace(old, new) if isinstance(v, str) else v)
                  for k, v in self.params.items()}
        try:
            again = Msg(self.key, params)
        except (KeyError, IndexError, ValueError, TypeError, AttributeError):
            return plain
        return again if str.__str__(again) == plain else plain

    def __reduce__(self):  # the English text travels as it is (the key may be gone)
        return Msg, (self.key, self.params, str.__str__(self))

    def __repr__(self) -> str:
        return str.__repr__(self)


def msg(key: str, **params) -> Msg:
    """The message ``key`` with ``params`` (its English text is the string)."""
    return Msg(key, params)


def joined(parts: Iterable, sep: str = "sep.sentences") -> Msg | str:
    """``parts`` (messages or text) joined by the separator of key ``sep`` in each
    language (default: "; " in English, "；" in Chinese); "" for no parts."""
    parts = tuple(parts)
    return Msg(sep, {"parts": parts}) if parts else ""


def _render(key: str, params: Mapping, lang: str) -> str:
    template = _template(key, lang)
    if template is None:
        raise KeyError(key)
    parts = params.get("parts")
    if isinstance(parts, tuple):  # a list joined by the key's separator
        return template.join(str(_in(p, lang)) for p in parts)
    return template.format(**{k: _in(v, lang) for k, v in params.items()})


def localize(text, lang: str):
    """``text`` in ``lang``: a :class:`Msg` rendered from the catalogue; anything else
    (plain text, a number, None) as it is."""
    return text.text(lang) if isinstance(text, Msg) else text


def to_record(text):
    """A message as plain data for storage (JSON): ``{"key", "params", "en"}`` with
    nested messages likewise; plain text (or None) as it is. :func:`from_record`
    gives the message back, so a saved register shows its notes and report in either
    language when read again."""
    if not isinstance(text, Msg):
        return text
    return {"key": text.key, "en": str.__str__(text),
            "params": {k: _plain(v) for k, v in text.params.items()}}


def _plain(value):
    if isinstance(value, Msg):
        return to_record(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value.item() if hasattr(value, "item") else value  # numpy scalars


def from_record(record):
    """The message of a :func:`to_record` record; anything else as it is."""
    if not (isinstance(record, dict) and {"key", "en", "params"} <= record.keys()):
        return record
    params = {k: (tuple(from_record(p) for p in v) if k == "parts" and isinstance(v, list)
                  else from_record(v))
              for k, v in record["params"].items()}
    return Msg(record["key"], params, record["en"])


class _RowMsg(Msg):
    """A one-parameter message of a per-row report, as light as its text: the key and
    the fixed parameters are its class's, the free parameter is the text between the
    English template's fixed prefix and suffix (see :func:`row_messages`)."""

    _key: str
    _fixed: dict
    _name: str
    _prefix: str
    _suffix: str

    def __new__(cls, value: str):
        return str.__new__(cls, cls._prefix + value + cls._suffix)

    @property
    def key(self) -> str:
        return self._key

    @property
    def params(self) -> dict:
        end = len(self) - len(self._suffix)
        return {**self._fixed, self._name: str.__str__(self)[len(self._prefix):end]}

    def __reduce__(self):
        return _row_message, (self._key, tuple(self._fixed.items()), self._name,
                              self.params[self._name])


_ROW_CLASSES: dict[tuple, type] = {}


def _row_class(key: str, name: str, fixed: tuple) -> type:
    cls = _ROW_CLASSES.get((key, name, fixed))
    if cls is None:
        template = _template(key, "en")
        if template is None or "{" + name + "}" not in template:
            raise KeyError(f"{key} has no plain {{{name}}} in English")
        prefix, suffix = template.format(**{k: _in(v, "en") for k, v in fixed},
                                         **{name: "\0"}).split("\0")
        cls = type("RowMsg", (_RowMsg,), {"_key": key, "_fixed": dict(fixed),
                                          "_name": name, "_prefix": prefix,
                                          "_suffix": suffix, "__slots__": ()})
        _ROW_CLASSES[(key, name, fixed)] = cls
    return cls


def _row_message(key: str, fixed: tuple, name: str, value: str) -> Msg:
    return _row_class(key, name, fixed)(value)


def row_messages(key: str, name: str, values, **fixed):
    """One message ``key`` per value (its parameter ``name``; ``fixed``: the others, the
    same for every row) as a numpy object array, for a report column of millions of
    rows: each costs what its text costs, and equal values share one message.
    ``values``: texts, or an Arrow string array (:func:`float_texts`), whose texts are
    joined to the template's fixed parts by Arrow."""
    import gc

    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    cls = _row_class(key, name, tuple(sorted(fixed.items())))
    if not isinstance(values, pa.Array | pa.ChunkedArray):
        values = pa.array(list(values), type=pa.string())
    if not len(values):
        return np.empty(0, dtype=object)
    codes = pc.dictionary_encode(values)
    if isinstance(codes, pa.ChunkedArray):
        codes = codes.combine_chunks()
    texts = pc.binary_join_element_wise(cls._prefix, codes.dictionary, cls._suffix, "")
    new = str.__new__
    made = np.empty(len(texts), dtype=object)
    # a message is a str subclass the collector tracks: a million of them would start
    # a collection every 700 and make each longer (≈3x the cost); none can form a cycle
    paused = gc.isenabled()
    gc.disable()
    try:
        made[:] = [new(cls, v) for v in texts.to_pylist()]
    finally:
        if paused:
            gc.enable()
    return made[codes.indices.to_numpy()]


def float_texts(values):
    """Each float64 of ``values`` as Python writes it (``repr``, the shortest text that
    reads back the same; numpy's too), as an Arrow string array. Arrow formats the
    values whose text is plain decimals in both (not whole, 1e-4 ≤ |v| < 1e9: same
    digits, checked on 6·10⁶ values, random bit patterns included); the others (whole
    numbers: '114.0' in Python, '114' in Arrow; exponents; nan/inf) are Python's."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    v = np.asarray(values, dtype="float64")
    a = np.abs(v)
    with np.errstate(invalid="ignore"):
        python = ~((a >= 1e-4) & (a < 1e9) & (v != np.floor(v)))
    if not python.any():
        return pc.cast(pa.array(v), pa.string())
    texts = np.asarray(pc.cast(pa.array(np.where(python, 0.5, v)), pa.string())
                       .to_numpy(zero_copy_only=False), dtype=object)
    texts[python] = [repr(x) for x in v[python].tolist()]
    return pa.array(texts, type=pa.string())


def repeated(message, n: int):
    """``n`` references to one message as a numpy object array (``np.full`` would store
    it as plain text)."""
    import numpy as np

    out = np.empty(n, dtype=object)
    out.fill(message)
    return out
