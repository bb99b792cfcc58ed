"""The course website in headless Chromium: each page of one kind loaded once, over HTTP and
offline, with axe-core (node_modules, no CDN): no request to another host, the math typeset with
the site's own fonts, the figures shown, search answering, and no serious or critical
accessibility violation.

* The pages: one of each kind (:data:`SITE_PAGES`, a test checks that every kind of built page is
  represented), from the shared ``built_site`` fixture, served on 127.0.0.1 (the site's search
  fetches result pages, which browsers refuse for file:// addresses). Each is loaded once
  (:func:`site_visit`) and every test below reads what that visit recorded. Auditing all 35 pages
  took 113 s on the two busy cores of the course machine (axe's colour-contrast rule is most of
  it), so every page is audited by ``make audit`` (tools/audit.py), which uses the same functions.
* JupyterLab: one page of the course is audited in tests/test_browser.py, inside the JupyterLab
  server and browser that file starts anyway.

Skipped, with the command that fixes it, without /usr/bin/chromium or node_modules.
"""

import contextlib
import http.server
import sys
import threading
from pathlib import Path

import nbformat
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

#: the lecture page whose math, fonts and figures are checked in the browser
LECTURE = "notebooks/05_log_loss_above_one.html"
#: the search page is loaded with a query, and audited once its results are shown
SEARCH = ("search.html", "?q=gradient",
          "document.querySelectorAll('#search-results li p.context').length > 0")


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


@contextlib.contextmanager
def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 (a free port), as a web server would."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site_visit(built_site, chromium, axe):
    """Load each of :data:`SITE_PAGES` once in one tab and record what the tests read: every
    request to another host, page errors, the lecture's loaded fonts and images, and axe's
    violations on each page (after MathJax has typeset it)."""
    visit = {"remote": [], "local": [], "errors": [], "violations": {}}
    with serve(built_site) as base:
        context = chromium.new_context()
        try:
            page = context.new_page()
            page.set_default_timeout(audit.PAGE_TIMEOUT)
            page.on("request", lambda r: visit["local" if r.url.startswith(
                (base, "data:", "blob:")) else "remote"].append(r.url))
            page.on("pageerror", lambda e: visit["errors"].append(f"{page.url}: {e}"))
            page.on("console", lambda m: visit["errors"].append(f"{page.url}: {m.text}")
                    if m.type == "error" else None)
            for name in SITE_PAGES:
                query = SEARCH[1] if name == SEARCH[0] else ""
                page.goto(f"{base}/{name}{query}")
                if name == SEARCH[0]:
                    page.wait_for_function(SEARCH[2])
                audit.start_audit(page, axe=axe)  # waits for MathJax's typesetting first
                visit["violations"][name] = audit.audit_result(page)
                if name == LECTURE:
                    page.wait_for_function("document.fonts.status === 'loaded'")
                    visit["math"] = page.evaluate(
                        "document.querySelectorAll('mjx-container').length")
                    visit["fonts"] = page.evaluate(
                        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
                    visit["images"] = page.evaluate(
                        "[...document.images].filter(i => i.naturalWidth > 0).length")
        finally:
            context.close()
    return visit


def test_no_page_requests_anything_from_another_host(site_visit):
    """Fonts, MathJax's fonts, icons, source maps included: every request is recorded; and no
    page logs an error (a file the site lacks, a script failing)."""
    assert not site_visit["remote"], site_visit["remote"]
    # the recording works: it saw the pages and what they loaded from the site
    assert any("/_static/mathjax/tex-mml-chtml.js" in url for url in site_visit["local"])
    assert any(".woff" in url for url in site_visit["local"])
    assert not site_visit["errors"], site_visit["errors"]


def test_a_lecture_shows_its_math_with_the_sites_fonts_and_all_its_figures(site_visit):
    notebook = ROOT / "notebooks" / f"{Path(LECTURE).stem}.ipynb"
    stored = sum("image/png" in out.get("data", {})
                 for cell in nbformat.read(notebook, as_version=4).cells
                 for out in cell.get("outputs", []))
    assert site_visit["math"] > 5
    assert any(family.startswith("MJX") for family in site_visit["fonts"]), site_visit["fonts"]
    assert site_visit["images"] == stored + 1  # + the Binder logo of the launch button


def test_site_pages_have_no_serious_or_critical_violations(site_visit):
    results = site_visit["violations"]
    assert set(results) == set(SITE_PAGES)
    bad = {name: serious(violations) for name, violations in results.items()
           if audit.failing(violations)}
    assert not bad, "serious or critical accessibility violations (make audit shows all):\n" + \
        audit.report({u: audit.failing(v) for u, v in results.items()})
