"""Static map exports (PNG/PDF/SVG) and standalone HTML maps."""
