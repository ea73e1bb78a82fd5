# The one entry point. `make lab` for trainees, `make test` for everyone else.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PORT   ?= 8866
# The course's own folders, unless the environment names others (JupyterHub, a shared drive).
export LVM_COURSE_HOME ?= $(HOME)/.lvm_course

.PHONY: lab test fuzz bench present room check lint clean help screenshots
help:
	@echo "make lab      set up .venv and open the course in JupyterLab"
	@echo "make test     set up .venv and run the whole test suite"
	@echo "make room     serve the course to a workshop: join link, QR code, private trainees,"
	@echo "              and the facilitator's slides on this computer"
	@echo "make present  present the notebooks live in Voila (code hidden); SLIDES=1 for slides"
	@echo "make fuzz     the long property/fuzz run"
	@echo "make bench    print the benchmarks' figures"
	@echo "make check    validate the content in data/"
	@echo "make lint     ruff over the package, tests, benches and deploy/"
	@echo "make screenshots  every page at phone, laptop and projector size, and a contact sheet, in artifacts/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps so a second `make lab` starts at once; they are redone when a pin changes, or
# a file the package installs outside itself (Voila templates, server config) changes.
SHARED_DATA := $(shell find lvm_course/share jupyter-config -type f 2>/dev/null)
$(VENV)/.course: $(BIN)/python requirements.txt pyproject.toml $(SHARED_DATA)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m lvm_course.setup_lab $(VENV)
	touch $@

$(VENV)/.tests: $(VENV)/.course requirements-test.txt $(VENV)/.proxy
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

# JupyterHub's proxy (Node.js) for the hub tests and bench, pinned by its lock file,
# installed inside the venv: .venv/proxy/node_modules/.bin/configurable-http-proxy
$(VENV)/.proxy: $(BIN)/python tests/hub/proxy/package.json tests/hub/proxy/package-lock.json
	mkdir -p $(VENV)/proxy
	cp tests/hub/proxy/package.json tests/hub/proxy/package-lock.json $(VENV)/proxy/
	npm ci --prefix $(VENV)/proxy --no-audit --no-fund --loglevel=error
	touch $@

lab: $(VENV)/.course
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb

present: $(VENV)/.course
	$(BIN)/python -m lvm_course.present --port $(PORT) $(if $(SLIDES),--slides)

# ROOM_ARGS, e.g. --port 9000 --dir /srv/room --no-browser
room: $(VENV)/.course
	$(BIN)/lvm-course room $(ROOM_ARGS)

check: $(VENV)/.course
	$(BIN)/lvm-course check

lint: $(VENV)/.tests
	$(BIN)/ruff check lvm_course tests bench deploy

test: lint
	$(BIN)/python -m pytest

# Every Voila page at three sizes (checked: nothing cut off, no sideways scroll, axe-core)
# into artifacts/screens/, and artifacts/contact_sheet.png with all of them side by side.
screenshots: $(VENV)/.tests
	$(BIN)/python -m pytest tests/browser/test_screens.py -q

fuzz: $(VENV)/.tests
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py -q

$(VENV)/.bench: $(VENV)/.tests requirements-bench.txt
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt
	touch $@

bench: $(VENV)/.bench
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis artifacts
