# kitgen: `make kit` builds the sample kits, `make test` runs the tests.
# Both create .venv and install what they need on a fresh machine.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
KITGEN := $(VENV)/bin/kitgen
STAMP  := $(VENV)/.installed

.PHONY: kit test bench check clean install gallery

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,piper]'
	touch $(STAMP)

kit: $(STAMP)
	$(KITGEN) check
	$(KITGEN) build --jobs 2

check: $(STAMP)
	$(KITGEN) check

test: $(STAMP)
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf output .cache

gallery: $(STAMP)
	$(PY) docs/gallery/make_gallery.py
