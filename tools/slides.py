"""Reveal.js slides of the lectures, served by the course itself (no CDN).

    python tools/slides.py annotate notebooks/*.ipynb     set missing slide metadata (stored)
    python tools/slides.py build notebooks/*.ipynb        write build/slides/ (make slides)

**Slide metadata.** nbconvert's slides exporter reads each cell's
``metadata.slideshow.slide_type`` (``slide``, ``subslide``, ``fragment``, ``-``, ``skip``,
``notes``). ``annotate`` sets it, from the notebook's structure, on every cell that has none,
and never changes a type already there: an author overrides a cell by editing its metadata
(JupyterLab: the property inspector's "Slide Type"). Only cell metadata is written: sources and
outputs keep every byte.

The rules (:func:`plan`): the title cell and every ``#``/``##`` heading start a slide, a ``###``
heading a sub-slide (a vertical slide under it); a cell that would overflow the current
(sub-)slide starts a sub-slide of its own, and a code cell too tall for one slide with its
figures shows them on the next sub-slide (:data:`FIGURES`). Heights are estimated in body-text
lines of the 960x700 slide (:data:`SLIDE_LINES`), images from their stored size.

**Splitting long cells.** A markdown cell is split into parts at build time only (the stored
notebook keeps its cells): at headings inside it, between paragraphs where the slide would
overflow, and around each "Check your understanding" answer: a ``<details>`` answer becomes a
*fragment* (shown on the next key press, so the class can think first) and the next question
starts a sub-slide. The first part of a cell takes the cell's stored type.

**Offline.** The HTML loads reveal.js and MathJax from ``build/slides/_static/``, copied from
``node_modules/`` (package.json, installed by ``npm ci``); the jQuery, RequireJS, Mermaid and
widget-manager scripts that nbconvert's template takes from CDNs are left out (widgets show their
stored picture). Open ``build/slides/index.html`` in a browser, or serve the folder with
``python -m http.server -d build/slides``. Speaker notes: press ``s``.
"""

from __future__ import annotations

import argparse
import base64
import copy
import html
import math
import re
import shutil
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
OUT_DIR = ROOT / "build" / "slides"
TEMPLATE_DIR = Path(__file__).resolve().parent / "slides_template"
STATIC = "_static"

#: what the slides take from node_modules: (package folder, subfolders copied to _static/<name>)
ASSETS = {
    "reveal.js": ("reveal.js", ("dist", "plugin/notes")),
    "mathjax": ("mathjax/es5", ("",)),
}

SLIDE_TYPES = ("slide", "subslide", "fragment", "-", "skip", "notes")
#: body-text lines that fit on one 960x700 slide at the template's 20 px font
SLIDE_LINES = 22
#: characters of text per line on a slide
LINE_CHARS = 80
#: pixels of the slide per line of text (for images)
LINE_PIXELS = 30
#: a block this short (a heading, a lead-in sentence) stays with the block after it
LEAD_LINES = 3
#: at most this many lines of one text output are counted (longer ones scroll)
OUTPUT_LINES = 12
#: the tallest a figure is shown on a slide, in pixels (the template's max-height)
IMAGE_MAX_PIXELS = 440
#: a code cell taller than a slide by more than this many lines, with figures, is shown in two
#: pieces: :data:`CODE` (its code and text outputs) then, on the next sub-slide, :data:`FIGURES`
#: (its figures alone). A little overflow scrolls: a split would cost a key press for nothing.
SPLIT_SLACK = 3
CODE, FIGURES = "code", "figures"

_HEADING = re.compile(r"^(#{1,6})\s")
_DETAILS = re.compile(
    r"^<details>\s*<summary>(?P<summary>.*?)</summary>(?P<body>.*?)</details>\s*$", re.S
)


# --------------------------------------------------------------------------- markdown parts


@dataclass(frozen=True)
class Part:
    """One piece of a markdown cell that its structure sets apart: its blocks (paragraphs,
    lists, equations...) and how it starts.

    ``starts`` is ``"slide"``, ``"subslide"`` or ``"fragment"`` when the structure decides (a
    heading, an answer, the question after an answer), else ``None`` (it follows what comes
    before). :func:`plan` may still cut a part between its blocks where a slide would overflow.
    """

    blocks: tuple[str, ...]
    starts: str | None

    @property
    def text(self) -> str:
        return "\n\n".join(self.blocks)


def blocks(source: str) -> list[str]:
    """Split markdown into blocks at blank lines, keeping together what must not be cut:
    fenced code, ``$$`` display math, a ``<details>`` element, and indented continuations."""
    out: list[str] = []
    current: list[str] = []
    fence = math_open = details_open = False
    for line in source.split("\n"):
        stripped = line.strip()
        if not stripped and not (fence or math_open or details_open):
            if current:
                out.append("\n".join(current))
                current = []
            continue
        if current == [] and out and line[:1] in (" ", "\t"):
            current = out.pop().split("\n") + [""]  # an indented continuation: same block
        current.append(line)
        if stripped.startswith("```"):
            fence = not fence
        elif not fence:
            math_open ^= stripped.count("$$") % 2 == 1
            if stripped.startswith("<details"):
                details_open = True
            if "</details>" in stripped:
                details_open = False
    if current:
        out.append("\n".join(current))
    return out


def split_markdown(source: str) -> list[Part]:
    """The parts of one markdown cell: a new part at each heading and around each answer."""
    parts: list[Part] = []
    current: list[str] = []
    starts: str | None = None
    after_answer = False

    def flush():
        if current:
            parts.append(Part(tuple(current), starts))

    for block in blocks(source):
        heading = _HEADING.match(block)
        answer = _DETAILS.match(block)
        if heading:
            new = "slide" if len(heading.group(1)) <= 2 else "subslide"
        elif answer:
            new = "fragment"
            summary = answer.group("summary").strip() or "Answer"
            block = f"**{summary}.** {answer.group('body').strip()}"
        elif after_answer:
            new = "subslide"  # the next question: on a sub-slide of its own
        else:
            current.append(block)
            continue
        flush()
        current, starts = [block], new
        after_answer = bool(answer)
    flush()
    return parts


# --------------------------------------------------------------------------- heights


def _text_lines(text: str) -> int:
    return sum(max(1, math.ceil(len(line) / LINE_CHARS)) for line in text.split("\n"))


def markdown_height(text: str) -> int:
    """Estimated lines of a markdown part on a slide (headings and display math count more)."""
    height = _text_lines(text)
    for line in text.split("\n"):  # headings: larger type, space around
        heading = _HEADING.match(line)
        if heading:
            height += max(1, 4 - len(heading.group(1))) * max(1, math.ceil(len(line) / 45))
    height += text.count("$$")  # each display equation is taller than a line
    return height


def png_height(data: str) -> int:
    """Pixel height of a base64 PNG, from its IHDR chunk."""
    head = base64.b64decode(data[:44])
    return struct.unpack(">I", head[20:24])[0]


def _is_figure(output) -> bool:
    return "image/png" in output.get("data", {})


def figures_height(cell) -> int:
    """Estimated lines of a code cell's figures on a slide (each at most IMAGE_MAX_PIXELS)."""
    return sum(math.ceil(min(png_height(out["data"]["image/png"]), IMAGE_MAX_PIXELS)
                         / LINE_PIXELS)
               for out in cell.get("outputs", []) if _is_figure(out))


def code_height(cell) -> int:
    """Estimated lines of a code cell on a slide: its source and its outputs."""
    height = _text_lines(cell.source) + 1 + figures_height(cell)
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if out.get("output_type") == "stream":
            height += min(OUTPUT_LINES, _text_lines(out.get("text", "").rstrip("\n")))
        elif "text/plain" in data and not _is_figure(out):
            height += min(OUTPUT_LINES, _text_lines(data["text/plain"]))
    return height


# --------------------------------------------------------------------------- the plan


def stored_type(cell) -> str | None:
    """The slide type stored in the cell's metadata, or None."""
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type")


def _lead(text: str, height: int) -> bool:
    """Whether a block only leads into the next one: a heading or a line or two."""
    return height <= LEAD_LINES or bool(_HEADING.match(text)) and "\n" not in text.strip()


def plan(nb) -> list[list[tuple[str, str]]]:
    """For each cell, its pieces on the slides as ``(slide_type, markdown)``; a code cell has
    one piece (``""``: the whole cell), or two when it is too tall with its figures
    (:data:`CODE`, then :data:`FIGURES` on a sub-slide of their own).

    A cell's first piece takes its stored slide type when it has one; otherwise, and for the
    other pieces, the type comes from the structure (:func:`split_markdown`) or from the height
    already used on the current slide: a cell, or a block of a markdown cell, that would
    overflow it starts a sub-slide.
    """
    result: list[list[tuple[str, str]]] = []
    used = 0  # lines used on the current (sub-)slide

    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            # (structural start, block text, height) for every block of the cell
            items = [(part.starts if number == 0 else None, block, markdown_height(block))
                     for part in split_markdown(cell.source)
                     for number, block in enumerate(part.blocks)] or [(None, "", 0)]
        elif cell.cell_type == "code":
            height, figures = code_height(cell), figures_height(cell)
            if figures and height > SLIDE_LINES + SPLIT_SLACK:
                items = [(None, CODE, height - figures), ("subslide", FIGURES, figures)]
            else:
                items = [(None, "", height)]
        else:  # raw cells are not shown on the slides
            items = [("skip", "", 0)]
        pieces: list[tuple[str, list[tuple[str, int]]]] = []  # (type, [(block, height)])
        for number, (starts, text, height) in enumerate(items):
            slide_type = None
            if number == 0:
                slide_type = "slide" if index == 0 else stored_type(cell)
            if slide_type is None:
                slide_type = starts
            if slide_type is None and used and used + height > SLIDE_LINES:
                slide_type = "subslide"
                if pieces and len(pieces[-1][1]) == 1 and _lead(*pieces[-1][1][0]):
                    slide_type = None  # a heading or lead-in alone: keep it with this block
            if slide_type is None and pieces:  # the block continues the cell's last piece
                pieces[-1][1].append((text, height))
                used += height
                continue
            moved = []
            if (slide_type == "subslide" and not starts and pieces and _lead(*pieces[-1][1][-1])
                    and not all(_lead(*b) for b in pieces[-1][1][:-1])):
                moved = [pieces[-1][1].pop()]  # a short lead-in goes with what it introduces
            pieces.append((slide_type or "-", moved + [(text, height)]))
            if slide_type in ("slide", "subslide"):
                used = sum(h for _, h in pieces[-1][1])
            elif slide_type not in ("skip", "notes"):
                used += height
        result.append([(slide_type, "\n\n".join(text for text, _ in blocks))
                       for slide_type, blocks in pieces])
    return result


def missing_types(nb) -> dict[int, str]:
    """Cell index -> the slide type :func:`plan` gives each cell that has none stored."""
    pairs = enumerate(zip(nb.cells, plan(nb), strict=True))
    return {index: pieces[0][0] for index, (cell, pieces) in pairs
            if stored_type(cell) is None}


def annotate(path: Path) -> int:
    """Store a slide type on every cell of the notebook at ``path`` that has none.

    The file is read just before it is written and only cell metadata changes. Returns how many
    cells were given a type.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        value = stored_type(cell)
        if value is not None and value not in SLIDE_TYPES:
            raise ValueError(f"{path}: slide_type {value!r} is not one of {SLIDE_TYPES}")
    missing = missing_types(nb)
    if not missing:
        return 0
    fresh = nbformat.read(path, as_version=4)  # re-read: keep anything written meanwhile
    if [c.source for c in fresh.cells] != [c.source for c in nb.cells]:
        raise RuntimeError(f"{path} changed while its slides were planned: run again")
    for index, slide_type in missing.items():
        fresh.cells[index].metadata.setdefault("slideshow", {})["slide_type"] = slide_type
    path.write_text(nbformat.writes(fresh) + "\n", encoding="utf-8")
    return len(missing)


# --------------------------------------------------------------------------- building


def slides_notebook(nb):
    """A copy of ``nb`` as the slides show it: markdown cells split into their pieces, tall code
    cells into their code and their figures (the figures' copy hides its source: nbconvert's
    ``transient.remove_source``), each cell's ``slideshow.slide_type`` set, widget views
    dropped for their stored picture."""
    out = copy.deepcopy(nb)
    out.metadata.pop("widgets", None)
    cells = []
    for cell, pieces in zip(nb.cells, plan(nb), strict=True):
        for number, (slide_type, text) in enumerate(pieces):
            new = copy.deepcopy(cell)
            if cell.cell_type == "markdown":
                new.source = text
            elif text == CODE:
                new.outputs = [out for out in cell.outputs if not _is_figure(out)]
            elif text == FIGURES:
                new.outputs = [out for out in cell.outputs if _is_figure(out)]
                new.metadata["transient"] = {"remove_source": True}
            if number:
                new.id = f"{cell.get('id', 'cell')}-{number}"
            new.metadata["slideshow"] = {"slide_type": slide_type}
            cells.append(new)
    for cell in cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop("application/vnd.jupyter.widget-view+json", None)
    out.cells = cells
    return out


def copy_assets(out_dir: Path) -> None:
    """Copy reveal.js and MathJax from node_modules to ``out_dir/_static``."""
    for name, (package, subdirs) in ASSETS.items():
        source = NODE_MODULES / package
        if not source.is_dir():
            raise FileNotFoundError(
                f"{source} is missing: run `npm ci` (make slides does) to install package.json")
        for sub in subdirs:
            target = out_dir / STATIC / name / sub
            shutil.copytree(source / sub, target, dirs_exist_ok=True)


def exporter():
    """nbconvert's slides exporter with the course's template and local reveal.js."""
    from nbconvert import SlidesExporter

    return SlidesExporter(
        template_file="lossedu_slides.html.j2",
        extra_template_basedirs=[str(TEMPLATE_DIR.parent)],
        extra_template_paths=[str(TEMPLATE_DIR)],
        reveal_url_prefix=f"{STATIC}/reveal.js",
        reveal_theme="white",
        reveal_transition="none",
        reveal_number="c/t",
        reveal_width="960",
        reveal_height="700",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def build(paths, *, out_dir: Path = OUT_DIR) -> list[Path]:
    """Write one ``<name>.slides.html`` per notebook, an index page and the assets to
    ``out_dir``; return the slide files in the order given."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    copy_assets(out_dir)
    export = exporter()
    written = []
    for path in map(Path, paths):
        nb = nbformat.read(path, as_version=4)
        body, _ = export.from_notebook_node(
            slides_notebook(nb), resources={"metadata": {"name": path.stem}})
        target = out_dir / f"{path.stem}.slides.html"
        target.write_text(body, encoding="utf-8")
        written.append(target)
    write_index(written, out_dir)
    return written


def write_index(slides: list[Path], out_dir: Path) -> Path:
    """``index.html``: a list of links to the slide files."""
    items = "\n".join(f'<li><a href="{html.escape(p.name)}">{html.escape(p.stem[:-7])}</a></li>'
                      for p in slides)
    page = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
            "<title>lossedu slides</title></head>\n<body><main>\n<h1>lossedu: lecture slides</h1>"
            f"\n<ul>\n{items}\n</ul>\n</main></body>\n</html>\n")
    index = out_dir / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("annotate", help="store missing slide types in the notebooks").add_argument(
        "notebooks", nargs="+", type=Path)
    build_cmd = sub.add_parser("build", help="write the slides (HTML) and their assets")
    build_cmd.add_argument("notebooks", nargs="+", type=Path)
    build_cmd.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    args = parser.parse_args(argv)
    if args.command == "annotate":
        for path in args.notebooks:
            print(f"{path}: {annotate(path)} cell(s) given a slide type")
    else:
        for path in build(args.notebooks, out_dir=args.out):
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
