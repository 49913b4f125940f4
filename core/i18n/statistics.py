"""zh/en text of the per-area statistics: located vs area-level points, points surely
inside vs uncertain, densities that are lower bounds, and the coverage workbook."""

STRINGS: dict[str, dict[str, str]] = {}
