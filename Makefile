# evalxl — two commands on a fresh machine:  make demo   and   make test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SHARED := ../shared
SAMPLE := samples/seed-2023.xlsx
DEMO_OUT := out/seed-2023_自评结果.xlsx

.PHONY: demo test package-check windows-bundle picture samples bench bench-collect clean

$(BIN)/python:
	$(PYTHON) -m venv --copies $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

## demo: set up .venv and score the seed sample (the four forms of the seed document)
demo: $(VENV)/.installed
	@mkdir -p out
	$(BIN)/evalxl run $(SAMPLE) -o $(DEMO_OUT)
	@echo "输出 / output: $(abspath $(DEMO_OUT))"

## test: set up .venv with the test extras; run the tests, ruff, mypy and the acceptance cases
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest
	$(BIN)/ruff check evalxl workbook_templates tests samples benchmarks .ci
	$(BIN)/ruff format --check evalxl workbook_templates tests samples benchmarks .ci
	$(BIN)/mypy
	@if [ -f $(SHARED)/acceptance/check ]; then $(BIN)/python $(SHARED)/acceptance/check; \
	else echo "$(SHARED)/acceptance not present: acceptance cases not run"; fi

## package-check: build the wheel, check it holds every module and data file, install it in a fresh
## virtual environment outside the checkout and run evalxl's commands from there (.ci/package_check.py)
package-check: | $(BIN)/python
	$(BIN)/python .ci/package_check.py --python "$(PYTHON)"

## windows-bundle: the offline Windows bundle dist/evalxl-<version>-win64.zip: evalxl's wheel and every dependency as
## CPython 3.11 win_amd64 wheels (from PyPI, markers closed for Windows), 安装.bat, 评分.bat, 使用说明.txt
## (.ci/windows_bundle.py; PYTHON_INSTALLER=path/to/python-3.11.x-amd64.exe also puts that installer into the zip)
windows-bundle: $(VENV)/.installed-test
	$(BIN)/python .ci/windows_bundle.py --out dist $(if $(PYTHON_INSTALLER),--python-installer "$(PYTHON_INSTALLER)")

## picture: render the README's picture of a form with LibreOffice (needs soffice and pdftoppm)
picture: $(VENV)/.installed
	@mkdir -p out
	$(BIN)/evalxl run samples/county-2024.xlsx -o out/county-2024_自评结果.xlsx
	cd out && soffice --headless --convert-to pdf county-2024_自评结果.xlsx >/dev/null
	pdftoppm -png -r 80 -f 2 -l 2 -singlefile out/county-2024_自评结果.pdf docs/form-example

## samples: rebuild the sample input workbooks from their script
samples: $(VENV)/.installed
	$(BIN)/python samples/build_samples.py
	$(BIN)/python samples/build_forms_sample.py

## bench: the province-scale benchmark, 100 to 10,000 projects: evalxl's stage times (read, import, check,
## score, write) and evalxl against a floor writing the same files, as ratios of one run (benchmarks/README.md)
## (BENCH_ARGS=--quick for a smoke run; BENCH_ARGS="--repeat 3 --record" puts the report into
## benchmarks/RESULTS.md; installs the test extras only when python-calamine is missing)
bench: | $(BIN)/python
	@$(BIN)/python -c "import evalxl, python_calamine" 2>/dev/null || $(MAKE) $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

## bench-collect: the bureau's benchmark (issue 12): `evalxl collect` on a mailbox of 300 unit files of 30 projects
## (folders, zips, split copies, one corrupt file) against a floor reading them with python-calamine and writing
## the same roll-up with XlsxWriter; the ratio of one run (target ≤ 1.5×) and peak memory (benchmarks/README.md)
## (COLLECT_ARGS="--units 10" for a smoke run; COLLECT_ARGS="--repeat 3 --record" puts the report into RESULTS.md)
bench-collect: | $(BIN)/python
	@$(BIN)/python -c "import evalxl, python_calamine" 2>/dev/null || $(MAKE) $(VENV)/.installed-test
	$(BIN)/python benchmarks/collect_run.py $(COLLECT_ARGS)

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache

## guide-pictures: render the pictures of docs/使用说明.md (the template and the output of samples/county-2024.xlsx)
## with LibreOffice (needs soffice and pdftoppm); the guide's list of finding codes: .venv/bin/python -m evalxl.guide
.PHONY: guide-pictures
guide-pictures: $(VENV)/.installed
	sh docs/render_guide_pictures.sh
