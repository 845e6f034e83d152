# Calmline: two commands do everything on a fresh machine.
#   make serve   preview the site with live reload at http://127.0.0.1:8000; not strict:
#                problems are listed in the pages and the preview keeps running
#   make test    build the site and run every test (installs what it needs)
# Other targets: build, offline, new, reviews, codeowners, bench, clean.

PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PORT   ?= 8000
export NO_MKDOCS_2_WARNING = 1
export PYTHONDONTWRITEBYTECODE = 1

.PHONY: serve build test offline new reviews codeowners bench clean install browser

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

serve: install
	CALMLINE_STRICT=false CALMLINE_SITE_URL=http://127.0.0.1:$(PORT)/ $(PY) -m mkdocs serve --dev-addr 127.0.0.1:$(PORT) --livereload

build: install
	$(PY) -m mkdocs build --strict --site-dir site

browser:
	@scripts/ensure-chromium.sh

test: install browser
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
	rm -rf site dist .pytest_cache
