"""A printable PDF of the whole course (make pdf): Chromium prints the site's one-page view.

    python tools/print_pdf.py [--book build/book] [--out build/pdf/lossedu.pdf]

1. Jupyter Book's ``singlehtml`` builder (tools/build_book.py, same sources, configuration and
   staging folder as ``make book``, so the pages already parsed are reused) puts the landing
   page, every lecture followed by its exercise, and the docs on one HTML page, in the order of
   the table of contents.
2. Headless Chromium (/usr/bin/chromium, driven by Playwright) opens it, waits until MathJax
   (served by the site) has typeset it, and prints it to an A4 PDF with a bookmark per heading;
   :data:`PRINT_CSS` starts each chapter on a new page.
3. The PDF is checked: every chapter of the table of contents is there, in course order
   (:func:`chapter_pages`, with pypdf), else the tool fails.

Takes a few minutes on two cores (about 300 pages, 16 MB): it is not part of ``make test``;
tests/test_print_pdf.py checks the printing and the order on a small page.
"""

from __future__ import annotations

import argparse
import html as html_module
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import audit  # noqa: E402  (tools/audit.py: the Chromium launch)
import build_book  # noqa: E402  (tools/build_book.py)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "pdf" / "lossedu.pdf"
#: each chapter (a document of the table of contents) starts on a new page when printed
PRINT_CSS = """
@media print {
  span[id^="document-"] + section { break-before: page; }
  pre, figure, img, table { break-inside: avoid; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; }  /* long code lines wrap, not cut */
}
"""
PRINT_TIMEOUT = 600_000  # ms: loading, typesetting and printing ~300 pages


def chapter_ids(root: Path = ROOT) -> list[str]:
    """The Sphinx document names of the table of contents after the landing page (README,
    which is the one-page view itself and comes first), in order: every lecture followed by
    its exercise, then the docs (from tools/build_book.py)."""
    return [chapter["file"] for part in build_book.toc(root)["parts"]
            for chapter in part["chapters"]]


def print_to_pdf(html: Path, pdf: Path) -> None:
    """Print ``html`` with headless Chromium to ``pdf`` (A4, backgrounds, bookmarks), after
    MathJax (if the page loads it) has typeset it."""
    from playwright.sync_api import sync_playwright

    pdf.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = audit.launch(playwright)
        try:
            page = browser.new_page()
            page.set_default_timeout(PRINT_TIMEOUT)
            page.goto(Path(html).resolve().as_uri(), wait_until="load")
            page.evaluate("async () => { if (window.MathJax && MathJax.startup) "
                          "await MathJax.startup.promise; }")
            page.add_style_tag(content=PRINT_CSS)
            page.emulate_media(media="print")
            page.pdf(path=str(pdf), format="A4", print_background=True, outline=True,
                     tagged=True, margin={side: "15mm" for side in
                                          ("top", "bottom", "left", "right")})
        finally:
            browser.close()


def _heading(text: str) -> str:
    """A heading's text, comparable between the HTML and the PDF's bookmarks: entities decoded,
    the trailing permalink sign (#) and all white space removed (a bookmark loses the space
    where a long heading wrapped)."""
    return "".join(html_module.unescape(text).split()).rstrip("#")


def chapter_pages(pdf: Path, html: Path) -> dict[str, int]:
    """The page (from 0) on which each chapter of ``html`` starts in ``pdf``.

    Chapters are the ``document-<name>`` anchors that Sphinx's singlehtml builder puts before
    each document; their headings are found in the PDF's bookmarks by their text, in order.
    """
    from pypdf import PdfReader

    text = Path(html).read_text(encoding="utf-8")
    chapters = []  # (document name, its first heading's text)
    for match in re.finditer(r'<span id="document-([^"]+)"></span>\s*<section[^>]*>\s*'
                             r'<h\d[^>]*>(.*?)</h\d>', text, re.S):
        chapters.append((match.group(1), _heading(re.sub(r"<[^>]+>", "", match.group(2)))))
    reader = PdfReader(str(pdf))
    bookmarks = []  # (text, page) in outline order, depth first
    stack = list(reversed(reader.outline))
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack += reversed(item)
            continue
        bookmarks.append((_heading(str(item.title)), reader.get_destination_page_number(item)))
    pages, position = {}, 0
    for name, title in chapters:
        for index in range(position, len(bookmarks)):
            if bookmarks[index][0] == title:
                pages[name], position = bookmarks[index][1], index + 1
                break
    return pages


def check_order(pages: dict[str, int], expected: list[str]) -> None:
    """Fail unless every expected chapter starts on a page, in the expected order.

    Raises
    ------
    ValueError
        Naming the chapters missing from the PDF or out of order.
    """
    missing = [name for name in expected if name not in pages]
    if missing:
        raise ValueError(f"chapters missing from the PDF: {missing}")
    starts = [pages[name] for name in expected]
    wrong = [name for name, before, after in zip(expected[1:], starts, starts[1:], strict=False)
             if after <= before]
    if wrong:
        raise ValueError(f"chapters not on later pages than the one before them: {wrong}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--book", type=Path, default=build_book.DEFAULT_OUT,
                        help="the site's staging folder (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=OUT, help="the PDF (default: %(default)s)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    folder = build_book.build(args.book, builder="singlehtml")
    html = folder / f"{build_book.toc()['root']}.html"
    built = time.perf_counter()
    print_to_pdf(html, args.out)
    printed = time.perf_counter()
    pages = chapter_pages(args.out, html)
    check_order(pages, chapter_ids())
    from pypdf import PdfReader

    total = len(PdfReader(str(args.out)).pages)
    print(f"wrote {args.out}: {total} pages, {len(pages)} chapters in course order "
          f"(one-page view {built - start:.0f} s, printing {printed - built:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
