# The playbook's commands. `make serve` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
export NO_MKDOCS_2_WARNING := 1
VENV ?= .venv
PYTHON := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build check test offline bench clean translations-reviewed translation-status content-status

$(STAMP): requirements.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

## serve: set up, then serve the site on http://127.0.0.1:8000 with live reload
serve: $(STAMP)
	$(PYTHON) -m macros.check
	$(PYTHON) -m mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

## check: validate every data file and page without building
check: $(STAMP)
	$(PYTHON) -m macros.check

## translations-reviewed: after updating Chinese text, record which English it matches (FILE=data/tools.yaml to limit)
translations-reviewed: $(STAMP)
	$(PYTHON) -m macros.translations reviewed $(FILE)

## translation-status: per-file counts of translated, stale and missing texts, in translation-status.md
translation-status: $(STAMP)
	$(PYTHON) -m macros.translations status --report translation-status.md

## content-status: what is sourced, what is guidance awaiting the department, what cannot be linked yet, and the translations, in content-status.md
content-status: $(STAMP)
	$(PYTHON) -m macros.content_status --report content-status.md

## build: strict build into site/ (English at site/, Chinese at site/zh/)
build: $(STAMP)
	$(PYTHON) -m macros.build

# Browser tests drive Debian's Chromium; fonts-noto-cjk lets it draw Chinese text.
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq chromium fonts-noto-cjk

## offline: the site for reading from disk, as dist/partnership-playbook-offline.zip
offline: $(STAMP)
	$(PYTHON) -m macros.offline_bundle

## bench: build and load timings at 1x, 10x and 50x the content, into bench/report.md and bench/report.json
bench: $(STAMP) $(CHROMIUM)
	$(PYTHON) -m bench.run

## test: set up and run every test, browser tests included
test: $(STAMP) $(CHROMIUM)
	$(PYTHON) -m pytest

clean:
	rm -rf site dist .pytest_cache
