# The playbook's commands. `make serve` and `make test` set everything up on a fresh machine.
# `make help` lists them.
SHELL := /bin/bash
export NO_MKDOCS_2_WARNING := 1
VENV ?= .venv
PYTHON := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
FIREFOX ?= /usr/bin/firefox-esr
WEBKIT_DRIVER ?= /usr/bin/WebKitWebDriver
XVFB ?= /usr/bin/Xvfb
JAVA ?= /usr/bin/java
NPM := $(shell command -v npm || echo /usr/bin/npm)
# `npm ci` writes this file last, so it is newer than package-lock.json once node_modules is complete.
NODE_MODULES := node_modules/.package-lock.json
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help serve build check lint test offline bench bench-scores clean translations-reviewed translation-status content-status review

## help: list the commands
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST) | column -t -s ':' | sed 's/^/  make /'

# The pinned packages, then the playbook's own package (macros/) in editable mode, so that
# plain `mkdocs build` and `mkdocs serve` from the virtual environment find it.
$(STAMP): requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet -r requirements.txt
	$(PYTHON) -m pip install --quiet --no-build-isolation --no-deps -e .
	touch $(STAMP)

## serve: set up, then serve the site on http://127.0.0.1:8000 with live reload
serve: $(STAMP)
	$(PYTHON) -m macros.cli.check
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

## check: validate every data file and page without building (after updating the id suggestions in data/schema/ids.schema.json), and lint the code
check: $(STAMP)
	$(PYTHON) -m macros.cli.ids
	$(PYTHON) -m macros.cli.check
	$(VENV)/bin/ruff check --quiet macros bench tests

## translations-reviewed: after updating Chinese text, record which English it matches (FILE=data/tools.yaml or KEY=... to name texts; CONFIRM_UNCHANGED=1 to mark named texts whose Chinese is still right)
translations-reviewed: $(STAMP)
	$(PYTHON) -m macros.cli.translations reviewed $(FILE) $(if $(KEY),'$(KEY)') $(if $(CONFIRM_UNCHANGED),--confirm-unchanged)

## translation-status: per-file counts of translated, stale and missing texts, in translation-status.md
translation-status: $(STAMP)
	$(PYTHON) -m macros.cli.translations status --report translation-status.md

## content-status: what is sourced, what is guidance awaiting the department, what cannot be linked yet, and the translations, in content-status.md
content-status: $(STAMP)
	$(PYTHON) -m macros.cli.content_status --report content-status.md

## review: annotations and a Markdown summary of a change against a branch (BASE=origin/main): problems, content diff, translations
BASE ?= origin/main
review: $(STAMP)
	$(PYTHON) -m macros.cli.review --base $(BASE)

## build: strict build into site/ (English at site/, Chinese at site/zh/, 繁體中文 at site/zh-hant/), with the offline copy's zip at its top
build: $(STAMP)
	$(PYTHON) -m macros.cli.build

# Browser tests drive Debian's Chromium; fonts-noto-cjk lets it draw Chinese text.
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq chromium fonts-noto-cjk

# The journeys in tests/test_engines.py also drive Debian's Firefox ESR (through Puppeteer, from
# npm) and WebKit (WebKitWebDriver, on an Xvfb virtual display the tests start themselves).
$(FIREFOX) $(WEBKIT_DRIVER) $(XVFB) &:
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq firefox-esr webkit2gtk-driver xvfb fonts-noto-cjk

$(NPM):
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq nodejs npm

# --ignore-scripts: vnu-jar's install script would fetch a Java runtime; Debian's is used instead.
$(NODE_MODULES): package-lock.json | $(NPM)
	$(NPM) ci --no-audit --no-fund --ignore-scripts

# The Nu Html Checker (npm vnu-jar) runs on Java.
$(JAVA):
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq default-jre-headless

## offline: the site for reading from disk, as dist/partnership-playbook-offline.zip
offline: $(STAMP)
	$(PYTHON) -m macros.cli.offline

## bench: build and load timings at 1x, 10x and 50x the content, Lighthouse and Nu Html Checker on every page, into bench/report.md and bench/report.json
bench: $(STAMP) $(CHROMIUM) $(JAVA) $(NODE_MODULES)
	$(PYTHON) -m bench.run

## bench-scores: only the Lighthouse and Nu Html Checker rows (BENCH_PAGES='tools/* zh/index.html' for some pages, BENCH_JOBS=n at a time)
bench-scores: $(STAMP) $(CHROMIUM) $(JAVA) $(NODE_MODULES)
	$(PYTHON) -m bench.run --only-scores

## test: set up and run every test, browser tests included (Chromium, Firefox ESR, WebKit), on two workers sharing one site build (id suggestions updated first, so an edit made in the browser passes)
test: $(STAMP) $(CHROMIUM) $(FIREFOX) $(WEBKIT_DRIVER) $(XVFB) $(NODE_MODULES)
	$(PYTHON) -m macros.cli.ids
	$(PYTHON) -m pytest -n 2

## clean: remove built sites, bundles, staging folders and test caches
clean:
	rm -rf site dist .site-* .site-previous .pytest_cache .ruff_cache translation-status.md
