"""zh/en text of the office records: the check history page, the printed 选址核查意见
and the boundary versions in the app."""

STRINGS: dict[str, dict[str, str]] = {}
