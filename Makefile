# The two commands of the README: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run lint test bench migrate samples corpus clean

$(PY):
	python3 -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[local,test]'
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	$(PY) manage.py migrate --noinput

samples: migrate
	$(PY) manage.py load_samples

# HOST and PORT: make run HOST=0.0.0.0 PORT=8080. Ctrl-C stops the server and the embedded
# Postgres it started (missionjobs/embedded_postgres.py).
run: samples
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

# The same checks as .pre-commit-config.yaml; the rules are in pyproject.toml.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint
	$(PY) -m pytest

# The importer's corpus: call.txt, call.docx and call.pdf from each document.json.
corpus: setup
	$(PY) -m tests.importer.corpus.build

# Load at 10,000 and 1,000,000 posts, then a 3-minute soak: about 30 minutes in all.
bench: setup
	$(PY) bench/corpus_accuracy.py
	$(PY) bench/run.py
	$(PY) bench/soak.py

clean:
	rm -rf $(VENV) var staticfiles
