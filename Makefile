# Calmline: two commands do everything on a fresh machine.
#   make serve   preview the site with live reload at http://127.0.0.1:8000; not strict:
#                problems are listed in the pages and the preview keeps running
#   make test    build the site and run the tests an edit to a page or data can break
#                (installs what it needs; about 2 minutes once warm)
# Other targets: test-all (every test, as CI runs it), build, offline, new, reviews,
# codeowners, bench, lock, zensical, clean.

PYTHON ?= python3
VENV   ?= .venv
ZVENV  ?= .venv-zensical
PY      = $(VENV)/bin/python
PORT   ?= 8000
export NO_MKDOCS_2_WARNING = 1
export PYTHONDONTWRITEBYTECODE = 1

.PHONY: serve build test test-all offline new reviews codeowners bench clean install browser lock zensical zensical-install lock-zensical

install: $(VENV)/.installed

# Installs from the lock, not from requirements.txt: every file pip fetches must
# match a sha256 in requirements.lock, or the install stops.
$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

# After editing a pin in requirements.txt: rewrite requirements.lock from it
# (needs the package index; tests/test_lock.py fails until the two agree).
lock:
	PYTHON=$(PYTHON) scripts/lock.sh

lock-zensical:
	PYTHON=$(PYTHON) LOCK_COMMAND="make lock-zensical" scripts/lock.sh requirements-zensical.in requirements-zensical.txt

# Zensical (Material's successor) in a virtualenv of its own, with no MkDocs in
# it: it loads macros/__init__.py itself. Locked with hashes, like .venv.
zensical-install: $(ZVENV)/.installed

$(ZVENV)/.installed: requirements-zensical.txt
	$(PYTHON) -m venv $(ZVENV)
	$(ZVENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-zensical.txt
	touch $@

# The site built by Zensical into site-zensical/ (Zensical has no --site-dir:
# mkdocs.yml reads CALMLINE_SITE_DIR), then indexed by the pinned Pagefind from .venv.
zensical: install zensical-install
	CALMLINE_SITE_DIR=site-zensical $(ZVENV)/bin/zensical build --clean
	$(PY) -c 'from pathlib import Path; from macros import search; search.index_site(Path("site-zensical"))'
	@echo "Built site-zensical/ with Zensical, Pagefind index included."

serve: install
	CALMLINE_STRICT=false CALMLINE_SITE_URL=http://127.0.0.1:$(PORT)/ $(PY) -m mkdocs serve --dev-addr 127.0.0.1:$(PORT) --livereload --dirty

build: install
	$(PY) -m mkdocs build --strict --site-dir site

browser:
	@scripts/ensure-chromium.sh

# The editor's run: every test but those marked slow (see pytest.ini); it says what it left out.
test: install browser
	$(PY) -m pytest -m "not slow"

# Every test, slow ones included: what CI runs (.ci/run). After changing code, run this.
# zensical-install: tests/test_zensical.py builds with Zensical too (skipped without it).
test-all: install zensical-install browser
	$(PY) -m pytest

offline: install
	$(PY) scripts/offline.py

# The type and title reach the script through the environment, unexpanded and
# unparsed: a title may hold quotes, $, # or backticks.
new: export CALMLINE_NEW_TYPE := $(value type)
new: export CALMLINE_NEW_TITLE := $(value title)
new: install
	@PORT=$(PORT) $(PY) scripts/new_page.py "$$CALMLINE_NEW_TYPE" "$$CALMLINE_NEW_TITLE"

reviews: install
	@$(PY) scripts/reviews.py

codeowners: install
	$(PY) scripts/codeowners.py

bench: install browser
	$(PY) scripts/bench.py

clean:
	rm -rf site site-zensical dist .pytest_cache .cache .axe-cache
