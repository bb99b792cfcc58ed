"""The printable PDF (tools/print_pdf.py, make pdf): Chromium prints, chapters start on new pages,
and the order check catches a missing or misplaced chapter.

The whole course takes minutes to print, so ``make pdf`` checks its own output (every chapter,
in course order) and this file prints a small page of the same shape as Jupyter Book's
one-page view instead (about 2 s). Skipped without /usr/bin/chromium.
"""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_book  # noqa: E402
import print_pdf  # noqa: E402

CHAPTERS = {"notebooks/01_x": "01 · First lecture", "exercises/01_x_exercise": "Exercise 01",
            "docs/glossary": "Glossary",
            # long enough to wrap: the bookmark loses the space at the line break
            "docs/review": "Review: questions and summaries for every notebook of the course, "
                           "lecture by lecture, with the answers"}


def one_page_view(path: Path) -> Path:
    """A page shaped like Sphinx's singlehtml output: a landing part, then each document after
    a ``document-<name>`` anchor, short enough that each would fit on one page with the next."""
    body = ["<h1>Landing page</h1><p>Contents</p>"]
    for name, title in CHAPTERS.items():
        body.append(f'<span id="document-{name}"></span><section id="s{len(body)}">'
                    f"<h2>{title}<a class=\"headerlink\" href=\"#\">#</a></h2>"
                    f"<p>Text of {title}, $x^2$.</p></section>")
    path.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
                    "</head><body><main>" + "\n".join(body) + "</main></body></html>",
                    encoding="utf-8")
    return path


@pytest.mark.skipif(not print_pdf.audit.CHROMIUM.exists(),
                    reason="`apt-get install chromium` for this test")
def test_each_chapter_is_printed_on_its_own_pages_in_order(tmp_path):
    from pypdf import PdfReader

    html = one_page_view(tmp_path / "README.html")
    pdf = tmp_path / "out" / "course.pdf"
    print_pdf.print_to_pdf(html, pdf)
    pages = print_pdf.chapter_pages(pdf, html)
    assert pages == {name: number for number, name in enumerate(CHAPTERS, start=1)}
    print_pdf.check_order(pages, list(CHAPTERS))
    assert len(PdfReader(str(pdf)).pages) == len(CHAPTERS) + 1


def test_the_order_check_names_missing_and_misplaced_chapters():
    with pytest.raises(ValueError, match=r"missing from the PDF: \['c'\]"):
        print_pdf.check_order({"a": 1, "b": 2}, ["a", "b", "c"])
    with pytest.raises(ValueError, match=r"not on later pages .*\['b'\]"):
        print_pdf.check_order({"a": 3, "b": 2}, ["a", "b"])
    print_pdf.check_order({"a": 1, "b": 2}, ["a", "b"])


def test_the_expected_chapters_are_the_course_order_then_the_docs():
    names = print_pdf.chapter_ids()
    course = [path.relative_to(ROOT).with_suffix("").as_posix()
              for path in build_book.course_order()]
    assert names[:len(course)] == course
    assert all(name.startswith("docs/") for name in names[len(course):])
