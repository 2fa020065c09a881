# mujaz: two commands for a new user, `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DATA ?= ../shared/data

.PHONY: demo test install dev evaluate bench train charmaps clean help

help:
	@echo "make demo      create $(VENV), install mujaz, summarize the bundled samples"
	@echo "make test      install the dev extras and run the whole test suite"
	@echo "make evaluate  ROUGE on the dev data against lead baselines (needs $(DATA))"
	@echo "make bench     speed benchmark against sumy's LexRank (needs $(DATA))"
	@echo "make train     refit the news weights, the headline verb pairs and the headline model with 5-fold CV (needs $(DATA))"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.dev-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
dev: $(VENV)/.dev-installed

demo: $(VENV)/.installed
	@for f in samples/*.txt; do \
		echo "== $$f"; \
		$(VENV)/bin/mujaz summarize "$$f" || exit 1; \
		echo; \
	done
	@echo "== samples/sample-03-solar.txt: key points, one per section"
	@$(VENV)/bin/mujaz summarize samples/sample-03-solar.txt --style points
	@echo
	@echo "== samples/sample-01-water.txt as JSON (offsets and scores), 2 sentences"
	@$(VENV)/bin/mujaz summarize samples/sample-01-water.txt --sentences 2 --format json

# The browser tests drive Debian's Chromium (Playwright never downloads one); as root, install
# it when missing. Without it those tests are skipped with the reason.
test: $(VENV)/.dev-installed
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
			|| echo "could not install chromium; the browser tests will be skipped"; \
	fi
	$(PY) -m pytest

evaluate: $(VENV)/.installed
	$(VENV)/bin/mujaz evaluate $(DATA)/ant-bbc-dev.jsonl --max-words 25 \
		--method news --method lead --method textrank --method lexrank

train: $(VENV)/.installed
	$(PY) -m mujaz.training news $(DATA)/ant-bbc-dev.jsonl --out src/mujaz/data/news-weights.json
	$(PY) -m mujaz.training verbs $(DATA)/ant-multi-dev.jsonl $(DATA)/ant-bbc-dev.jsonl $(DATA)/marsum-dev.jsonl \
		--out src/mujaz/data/verbs-ar.json
	$(PY) -m mujaz.training headline $(DATA)/marsum-dev.jsonl $(DATA)/ant-bbc-dev.jsonl $(DATA)/ant-multi-dev.jsonl \
		--out src/mujaz/data/headline-model.json

bench: $(VENV)/.dev-installed
	$(PY) benchmarks/speed.py

charmaps:
	$(PYTHON) scripts/gen_charmaps.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .hypothesis
