"""用户 Users page (administrators, login on): the office's user list — add a user or
change a role, display name, e-mail or password; remove a user. The list is the
SZMAP_USERS file, changed through core.users (bcrypt hashes, atomic writes), as
`cli.py users` changes it."""

import pandas as pd
import streamlit as st

from app_pages import auth
from core import users
from core.errors import DataValidationError
from core.i18n import t
from core.messages import describe_error, md_literal

lang = st.session_state.get("lang", "zh")
st.title(t("auth.users_page", lang))
me = auth.current()
path = users.users_file()
if path is None or not me.can("manage_users"):  # app.py shows this page to admins only
    st.stop()
directory = users.load(path)
st.caption(md_literal(t("auth.users_where", lang, path=path, method=directory.method)))
st.dataframe(pd.DataFrame(
    [(u.name, u.display, auth.role_name(u.role, lang), u.email) for u in directory.users],
    columns=[t(f"auth.col_{c}", lang) for c in ("name", "display", "role", "email")]),
    hide_index=True, width="stretch")


def _save(name: str, display: str, role: str, email: str, password: str) -> None:
    """Add or change one user; the message says what was saved, or why not."""
    name = name.strip()
    if name == me.name and role != me.role:
        st.error(t("auth.not_yourself", lang))
        return
    try:
        password_hash = users.hash_password(password) if password else None
        if directory.method == "password" and password_hash is None \
                and directory.user(name) is None:
            raise ValueError(t("auth.new_password", lang))
        user = users.set_user(path, name, role=role, password_hash=password_hash,
                              display=display.strip(), email=email.strip())
    except DataValidationError as exc:
        st.error(md_literal(t("auth.user_error", lang, e=describe_error(exc, lang))))
    except ValueError as exc:
        st.error(md_literal(t("auth.user_error", lang, e=exc)))
    else:
        st.success(md_literal(t("auth.user_saved", lang, name=user.name,
                                role=auth.role_name(user.role, lang))))


st.subheader(t("auth.edit_header", lang))
with st.form("users_edit", clear_on_submit=True):
    c1, c2 = st.columns(2)
    name = c1.text_input(t("auth.col_name", lang), max_chars=64)
    display = c2.text_input(t("auth.col_display", lang), max_chars=64)
    role = c1.selectbox(t("auth.col_role", lang), users.ROLES,
                        format_func=lambda r: auth.role_name(r, lang))
    email = c2.text_input(t("auth.col_email", lang), max_chars=200)
    password = st.text_input(t("auth.new_password", lang), type="password", max_chars=200)
    if st.form_submit_button(t("auth.save_user", lang)):
        _save(name, display, role, email, password)

st.subheader(t("auth.remove_header", lang))
others = [u.name for u in directory.users if u.name != me.name]
if others:
    who = st.selectbox(t("auth.col_name", lang), others, key="users_remove_pick")
    sure = st.checkbox(t("auth.remove_confirm", lang), key="users_remove_sure")
    if st.button(t("auth.remove", lang), disabled=not sure, key="users_remove"):
        users.remove_user(path, who)
        st.session_state.pop("users_remove_sure", None)
        st.rerun()
