# The two commands of the README: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# The lock: every package, indirect ones included, pinned with its hashes (`make lock`).
# dev.txt is what `make setup` installs (the local, test and dev extras); production.txt is
# the image's (no extras), and dev.txt keeps its versions.
LOCK := requirements/dev.txt
PROD_LOCK := requirements/production.txt

.PHONY: setup run lint test audit lock lock-upgrade bench migrate samples corpus clean

$(PY):
	python3 -m venv $(VENV)

# The lock first (its pip, setuptools and the rest, each checked against its hash), then the
# project itself, editable, with nothing more: --no-deps, and the locked setuptools to build it.
$(STAMP): pyproject.toml $(LOCK) | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py migrate --noinput

samples: migrate
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py load_samples

# HOST and PORT: make run HOST=0.0.0.0 PORT=8080. The server and the task queue's worker
# (devtools/run.py); Ctrl-C stops both and the embedded Postgres they share
# (missionjobs/embedded_postgres.py).
run: samples
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) -m devtools.run $(HOST):$(PORT)

# The same checks as .pre-commit-config.yaml; the rules are in pyproject.toml.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint
	$(PY) -m pytest

# The pinned packages of both locks against advisory databases read from disk (no service is
# reached): the one the safety-db package ships, or OSV exports given as files or folders,
# make audit AUDIT_DB="safety-db path/to/all.zip". devtools/audit.py: one line a finding, a
# summary, non-zero on any finding not explained in requirements/audit-ignore.txt.
AUDIT_DB ?= safety-db
audit: setup
	$(PY) devtools/audit.py $(foreach db,$(AUDIT_DB),--db $(db)) \
		--ignore-file requirements/audit-ignore.txt $(LOCK) $(PROD_LOCK)

# Rewrite the lock from pyproject.toml with pip-compile (pip-tools, in the dev extra): the
# production lock first, then dev.txt constrained to its versions. Pins already in the files
# are kept where they still fit; `make lock-upgrade` takes the newest versions instead.
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras --all-build-deps \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock: setup
	$(PIP_COMPILE) --output-file $(PROD_LOCK) pyproject.toml
	$(PIP_COMPILE) --extra local --extra test --extra dev --constraint $(PROD_LOCK) \
		--output-file $(LOCK) pyproject.toml

lock-upgrade:
	$(MAKE) lock LOCK_ARGS=--upgrade

# The importer's corpus: call.txt, call.docx and call.pdf from each document.json.
corpus: setup
	$(PY) -m tests.importer.corpus.build

# Load at 10,000 and 1,000,000 posts, the crowd on those 1,000,000, then a 3-minute soak:
# about 40 minutes in all.
bench: setup
	$(PY) bench/corpus_accuracy.py
	$(PY) bench/run.py
	$(PY) bench/crowd.py --reuse
	$(PY) bench/soak.py

clean:
	rm -rf $(VENV) var staticfiles
