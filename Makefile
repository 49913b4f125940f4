# Two commands for a fresh machine:  make run  |  make test
# Both create .venv (if missing) and install the pinned requirements first.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
# Debian packages the browser tests need: the browser and a CJK font.
SYSPKGS := chromium fonts-noto-cjk postgresql postgresql-15-postgis-3

.PHONY: run test lint bench sysdeps base-layers cluster-geometry catalogue facilities clean

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

## run: start the app on the shipped data (http://localhost:8501)
run: $(STAMP)
	$(VENV)/bin/streamlit run app.py

## sysdeps: install Debian chromium + fonts-noto-cjk for the browser tests, if missing
sysdeps:
	@missing=""; for p in $(SYSPKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else \
	    echo "WARNING: cannot install$$missing (not root, no sudo): browser tests will be skipped"; exit 0; fi; \
	  echo "installing Debian packages:$$missing"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null \
	    || echo "WARNING: apt-get failed: browser tests will be skipped"; \
	fi

## test: lint, then the whole test suite in one run on both cores, one file at a time
## per core: the browser journeys first (each core drives its own server, workspace and
## browser), the unit and app tests filling in behind them, so neither phase ends with
## one core idle
test: $(STAMP) sysdeps
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n 2 --dist loadfile --durations=15

lint: $(STAMP)
	$(VENV)/bin/ruff check .

## base-layers: rebuild geodata/{subdistricts,districts,shenshan}.geojson from geodata/raw
base-layers: $(STAMP)
	$(PY) scripts/build_base_layers.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

## cluster-geometry: rebuild cluster_defs/areas.geojson from cluster_defs/areas/*.toml
cluster-geometry: $(STAMP)
	$(PY) scripts/build_cluster_geometry.py

## bench: join and CLI benchmarks on synthetic points (not part of the tests)
bench: $(STAMP)
	$(PY) benchmarks/run.py

## catalogue: rebuild geodata/facilities.csv and enterprises.csv from their *_src.csv
catalogue facilities: $(STAMP)
	$(PY) scripts/build_catalogue.py

## gazetteer: rebuild geodata/gazetteer_*.csv (address gazetteer) from geodata/ and ../shared/data/osm_roads_partial
.PHONY: gazetteer
gazetteer: $(STAMP)
	$(PY) scripts/build_gazetteer.py
