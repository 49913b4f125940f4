"""Who uses the app and what each may do: login settings, the office's user list, roles.

A local single-user run needs no login: with no user list configured (env
``SZMAP_USERS`` unset) every session is the operating-system user
(:func:`data.workspace.current_user`) with every right. An office deployment points
``SZMAP_USERS`` at a TOML file (``cli.py users add`` writes it)::

    [login]
    method = "password"           # or "oidc": Streamlit's st.login (an identity provider)
    provider = ""                 # oidc: the [auth.<provider>] of .streamlit/secrets.toml
    oidc_default_role = ""        # oidc: role of a signed-in person not listed ("": refused)

    [[users]]
    name = "wang"                 # the login name (password) …
    email = "wang@example.org"    # … or the identity provider's e-mail (oidc)
    display = "王工"
    role = "editor"               # viewer | editor | admin
    password_hash = "$2b$12$…"    # bcrypt (never the password itself)

Roles (each has the rights of the one before): **viewer** browses and checks sites;
**editor** also uploads registers and edits boundaries; **admin** also manages users and
makes an older boundary version active again.

Passwords are hashed and checked by ``bcrypt`` (no home-made crypto); a wrong name costs
the same time as a wrong password. :class:`Throttle` slows guessing.
"""

from __future__ import annotations

import functools
import json
import os
import re
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import bcrypt

from core.errors import DataValidationError, Problem

#: The roles, weakest first; each has the rights of those before it.
ROLES: tuple[str, ...] = ("viewer", "editor", "admin")
#: What each role may do.
RIGHTS: dict[str, frozenset[str]] = {
    "viewer": frozenset({"browse", "check"}),
    "editor": frozenset({"browse", "check", "upload", "edit_boundaries"}),
    "admin": frozenset({"browse", "check", "upload", "edit_boundaries",
                        "activate_versions", "manage_users"}),
}
METHODS: tuple[str, ...] = ("password", "oidc")
#: bcrypt's work factor for new hashes (2^12 rounds: about 0.2 s on one core).
BCRYPT_ROUNDS = 12
#: Shortest password accepted, characters; bcrypt reads at most 72 bytes.
MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_BYTES = 72
_NAME = re.compile(r"^[\w.@-]{1,64}$")
_HASH = re.compile(r"^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$")


@functools.cache
def _dummy_hash() -> bytes:
    """Checked against when the name is unknown, so that costs what a wrong password
    costs (made once, on the first login)."""
    return bcrypt.hashpw(b"not a password", bcrypt.gensalt(BCRYPT_ROUNDS))


@dataclass(frozen=True)
class User:
    """A person using the app: login ``name``, ``display`` name, ``role``."""

    name: str
    role: str
    display: str = ""
    email: str = ""

    @property
    def label(self) -> str:
        """How the user is shown: the display name, else the login name."""
        return self.display or self.name

    def can(self, right: str) -> bool:
        """Whether the user's role gives ``right`` (see :data:`RIGHTS`)."""
        if right not in RIGHTS["admin"]:
            raise ValueError(f"unknown right {right!r}; one of {sorted(RIGHTS['admin'])}")
        return right in RIGHTS[self.role]


@dataclass(frozen=True)
class Directory:
    """The login settings and user list of one deployment (``path`` None: login off)."""

    path: Path | None = None
    method: str = "off"
    provider: str = ""
    oidc_default_role: str = ""
    users: tuple[User, ...] = ()
    _hashes: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def login_required(self) -> bool:
        return self.method != "off"

    def user(self, name: str) -> User | None:
        return next((u for u in self.users if u.name == name), None)

    def check_password(self, name: str, password: str) -> User | None:
        """The user if ``password`` is theirs, else None (same cost either way)."""
        name = (name or "").strip()
        user = self.user(name)
        stored = self._hashes.get(name)
        secret = (password or "").encode("utf-8")
        if len(secret) > MAX_PASSWORD_BYTES:  # bcrypt 5 refuses longer input
            secret = secret[:MAX_PASSWORD_BYTES]
        ok = bcrypt.checkpw(secret, stored.encode() if stored else _dummy_hash())
        return user if ok and user is not None and stored else None

    def for_email(self, email: str | None) -> User | None:
        """The listed user with this e-mail (case-insensitive), else one with the
        OIDC default role named by the e-mail, else None (not allowed in)."""
        email = (email or "").strip()
        if not email:
            return None
        listed = next((u for u in self.users if u.email.lower() == email.lower()), None)
        if listed is not None:
            return listed
        if self.oidc_default_role:
            return User(name=email, role=self.oidc_default_role, email=email)
        return None


def local_user(name: str) -> User:
    """The one user of a run without login: every right."""
    return User(name=name, role="admin")


def users_file() -> Path | None:
    """The user list an office configured: env ``SZMAP_USERS`` (read at each call)."""
    env = os.environ.get("SZMAP_USERS", "").strip()
    return Path(env).expanduser() if env else None


def load(path: str | Path | None = None) -> Directory:
    """The deployment's :class:`Directory` from ``path`` (default :func:`users_file`;
    none: login off). Raises DataValidationError naming the entry and field of every
    problem — a server whose user list is broken must not open without login."""
    path = users_file() if path is None else Path(path)
    if path is None:
        return Directory()
    src = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataValidationError([Problem(src, None, None, "the user list does not exist",
                                           "create it with `python cli.py users add NAME "
                                           "--role admin`, or unset SZMAP_USERS")]) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataValidationError([Problem(src, None, None,
                                           f"the user list cannot be read: {exc}",
                                           "fix the TOML file (UTF-8)")]) from None
    problems: list[Problem] = []
    login = raw.get("login", {})
    if not isinstance(login, dict):
        login = {}
        problems.append(Problem(src, None, "login", "[login] must be a table",
                                'write [login] with method = "password" or "oidc"'))
    method = str(login.get("method", "password"))
    if method not in METHODS:
        problems.append(Problem(src, None, "login.method", f"unknown method {method!r}",
                                f"use one of {', '.join(METHODS)}"))
    default_role = str(login.get("oidc_default_role", ""))
    if default_role and default_role not in ROLES:
        problems.append(Problem(src, None, "login.oidc_default_role",
                                f"unknown role {default_role!r}",
                                f"use one of {', '.join(ROLES)}, or \"\" (refused)"))
    users, hashes = [], {}
    entries = raw.get("users", [])
    if not isinstance(entries, list):
        entries = []
        problems.append(Problem(src, None, "users", "users must be a list of [[users]]",
                                "write one [[users]] table per person"))
    for i, entry in enumerate(entries, start=1):
        user, password_hash, found = _entry(entry, i, src, method)
        problems += found
        if user is None:
            continue
        if any(u.name == user.name for u in users):
            problems.append(Problem(src, i, "name", f"user {user.name!r} is listed twice",
                                    "keep one entry per user"))
            continue
        users.append(user)
        if password_hash:
            hashes[user.name] = password_hash
    if method == "password" and not hashes and not problems:
        problems.append(Problem(src, None, "users", "no user has a password",
                                "add one with `python cli.py users add NAME --role admin`"))
    if problems:
        raise DataValidationError(problems)
    return Directory(path=path, method=method, provider=str(login.get("provider", "")),
                     oidc_default_role=default_role, users=tuple(users), _hashes=hashes)


def _entry(entry, i: int, src: str, method: str
           ) -> tuple[User | None, str, list[Problem]]:
    if not isinstance(entry, dict):
        return None, "", [Problem(src, i, None, "a [[users]] entry must be a table",
                                  "write name = …, role = … under [[users]]")]
    problems = []
    name = str(entry.get("name", "")).strip()
    if not _NAME.match(name):
        problems.append(Problem(src, i, "name", f"the name {name!r} is not usable",
                                "use 1-64 letters, digits, . _ @ or -"))
    role = str(entry.get("role", ""))
    if role not in ROLES:
        problems.append(Problem(src, i, "role", f"unknown role {role!r}",
                                f"use one of {', '.join(ROLES)}"))
    password_hash = str(entry.get("password_hash", ""))
    if password_hash and not _HASH.match(password_hash):
        problems.append(Problem(src, i, "password_hash",
                                "not a bcrypt hash (a password must never be stored itself)",
                                f"set it with `python cli.py users passwd {name}`"))
    email = str(entry.get("email", "")).strip()
    if method == "oidc" and not email:
        problems.append(Problem(src, i, "email", "an OIDC user needs an e-mail",
                                "write the e-mail the identity provider gives"))
    if problems:
        return None, "", problems
    return (User(name=name, role=role, display=str(entry.get("display", "")).strip(),
                 email=email), password_hash, [])


def hash_password(password: str) -> str:
    """A bcrypt hash of ``password`` for the user list. Raises ValueError (with what to
    do) for a password shorter than 8 characters or longer than 72 bytes."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
    secret = password.encode("utf-8")
    if len(secret) > MAX_PASSWORD_BYTES:
        raise ValueError(f"a password may have at most {MAX_PASSWORD_BYTES} bytes (UTF-8)")
    return bcrypt.hashpw(secret, bcrypt.gensalt(BCRYPT_ROUNDS)).decode("ascii")


def set_user(path: str | Path, name: str, *, role: str | None = None,
             password_hash: str | None = None, display: str | None = None,
             email: str | None = None) -> User:
    """Add user ``name`` to the list at ``path`` (made if missing, login by password) or
    change the fields given; written atomically. Returns the user as stored."""
    path = Path(path)
    raw = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    login = raw.get("login") or {"method": "password"}
    entries = list(raw.get("users", []))
    entry = next((e for e in entries if e.get("name") == name), None)
    if entry is None:
        if role is None:
            raise ValueError(f"{name!r} is new: give a role ({', '.join(ROLES)})")
        entry = {"name": name}
        entries.append(entry)
    for key, value in (("role", role), ("password_hash", password_hash),
                       ("display", display), ("email", email)):
        if value is not None:
            entry[key] = value
    _write(path, login, entries)
    return load(path).user(name)


def remove_user(path: str | Path, name: str) -> None:
    """Take ``name`` off the list at ``path`` (their records keep their name)."""
    path = Path(path)
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = [e for e in raw.get("users", []) if e.get("name") != name]
    if len(entries) == len(raw.get("users", [])):
        raise ValueError(f"no user {name!r} in {path}")
    _write(path, raw.get("login", {}), entries)


def _write(path: Path, login: dict, entries: list[dict]) -> None:
    """The list as TOML (strings as JSON strings: the same escapes), checked by reading
    it back before it replaces the file."""
    from core.safe_io import atomic_write

    def line(key, value) -> str:
        return f"{key} = {json.dumps(str(value), ensure_ascii=False)}"

    out = ["# Users of the Shenzhen innovation-cluster map (see core/users.py).",
           "# Passwords are bcrypt hashes: set them with `python cli.py users passwd NAME`.",
           "", "[login]", *(line(k, v) for k, v in login.items())]
    for entry in entries:
        out += ["", "[[users]]", *(line(k, v) for k, v in entry.items())]
    text = "\n".join(out) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
        load(tmp)  # a list that would not load never replaces the file


class Throttle:
    """Slows password guessing on one server: after ``limit`` failed logins for a name
    within ``window_s`` seconds, that name is refused for ``lock_s`` seconds."""

    def __init__(self, limit: int = 5, window_s: float = 600.0, lock_s: float = 60.0,
                 clock=time.monotonic):
        self.limit, self.window_s, self.lock_s, self._clock = limit, window_s, lock_s, clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def wait_s(self, name: str) -> float:
        """Seconds before ``name`` may try again (0: now)."""
        now = self._clock()
        with self._lock:
            recent = [t for t in self._failures.get(name, []) if now - t < self.window_s]
            self._failures[name] = recent
            if len(recent) < self.limit:
                return 0.0
            return max(0.0, recent[-1] + self.lock_s - now)

    def failed(self, name: str) -> None:
        with self._lock:
            self._failures.setdefault(name, []).append(self._clock())

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name, None)
