"""The lecture slides (tools/slides.py, make slides): slide types from the notebooks' structure,
stored on every lecture cell, and a built deck that loads only local files.

One lecture is built (about 1.5 s) and opened once in headless Chromium (skipped without
/usr/bin/chromium or node_modules, with the command that fixes it).
"""

import importlib.util
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[1]
LECTURES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
#: the lecture the built-deck tests use: it has math, figures, a widget and answers
DECK = ROOT / "notebooks" / "05_log_loss_above_one.ipynb"


def _load_tool():
    spec = importlib.util.spec_from_file_location("slides", ROOT / "tools" / "slides.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


slides = _load_tool()


def types(nb):
    """The plan as a flat list of (slide_type, first 20 characters of the piece)."""
    return [(kind, text[:20]) for pieces in slides.plan(nb) for kind, text in pieces]


# --------------------------------------------------------------------------- the plan


def test_headings_start_slides_and_subheadings_subslides():
    nb = new_notebook(cells=[
        new_markdown_cell("# Title\n\nIntro."),
        new_code_cell("x = 1"),
        new_markdown_cell("## Section\n\nText.\n\n### Detail\n\nMore text."),
    ])
    assert types(nb) == [("slide", "# Title\n\nIntro."), ("-", ""),
                         ("slide", "## Section\n\nText."), ("subslide", "### Detail\n\nMore tex")]


def test_answers_become_fragments_and_the_next_question_a_subslide():
    source = ("## Check your understanding\n\n1. First question?\n\n"
              "<details><summary>Answer</summary>\n\nFirst answer.\n</details>\n\n"
              "2. Second question?\n\n<details><summary>Answer</summary>\n\nSecond.\n</details>")
    pieces = slides.plan(new_notebook(cells=[new_markdown_cell(source)]))[0]
    assert [kind for kind, _ in pieces] == ["slide", "fragment", "subslide", "fragment"]
    assert pieces[1][1] == "**Answer.** First answer."
    assert pieces[2][1] == "2. Second question?"
    assert all("<details>" not in text for _, text in pieces)


def test_a_long_cell_is_cut_between_paragraphs_and_a_lead_in_stays_with_its_list():
    paragraph = "word " * 70  # about 5 lines on a slide
    items = "\n".join(f"- item {i}" for i in range(10))
    source = f"## Long\n\n{paragraph}\n\n{paragraph}\n\n{paragraph}\n\nThe list:\n\n{items}"
    pieces = slides.plan(new_notebook(cells=[new_markdown_cell(source)]))[0]
    assert [kind for kind, _ in pieces] == ["slide", "subslide"]
    assert pieces[1][1].startswith("The list:\n\n- item 0")
    assert pieces[0][1].count("word") == 3 * 70


def test_a_heading_is_never_left_alone_on_a_slide():
    long_quote = "\n".join(["> " + "word " * 15] * 30)
    pieces = slides.plan(new_notebook(cells=[new_markdown_cell(f"## Title\n\n{long_quote}")]))
    assert [kind for kind, _ in pieces[0]] == ["slide"]


def test_a_tall_code_cell_starts_a_subslide():
    tall = new_code_cell("\n".join(f"x{i} = {i}" for i in range(slides.SLIDE_LINES - 4)), outputs=[
        new_output("stream", name="stdout", text="done\n")])
    nb = new_notebook(cells=[new_markdown_cell("# T\n\nSome text."), tall, new_code_cell("y")])
    assert [kind for kind, _ in types(nb)] == ["slide", "subslide", "-"]


def _png(height: int) -> str:
    """A base64 PNG header of the given pixel height (all that the height estimate reads)."""
    import base64
    import struct

    head = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", 600, height)
    return base64.b64encode(head + bytes(16)).decode()


def test_a_code_cell_too_tall_with_its_figure_shows_the_figure_on_the_next_subslide():
    figure = new_output("display_data", data={"image/png": _png(440), "text/plain": "<Figure>"})
    text = new_output("stream", name="stdout", text="printed\n")
    tall = new_code_cell("\n".join(f"x{i} = {i}" for i in range(14)), outputs=[text, figure])
    short = new_code_cell("plot()", outputs=[figure])
    nb = new_notebook(cells=[new_markdown_cell("# T"), tall, short])
    assert slides.code_height(tall) > slides.SLIDE_LINES + slides.SPLIT_SLACK
    assert slides.plan(nb)[1:] == [[("-", slides.CODE), ("subslide", slides.FIGURES)],
                                  [("subslide", "")]]
    shown = slides.slides_notebook(nb).cells
    assert [len(c.outputs) for c in shown[1:]] == [1, 1, 1]
    assert shown[1].outputs == [text] and shown[2].outputs == [figure]
    assert shown[2].metadata["transient"] == {"remove_source": True}  # the figure alone
    assert "transient" not in shown[1].metadata and shown[1].id != shown[2].id


def test_a_stored_slide_type_is_kept_and_never_overwritten(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("# T"), new_markdown_cell("## A section"),
                             new_code_cell("x = 1")])
    nb.cells[1].metadata["slideshow"] = {"slide_type": "skip"}
    nb.cells[2].metadata["slideshow"] = {"slide_type": "fragment"}
    assert [kind for kind, _ in types(nb)] == ["slide", "skip", "fragment"]
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    assert slides.annotate(path) == 1  # only the title cell had none
    stored = nbformat.read(path, as_version=4)
    assert [c.metadata["slideshow"]["slide_type"] for c in stored.cells] == \
        ["slide", "skip", "fragment"]
    assert slides.annotate(path) == 0


def test_annotate_changes_only_metadata(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("# T\n\n$x$"), new_code_cell("print(1)", outputs=[
        new_output("stream", name="stdout", text="1\n")], execution_count=1)])
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    slides.annotate(path)
    after = nbformat.read(path, as_version=4)
    for cell in after.cells:
        cell.metadata.pop("slideshow")
    assert after == nb


def test_annotate_refuses_an_unknown_slide_type(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("# T")])
    nb.cells[0].metadata["slideshow"] = {"slide_type": "sub-slide"}
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(ValueError, match="slide_type 'sub-slide' is not one of"):
        slides.annotate(path)


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_every_lecture_cell_has_a_slide_type(path):
    nb = nbformat.read(path, as_version=4)
    missing = [i for i, cell in enumerate(nb.cells) if slides.stored_type(cell) is None]
    assert not missing, f"{path.name}: cells {missing} have no slide type: run make slide-metadata"
    unknown = {slides.stored_type(c) for c in nb.cells} - set(slides.SLIDE_TYPES)
    assert not unknown, f"{path.name}: unknown slide types {unknown}"
    headings = sum(1 for c in nb.cells if c.cell_type == "markdown"
                   and re.match(r"#{1,2} ", c.source))
    starts = sum(1 for pieces in slides.plan(nb) for kind, _ in pieces if kind == "slide")
    assert starts >= headings  # every section heading starts a slide


# --------------------------------------------------------------------------- a built deck

needs_assets = pytest.mark.skipif(
    not (ROOT / "node_modules" / "reveal.js").is_dir(),
    reason="node_modules missing: run `npm ci` (make test does)")


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    [html] = slides.build([DECK], out_dir=out)
    return html


@needs_assets
def test_deck_loads_scripts_and_styles_only_from_its_own_folder(deck):
    text = deck.read_text(encoding="utf-8")
    sources = re.findall(r'<(?:script|link|img)\b[^>]*?\b(?:src|href)="([^"]*)"', text)
    assert sources, "no script or style found"
    remote = [s for s in sources if re.match(r"(https?:)?//", s)]
    assert not remote, f"loaded from the network: {remote}"
    local = [s for s in sources if not s.startswith(("data:", "#"))]
    missing = [s for s in local if not (deck.parent / s).is_file()]
    assert not missing, f"not in the output folder: {missing}"
    assert "_static/reveal.js/dist/reveal.js" in local
    assert "_static/mathjax/tex-chtml.js" in local
    # every answer of "Check your understanding" is a fragment, and no <details> is left
    nb = nbformat.read(DECK, as_version=4)
    answers = sum(c.source.count("<details>") for c in nb.cells if c.cell_type == "markdown")
    assert answers > 0 and text.count('<div class="fragment"') == answers
    assert "<details>" not in text


@needs_assets
@pytest.mark.skipif(not CHROMIUM.exists(), reason="`apt-get install chromium` for this test")
def test_deck_runs_offline_in_chromium_with_math_and_figures(deck):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            remote, errors = [], []
            page.on("request", lambda r: remote.append(r.url)
                    if not r.url.startswith(("file:", "data:")) else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(deck.as_uri())
            page.wait_for_function("window.Reveal && Reveal.isReady()")
            page.wait_for_function("document.querySelectorAll('mjx-container').length > 0")
            total = page.evaluate("Reveal.getTotalSlides()")
            images = page.evaluate("[...document.images].filter(i => i.naturalWidth > 0).length")
        finally:
            browser.close()
    nb = nbformat.read(DECK, as_version=4)
    stored_images = sum("image/png" in o.get("data", {}) for c in nb.cells
                        for o in c.get("outputs", []))
    assert not remote and not errors, (remote, errors)
    assert total == sum(kind in ("slide", "subslide")
                        for pieces in slides.plan(nb) for kind, _ in pieces)
    assert images == stored_images
