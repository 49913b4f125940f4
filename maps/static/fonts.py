"""The CJK font for static exports: Noto Sans CJK SC (SIL Open Font License 1.1).

It comes from the pinned PyPI package ``mplfonts`` (which also carries SimHei; the
project never uses that file, whose licence does not allow redistribution). Nothing
is taken from the system, so Chinese renders on a machine with no fonts installed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FONT_FILE = "NotoSansCJKsc-Regular.otf"


def cjk_font_path() -> Path:
    """Path of the Noto Sans CJK SC file inside the installed ``mplfonts`` package."""
    try:
        import mplfonts
    except ImportError:
        raise RuntimeError("the CJK font package is missing: run `make run` or "
                           "`pip install -r requirements.txt`") from None
    path = Path(mplfonts.__file__).parent / "fonts" / FONT_FILE
    if not path.is_file():
        raise RuntimeError(f"{FONT_FILE} not found in {path.parent}; reinstall mplfonts")
    return path


@lru_cache(maxsize=1)
def register_cjk_font() -> str:
    """Register the font with matplotlib once; return its family name.

    Other files of the same family (e.g. Debian's fonts-noto-cjk, installed for the
    browser tests) are dropped from matplotlib's list, so every machine draws with
    this one file and a report comes out the same everywhere. There is no bold file:
    emphasis is size and colour (a path effect would turn the text into outlines, and
    a bold request would fall back to another font).

    Also sets PDF/PS to embed TrueType/OpenType (type 42) so text stays text, and SVG
    to draw glyphs as paths so the file renders anywhere.
    """
    import matplotlib
    from matplotlib import font_manager

    path = str(cjk_font_path())
    font_manager.fontManager.addfont(path)
    name = font_manager.FontProperties(fname=path).get_name()
    font_manager.fontManager.ttflist = [
        f for f in font_manager.fontManager.ttflist if f.name != name or f.fname == path]
    font_manager.fontManager._findfont_cached.cache_clear()
    matplotlib.rcParams["font.family"] = [name, "DejaVu Sans"]
    matplotlib.rcParams["pdf.fonttype"] = 42
    matplotlib.rcParams["ps.fonttype"] = 42
    matplotlib.rcParams["svg.fonttype"] = "path"
    matplotlib.rcParams["axes.unicode_minus"] = False
    return name



def no_ligatures(fig) -> None:
    """Turn off ligatures (fi, fl …) in every text of ``fig`` before it is saved.

    matplotlib 3.11 shapes text with HarfBuzz; a ligature glyph has no character of
    its own, so the PDF backend embeds the font a second time for the strings holding
    one — twice the subsetting of a 16 MB font for nothing (text extraction is the
    same either way)."""
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        text.set_fontfeatures(("-liga", "-clig"))
