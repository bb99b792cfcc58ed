"""Accessibility audit of the course website with axe-core in headless Chromium (make audit).

    python tools/audit.py [--site build/book/_build/html] [--tabs 2]

Opens every built page of the site (``make book`` first) in one headless Chromium, several pages
at a time in parallel tabs, waits until MathJax has typeset the page, injects axe-core from
``node_modules`` (the npm package ``axe-core``, installed by ``npm ci``; no CDN) and runs its
default rules. Prints every violation, grouped by rule, and exits with 1 when any is serious or
critical (:data:`FAILING_IMPACTS`).

tests/test_accessibility.py runs the same audit on a representative set of pages and on one
JupyterLab page of the course; this tool is the audit of every page.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SITE = ROOT / "build" / "book" / "_build" / "html"
CHROMIUM = Path("/usr/bin/chromium")
#: flags that let headless Chromium run here (as root, no network, no background traffic)
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
#: axe impacts that fail the audit
FAILING_IMPACTS = ("serious", "critical")
PAGE_TIMEOUT = 60_000  # ms for loading one page and running axe on it

# Waits until MathJax (if the page loads it) has typeset the page, then starts axe and keeps its
# promise on the window, so that several tabs run axe at the same time.
_START_AXE = """async (options) => {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
        await MathJax.startup.promise;
    }
    window.__lossedu_axe = axe.run(document, options).then(
        (r) => r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                         summary: n.failureSummary}))
        })),
        (error) => ({error: String(error)}));
}"""
_AXE_RESULT = "() => window.__lossedu_axe"


def axe_source() -> str:
    """The axe-core script (node_modules/axe-core/axe.min.js).

    Raises
    ------
    FileNotFoundError
        If axe-core is not installed (run ``npm ci``; ``make audit`` and ``make test`` do).
    """
    if not AXE.exists():
        raise FileNotFoundError(f"{AXE} is missing: run `npm ci` (make audit does)")
    return AXE.read_text(encoding="utf-8")


def site_pages(html_dir: Path) -> list[Path]:
    """Every HTML page of a built Jupyter Book site (not the copies under _static/_sources)."""
    html_dir = Path(html_dir)
    if not (html_dir / "index.html").exists():
        raise FileNotFoundError(f"no built site in {html_dir}: run `make book` first")
    return sorted(path for path in html_dir.rglob("*.html")
                  if not {"_static", "_sources", "_images"} & set(path.relative_to(html_dir).parts))


def launch(playwright, *, profile: Path | None = None):
    """Headless Chromium from /usr/bin/chromium (Playwright downloads no browser here)."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM} is missing: `apt-get install chromium`")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                      timeout=PAGE_TIMEOUT)


def start_audit(page, *, axe: str, options: dict | None = None) -> None:
    """Inject axe into the loaded ``page`` and start it (see :func:`audit_result`)."""
    page.add_script_tag(content=axe)
    page.evaluate(_START_AXE, options or {"resultTypes": ["violations"]})


def audit_result(page) -> list[dict]:
    """The violations axe found on ``page`` (waits for the run that :func:`start_audit` began).

    Each is a dict with ``id``, ``impact``, ``help``, ``helpUrl`` and ``nodes`` (``target``,
    ``html``, ``summary``).
    """
    result = page.evaluate(_AXE_RESULT)
    if isinstance(result, dict) and "error" in result:
        raise RuntimeError(f"axe failed on {page.url}: {result['error']}")
    return result


def audit_urls(context, urls, *, tabs: int = 2, axe: str | None = None) -> dict[str, list[dict]]:
    """Audit every URL with axe in ``context`` (a Playwright browser context), ``tabs`` pages
    at a time: each batch is loaded, then axe runs in all of its tabs at once.

    Returns ``{url: violations}`` in the order of ``urls``.
    """
    if tabs < 1:
        raise ValueError(f"tabs must be at least 1, got {tabs!r}")
    axe = axe or axe_source()
    urls = list(urls)
    pages = [context.new_page() for _ in range(min(tabs, len(urls)))]
    results: dict[str, list[dict]] = {}
    try:
        for page in pages:
            page.set_default_timeout(PAGE_TIMEOUT)
        for start in range(0, len(urls), len(pages)):
            batch = list(zip(pages, urls[start:start + len(pages)], strict=False))
            for page, url in batch:
                page.goto(url, wait_until="commit")
            for page, _ in batch:
                page.wait_for_load_state("load")
                start_audit(page, axe=axe)
            for page, url in batch:
                results[url] = audit_result(page)
    finally:
        for page in pages:
            page.close()
    return results


def failing(violations: list[dict]) -> list[dict]:
    """The violations whose impact fails the audit (serious or critical)."""
    return [v for v in violations if v["impact"] in FAILING_IMPACTS]


def report(results: dict[str, list[dict]], *, base: str = "") -> str:
    """A readable report: each rule with its impact, help, and the pages and elements hit."""
    by_rule: dict[tuple[str, str, str], list[tuple[str, dict]]] = defaultdict(list)
    for url, violations in results.items():
        for violation in violations:
            key = (violation["impact"], violation["id"], violation["help"])
            by_rule[key] += [(url.removeprefix(base), node) for node in violation["nodes"]]
    order = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
    lines = []
    for (impact, rule, help_text), hits in sorted(by_rule.items(),
                                                 key=lambda kv: (order.get(kv[0][0], 4), kv[0])):
        pages = sorted({url for url, _ in hits})
        lines.append(f"{impact:9} {rule}: {help_text} ({len(hits)} element(s) on "
                     f"{len(pages)} page(s))")
        for url, node in hits[:5]:
            lines.append(f"            {url}: {node['target']}")
        if len(hits) > 5:
            lines.append(f"            ... and {len(hits) - 5} more")
    return "\n".join(lines) or "no violations"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=SITE,
                        help="the built site's HTML folder (default: %(default)s)")
    parser.add_argument("--tabs", type=int, default=2,
                        help="pages audited at the same time (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write every violation to this file")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    pages = site_pages(args.site)
    base = args.site.resolve().as_uri() + "/"
    start = time.perf_counter()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            results = audit_urls(browser.new_context(), [p.resolve().as_uri() for p in pages],
                                 tabs=args.tabs)
        finally:
            browser.close()
    seconds = time.perf_counter() - start
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(report(results, base=base))
    bad = {url: failing(v) for url, v in results.items() if failing(v)}
    print(f"\n{len(pages)} pages audited in {seconds:.1f} s ({args.tabs} tabs); "
          f"{len(bad)} with serious or critical violations")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
