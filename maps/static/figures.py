"""Figures for printed outputs, kept out of pyplot.

A figure made with ``plt.figure`` sits in pyplot's global registry, and Streamlit ends
every script run of every session with ``plt.close("all")``: a figure of one session
being laid out or saved while another session's run ends loses its canvas mid-way (seen
in the app making a 选址核查意见). Figures made here have their own Agg canvas and are
in no registry, so nothing global reaches them; they are freed when dropped.
"""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


def new_figure(width_in: float, height_in: float, dpi: float) -> Figure:
    """A figure ``width_in`` × ``height_in`` inches at ``dpi``, with its own Agg canvas
    (PNG/PDF/SVG all save from it: ``fig.savefig(path, format=…)``)."""
    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig
