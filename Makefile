# Two commands do everything on a fresh machine:  make run  (the dashboard on the demo data)  and  make test.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
DEMO   := data/demo.gpkg
PORT   ?= 8501
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

CITY   := data/city.gpkg

.PHONY: run test setup browser postgis demo city bench bench-routing lint clean

run: setup $(DEMO)
	$(PY) -m streamlit run dashboard.py --server.port $(PORT)

test: setup browser postgis
	$(PY) -m pytest

setup: $(VENV)/.installed static/node_modules/.installed

$(VENV)/.installed: requirements.txt constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "需要 Python 3.11 或更新版本"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

# Leaflet, jQuery, Bootstrap, Font Awesome ... for offline maps, pinned by the lock file, served from static/.
# The packages' example and doc pages (HTML that links CDNs) are removed: everything under static/ is served.
static/node_modules/.installed: static/package.json static/package-lock.json
	cd static && npm ci --no-audit --no-fund --ignore-scripts
	find static/node_modules -name '*.html' -delete
	touch $@

# Debian's chromium (Playwright's own browser download does not work here) and CJK fonts for screenshots.
browser:
	@command -v chromium >/dev/null && dpkg -s fonts-noto-cjk >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

# Debian's PostgreSQL server and PostGIS, for the server-store tests: the tests start their own throw-away
# cluster from these binaries (tests/pg_cluster.py) on a free loopback port and remove it after; nothing is
# started here, and no system cluster is used.
postgis:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql postgresql-postgis >/dev/null; }

demo: $(DEMO)

$(DEMO): $(VENV)/.installed $(wildcard geo/demo/*.py) geo/schema.py data/make_demo.py
	$(PY) data/make_demo.py --out $(DEMO)

# The city-scale set (30,000 firms, 300,000 inspections, 50,000 fire points, 5,000 outlets) for the benchmark.
city: $(CITY)

$(CITY): $(VENV)/.installed $(wildcard geo/demo/*.py) geo/schema.py data/make_demo.py
	$(PY) data/make_demo.py --scale city --out $(CITY)

bench: setup browser $(DEMO) $(CITY)
	$(PY) bench/run.py

# The patrol planner's figures alone (Solomon C101 vs its optimum; 11 teams x 300 candidates vs greedy).
bench-routing: setup
	$(PY) bench/routing.py

clean:
	rm -rf $(VENV) static/node_modules $(DEMO) $(CITY)
