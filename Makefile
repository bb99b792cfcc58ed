# Two commands do all the set-up:  `make lab` (open the course)  and  `make test` (run every test).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: lab test book slides slide-metadata pdf audit exercises notebook notebooks bench lint clean

# Set-up: create .venv if missing and install requirements.txt (lossedu included).
# Skipped while requirements.txt and pyproject.toml are unchanged (the stamp file).
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

# JavaScript the course serves itself (reveal.js, MathJax, axe-core: package.json), installed
# from package-lock.json with npm ci; skipped while the lock file is unchanged.
NPM_STAMP := node_modules/.installed
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

# (--allow-root only when run as root, as in containers: JupyterLab refuses root otherwise)
lab: $(STAMP)
	$(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/00_start_here.ipynb

# One BLAS/OpenMP thread per process: the suite runs several processes (kernels) on 2 cores,
# and oversubscribed BLAS threads made some scikit-learn fits 40x slower.
# pytest-xdist: one worker per core (at most 4), each taking whole test files (--dist loadfile), so
# module- and file-level fixtures (a graded batch, a built site) are set up once. On the 2-core
# course machine this took the suite from 115 s to 78 s.
test: $(STAMP) $(NPM_STAMP)
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PY) -m pytest --numprocesses=auto --maxprocesses=4 --dist loadfile

# The course website (Jupyter Book 1.x, built offline from the notebooks' stored outputs, MathJax
# served from the site): open build/book/_build/html/index.html. Only changed pages are rebuilt.
book: $(STAMP) $(NPM_STAMP)
	$(PY) tools/build_book.py

# Reveal.js slides of every lecture, from the slide types stored on the cells (tools/slides.py;
# reveal.js and MathJax copied from node_modules, no CDN): open build/slides/index.html.
# `make slide-metadata` stores a slide type on every lecture cell that has none (authors override
# a cell by editing its slide type; the tool never changes one that is set).
slides: $(STAMP) $(NPM_STAMP)
	$(PY) tools/slides.py build notebooks/[0-9][0-9]_*.ipynb

slide-metadata: $(STAMP)
	$(PY) tools/slides.py annotate notebooks/[0-9][0-9]_*.ipynb

# The whole course as one printable PDF, build/pdf/lossedu.pdf (tools/print_pdf.py: Jupyter Book's
# one-page view printed by headless Chromium, chapters checked in course order; a few minutes).
pdf: $(STAMP) $(NPM_STAMP)
	$(PY) tools/print_pdf.py

# Accessibility audit of every page of the site with axe-core in headless Chromium
# (tools/audit.py); fails on any serious or critical violation. make test audits one page of each kind.
audit: book
	$(PY) tools/audit.py

# Regenerate the student exercise notebooks from their solutions (exercises/solutions/).
exercises: $(STAMP)
	$(PY) -m lossedu exercises

# Re-execute one notebook in place (make notebook NB=notebooks/03_gradient_descent.ipynb), or every
# lecture and exercise solution (make notebooks). tools/run_notebook.py writes no timing metadata,
# joins split stdout and gives widgets stable ids, so a re-run that changes no result changes no byte.
RUN_NB = $(PY) tools/run_notebook.py
notebook: $(STAMP)
	$(RUN_NB) $(NB)

notebooks: $(STAMP)
	$(RUN_NB) notebooks/[0-9][0-9]_*.ipynb exercises/solutions/[0-9][0-9]_*.ipynb

bench: $(STAMP)
	$(PY) benchmarks/run.py

lint: $(STAMP)
	$(VENV)/bin/ruff check lossedu tests benchmarks tools

clean:
	rm -rf $(VENV) build *.egg-info
