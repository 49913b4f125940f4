"""The 地图 page's area profile button (一区一画像): the same PDF as ``cli.py profile``.

Its words are the catalogue's ``profile.app.*`` keys (core.i18n.reports).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.i18n import t


def tr(key: str, lang: str) -> str:
    """The button's wording ``key`` in ``lang`` (catalogue keys ``profile.app.*``)."""
    return t("profile.app." + key, lang)


def _firms(ents: pd.DataFrame) -> pd.DataFrame:
    """The register in use as the profile takes it (name, precision_m, size)."""
    out = ents.rename(columns={"_name": "name"})
    if "name" not in out:
        out["name"] = ""
    if "precision_m" not in out:
        out["precision_m"] = np.nan
    out["size"] = np.nan
    return out


def profile_button(area_id: str, *, ents: pd.DataFrame, is_sample: bool, lang: str) -> None:
    """A button that makes the profile of ``area_id`` for the firms in use (the
    register taken into use on 数据, else the shipped sample), then its download; the
    download stays until the area, language or register changes."""
    from analysis.profile import FirmSource
    from app_pages.data_cache import context
    from maps.static.profile import profile_pdf

    token = (area_id, lang, None if is_sample else
             str(st.session_state.get("user_enterprises_token")))
    if st.button(tr("button", lang), key="profile_make",
                 help=tr("help", lang).format(area=area_id)):
        firms = source = None
        if not is_sample:
            firms = _firms(ents)
            source = FirmSource(sample=False, rows=len(firms),
                                name=str(st.session_state.get("user_enterprises_name")
                                         or ""),
                                snapshot=st.session_state.get("user_snapshot"))
        command = f"python cli.py profile {area_id} --lang {lang}" + (
            f" --snapshot {source.snapshot}" if source is not None and source.snapshot
            else "")
        with st.spinner(tr("making", lang)):
            pdf = profile_pdf(area_id, lang=lang, firms=firms, firm_source=source,
                              command=command, ctx=context())
        st.session_state["profile_result"] = (token, pdf)
    made = st.session_state.get("profile_result")
    if made and made[0] == token:
        st.download_button(tr("download", lang), made[1], file_name=f"profile_{area_id}_"
                           f"{lang}.pdf", mime="application/pdf", key="profile_dl",
                           on_click="ignore")
