"""Accessibility: axe-core (node_modules, no CDN) in one headless Chromium, over the course
website and over one JupyterLab page of the course; no serious or critical violation.

* The site (the shared ``built_site`` fixture): one page of each kind (:data:`SITE_PAGES`, a test
  checks that every kind of built page is represented). Auditing all 35 pages took 113 s on the
  two busy cores of the course machine (axe's colour-contrast rule is most of it), so every
  page is audited by ``make audit`` (tools/audit.py), which uses the same functions. One tab:
  parallel tabs were no faster on two cores.
* JupyterLab (started as tests/test_browser.py does, with its fixture): notebook 00, as a
  learner first opens it, stored outputs shown. The course's content (rendered markdown and
  outputs) must have no serious or critical violation; JupyterLab's own interface has some,
  listed in :data:`JUPYTERLAB_OWN` with the reason, and any other one fails the test.

Skipped, with the command that fixes it, without /usr/bin/chromium or node_modules.
"""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import audit  # noqa: E402  (tools/audit.py)

if not audit.CHROMIUM.exists():
    pytest.skip("Chromium not found at /usr/bin/chromium: `apt-get install chromium`",
                allow_module_level=True)
if not audit.AXE.exists():
    pytest.skip("axe-core missing: run `npm ci` (make test does)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

import test_browser  # noqa: E402  (its JupyterLab fixture: a server of this module's own)

lab, workdir = test_browser.lab, test_browser.workdir  # fixtures, found by pytest by name

#: one built page of each kind, with what it adds to the audit
SITE_PAGES = {
    "README.html": "the landing page: badges (images), launch links, the course map table",
    "notebooks/05_log_loss_above_one.html": "a lecture: math, code, outputs, figures with alt "
                                            "text, a widget's stored picture, answers in <details>",
    "exercises/01_what_is_a_loss_exercise.html": "an exercise (student version): answer and "
                                                 "check cells",
    "docs/notation.html": "a docs page: tables of symbols, math, cross-links",
    "search.html": "the search page (its form and results list)",
}
#: built pages of no kind of their own: not in SITE_PAGES (make audit still audits them)
SITE_PAGES_LEFT_OUT = {
    "index.html": "a redirect to README.html",
    "genindex.html": "Sphinx's index page: the course defines no index entries, so it is the "
                     "theme's page frame around an empty list, the same frame as every page",
}

#: serious or critical violations of JupyterLab 4.6's own interface (not the course's content),
#: by axe rule: none can be fixed from the course's files
JUPYTERLAB_OWN = {
    "aria-allowed-attr": "toolbar buttons (jp-button) carry aria-pressed, which their role "
                         "does not allow",
    "aria-input-field-name": "the CodeMirror editor of each code cell has no accessible name",
    "aria-prohibited-attr": "a cell's container <div> carries an aria-label ('Markdown Cell "
                            "Content') but no role that allows one",
    "aria-required-children": "the notebook's windowed list (role feed) holds plain cells",
    "button-name": "the collapse button JupyterLab adds to each markdown heading has no name",
    "image-alt": "JupyterLab renders a PNG output as an <img> with no alt attribute: it does not "
                 "read alt text from the output's metadata (the course stores it there for the "
                 "site and nbconvert; see jupyter/enhancement-proposals#120)",
}
#: the course's own content inside JupyterLab: rendered markdown and cell outputs
CONTENT = ".jp-RenderedMarkdown, .jp-OutputArea-output"
LAB_NOTEBOOK = "00_start_here"


@pytest.fixture(scope="module")
def chromium():
    with sync_api.sync_playwright() as playwright:
        browser = audit.launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def axe():
    return audit.axe_source()


def serious(violations):
    return [f"{v['impact']} {v['id']} ({v['help']}): " + ", ".join(n["target"] for n in v["nodes"])
            for v in audit.failing(violations)]


# --------------------------------------------------------------------------- the audit itself


def test_the_audit_finds_serious_and_critical_violations(chromium, axe, tmp_path):
    """The audit is not blind: a page with an unlabelled image and grey-on-white text fails."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>'
                    '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                    '<p style="color:#ccc;background:#fff">faint text</p></main></body></html>')
    results = audit.audit_urls(chromium.new_context(), [page.as_uri()], axe=axe)
    found = {(v["id"], v["impact"]) for v in audit.failing(results[page.as_uri()])}
    assert {("image-alt", "critical"), ("color-contrast", "serious")} <= found, found


# --------------------------------------------------------------------------- the site


def test_every_kind_of_built_page_is_audited(built_site):
    kinds = {path.relative_to(built_site).parts[0] if len(path.relative_to(built_site).parts) > 1
             else path.name for path in audit.site_pages(built_site)}
    kinds -= set(SITE_PAGES_LEFT_OUT)
    covered = {name.split("/")[0] if "/" in name else name for name in SITE_PAGES}
    assert kinds <= covered, f"page kinds with no page in SITE_PAGES: {kinds - covered}"
    missing = [name for name in SITE_PAGES if not (built_site / name).exists()]
    assert not missing, f"SITE_PAGES not built: {missing}"


def test_site_pages_have_no_serious_or_critical_violations(built_site, chromium, axe):
    urls = {(built_site / name).as_uri(): name for name in SITE_PAGES}
    results = audit.audit_urls(chromium.new_context(), urls, tabs=1, axe=axe)
    bad = {urls[url]: serious(violations) for url, violations in results.items()
           if audit.failing(violations)}
    assert not bad, "serious or critical accessibility violations (make audit shows all):\n" + \
        audit.report({u: audit.failing(v) for u, v in results.items()})


# --------------------------------------------------------------------------- JupyterLab


def test_a_jupyterlab_page_of_the_course_has_no_serious_or_critical_violations(
        lab, chromium, axe):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    try:
        # as a learner first sees it: every cell and stored output shown, the kernel idle
        page = test_browser.open_notebook(context, lab, LAB_NOTEBOOK)
        page.locator(f"{test_browser.PANEL} .jp-RenderedImage img").first.wait_for()
        audit.start_audit(page, axe=axe)
        violations = audit.audit_result(page)
        # where each violating element is: the course's content, a PNG output JupyterLab
        # rendered, or JupyterLab's own interface
        places = page.evaluate(
            """([violations, content]) => violations.map((v) => v.nodes.map((n) => {
                let el = null;
                try { el = document.querySelector(n.target); } catch (e) { /* shadow DOM */ }
                if (el === null || el.closest(content) === null) return 'interface';
                return el.closest('.jp-RenderedImage') !== null ? 'output-image' : 'content';
            }))""", [violations, CONTENT])
    finally:
        context.close()
    content, interface = [], []
    for violation, where in zip(violations, places, strict=True):
        if violation["impact"] not in audit.FAILING_IMPACTS:
            continue
        for node, place in zip(violation["nodes"], where, strict=True):
            if place == "content" or (place == "output-image" and violation["id"] != "image-alt"):
                content.append(f"{violation['id']}: {node['target']} {node['html']}")
            else:
                interface.append((violation["id"], f"{node['target']} {node['html']}"))
    assert not content, "the course's content in JupyterLab has serious or critical " \
        "violations:\n" + "\n".join(content)
    unknown = [f"{rule}: {where}" for rule, where in interface if rule not in JUPYTERLAB_OWN]
    assert not unknown, "new serious or critical violations in JupyterLab's interface:\n" + \
        "\n".join(unknown)
