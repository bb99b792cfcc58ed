"""The course website (tools/build_book.py, make book) and the alt text of every figure.

The site is built once per test run by the shared ``built_site`` fixture (tests/conftest.py),
from scratch and with the network cut off; these tests only read it. What they check: the table
of contents comes from the folders in course order, every page is there and linked, nothing is
loaded from the internet, every image has alt text (in the notebooks and on the site), the math
is rendered by the site's own MathJax, and the launch links (Binder, download, nbgitpuller).
The pages in a browser (offline requests, typeset math and its fonts, search, accessibility) are
tested in tests/test_accessibility.py, which loads each kind of page once.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
import yaml
from conftest import site_build_info

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


build_book = _load("build_book")
run_notebook = _load("run_notebook")

LECTURES = build_book.lectures()
EXERCISES = build_book.exercises()
SOLUTIONS = sorted((ROOT / "exercises" / "solutions").glob("[0-9][0-9]_*.ipynb"))
CONFIG = yaml.safe_load((ROOT / "book" / "_config.yml").read_text())
REPO_URL = CONFIG["repository"]["url"].rstrip("/")


# ------------------------------------------------------------------ HTML reading helpers
class _Page(HTMLParser):
    """Every start tag (name, attributes) and the text of <style> and <script> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: (v or "") for k, v in attrs}))
        self._in = tag if tag in ("style", "script") else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "style":
            self.styles.append(data)
        elif self._in == "script":
            self.scripts.append(data)


def _pages(html: Path) -> dict[Path, _Page]:
    pages = {}
    for path in sorted(html.rglob("*.html")):
        if path.relative_to(html).parts[0] == "_static":  # theme assets, not pages
            continue
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        pages[path] = page
    return pages


@pytest.fixture(scope="module")
def pages(built_site):
    return _pages(built_site)


REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(r"""(@import\s*(url\()?\s*["']?|url\(\s*["']?)\s*(https?:)?//""",
                        re.IGNORECASE)
#: <link rel=...> values that make the browser fetch the target
FETCHING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect",
                 "dns-prefetch", "icon", "shortcut", "apple-touch-icon", "manifest"}
#: (tag, attribute) pairs whose URL the browser loads with the page
LOADED = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"),
          ("source", "srcset"), ("iframe", "src"), ("embed", "src"), ("object", "data"),
          ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"),
          ("input", "src"), ("image", "href")}


def remote_loads(page: _Page) -> list[str]:
    """What a page would fetch from another host: scripts, styles, fonts, images, frames."""
    found = []
    for tag, attrs in page.tags:
        rels = set(attrs.get("rel", "").lower().split())
        if tag == "link" and rels & FETCHING_RELS and REMOTE.match(attrs.get("href", "")):
            found.append(f"<link rel={attrs['rel']!r} href={attrs['href']!r}>")
        for (name, attribute) in LOADED:
            if tag == name and REMOTE.match(attrs.get(attribute, "")):
                found.append(f"<{tag} {attribute}={attrs[attribute]!r}>")
        if CSS_REMOTE.search(attrs.get("style", "")):
            found.append(f"<{tag} style={attrs['style']!r}>")
    found += [f"<style> {m.group(0)}" for css in page.styles for m in CSS_REMOTE.finditer(css)]
    found += [f"<script> naming {url}" for js in page.scripts
              for url in re.findall(r"https?://[^\s\"'`]+", js)]
    return found


def _local_target(page_path: Path, url: str, html: Path) -> Path | None:
    """The site file a relative link points to (None for other hosts, anchors, mailto...)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return (page_path.parent / unquote(parts.path)).resolve()


# ------------------------------------------------------------------ table of contents
def test_toc_is_the_course_order_derived_from_the_folders():
    toc = build_book.toc()
    assert toc["root"] == "README"
    course = [entry["file"] for entry in toc["parts"][0]["chapters"]]
    expected = []
    for lecture in LECTURES:  # each lecture, then the student exercise(s) of its number
        expected.append(f"notebooks/{lecture.stem}")
        expected += [f"exercises/{ex.stem}" for ex in EXERCISES if ex.name[:2] == lecture.name[:2]]
    assert course == expected
    assert len(course) == len(LECTURES) + len(EXERCISES)  # every exercise has its lecture
    assert not any("solutions" in entry for entry in course)


def test_every_doc_is_on_the_site_or_left_out_on_purpose():
    on_site = {name for names in build_book.DOCS.values() for name in names}
    left_out = set(build_book.DOCS_LEFT_OUT)
    docs = {path.stem for path in (ROOT / "docs").glob("*.md")}
    assert not on_site & left_out
    assert docs == on_site | left_out, (
        "add each new docs/*.md to DOCS (or DOCS_LEFT_OUT, with the reason) in "
        f"tools/build_book.py: {sorted(docs ^ (on_site | left_out))}")
    assert {"glossary", "review", "notation", "instructor-guide", "grading"} <= on_site


def test_an_exercise_without_its_lecture_is_refused(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "exercises").mkdir()
    (tmp_path / "notebooks" / "01_a.ipynb").write_text("{}")
    (tmp_path / "exercises" / "01_a_exercise.ipynb").write_text("{}")
    (tmp_path / "exercises" / "02_b_exercise.ipynb").write_text("{}")
    with pytest.raises(ValueError, match="02_b_exercise"):
        build_book.toc(tmp_path)


# ------------------------------------------------------------------ alt text in the notebooks
GENERIC = {"plot", "figure", "image", "chart", "graph", "a plot", "the figure", "output"}


def _image_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            for mime in run_notebook.IMAGE_TYPES:
                if mime in out.get("data", {}):
                    yield index, cell, out, mime


@pytest.mark.parametrize("path", LECTURES + SOLUTIONS + EXERCISES,
                         ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_figure_has_alt_text(path):
    problems = []
    for index, cell, out, mime in _image_outputs(path):
        alt = run_notebook.cell_alt_text(cell)
        if not isinstance(alt, str) or len(alt.split()) < 8 or alt.strip().lower() in GENERIC:
            problems.append(f"cell {index}: alt text missing or too short to say what the "
                            f"figure shows (metadata mystnb.image.alt): {alt!r}")
        elif out.get("metadata", {}).get(mime, {}).get("alt") != alt:
            problems.append(f"cell {index}: the {mime} output does not carry the cell's alt "
                            "text (re-run it with make notebook)")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_the_alt_text_check_sees_every_figure(path):
    """The check above is not vacuous: it visits every PNG stored in the file's text."""
    stored = path.read_text(encoding="utf-8").count('"image/png": "')
    assert sum(1 for _ in _image_outputs(path)) == stored


def test_run_notebook_carries_alt_text_into_a_new_output():
    """After a re-run the outputs are new: normalise() copies the cell's alt text into them."""
    cell = nbformat.v4.new_code_cell("show()", metadata={"mystnb": {"image": {"alt": "A curve"}}},
                                     outputs=[nbformat.v4.new_output(
                                         "display_data", data={"image/png": "iVBORw0KGgo="})])
    bare = nbformat.v4.new_code_cell("print(1)", outputs=[nbformat.v4.new_output(
        "display_data", data={"image/png": "iVBORw0KGgo="})])
    text = run_notebook.normalise(nbformat.v4.new_notebook(cells=[cell, bare]))
    out = nbformat.reads(text, as_version=4)
    assert out.cells[0].outputs[0].metadata == {"image/png": {"alt": "A curve"}}
    assert out.cells[1].outputs[0].metadata == {}  # nothing invented where no text was written


# ------------------------------------------------------------------ the built site
def test_site_was_built_without_network(built_site):
    info = site_build_info(built_site)
    if not info["offline"]:
        pytest.skip(f"built with the network on: {info['no_network_reason']}")
    assert info["prefix"][0] == "unshare"


def test_every_page_of_the_toc_is_built_and_the_next_links_follow_the_course(built_site, pages):
    toc = build_book.toc()
    files = [toc["root"]] + [entry["file"] for part in toc["parts"] for entry in part["chapters"]]
    missing = [f for f in files if not (built_site / f"{f}.html").exists()]
    assert not missing
    order, page = [], built_site / "README.html"
    while page is not None:  # follow each page's rel="next" link from the landing page
        order.append(page.relative_to(built_site).with_suffix("").as_posix())
        nexts = [attrs["href"] for tag, attrs in pages[page].tags
                 if tag == "link" and attrs.get("rel") == "next"]
        page = (page.parent / nexts[0]).resolve() if nexts else None
        assert len(order) <= len(files), "the next links loop"
    assert order == files


def test_solutions_are_not_published(built_site):
    published = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*")
                       if "solutions" in p.as_posix().lower())
    assert published == []
    for ex in EXERCISES:  # the downloadable exercise is the student version, byte for byte
        assert (built_site / "_sources" / "exercises" / ex.name).read_bytes() == ex.read_bytes()


def test_no_page_loads_anything_from_another_host(built_site, pages):
    found = {path.relative_to(built_site).as_posix(): remote_loads(page)
             for path, page in pages.items()}
    found = {page: loads for page, loads in found.items() if loads}
    assert not found, f"pages that would fetch from the internet: {found}"
    css = {path.relative_to(built_site).as_posix(): CSS_REMOTE.findall(path.read_text())
           for path in built_site.rglob("*.css")}
    assert not {name: hits for name, hits in css.items() if hits}


def test_the_offline_check_catches_remote_loads():
    page = _Page()
    page.feed('<html><head><script src="https://cdn.example/x.js"></script>'
              '<link rel="stylesheet" href="//fonts.example/css">'
              '<style>@import url("https://fonts.example/a.css");</style>'
              '<link rel="next" href="https://example.org/ok"></head>'
              '<body><img src="http://example.org/i.png" alt="x">'
              '<a href="https://example.org/also-ok">a link is not a load</a></body></html>')
    assert len(remote_loads(page)) == 4


def test_every_image_on_the_site_has_alt_text(built_site, pages):
    bad = []
    for path, page in pages.items():
        for tag, attrs in page.tags:
            if tag != "img":
                continue
            alt = attrs.get("alt", "").strip()
            src = attrs.get("src", "")
            if not alt or alt == src or alt.endswith((".png", ".svg", ".jpg", ".jpeg", ".gif")):
                bad.append(f"{path.relative_to(built_site)}: <img src={src[:60]!r} alt={alt!r}>")
    assert not bad, "\n".join(bad)
    figures = sum(1 for path, page in pages.items() if path.parent.name == "notebooks"
                  for tag, attrs in page.tags
                  if tag == "img" and "_images/" in attrs.get("src", ""))
    assert figures == sum(1 for path in LECTURES for _ in _image_outputs(path))


def test_math_is_rendered_by_the_sites_own_mathjax(built_site, pages):
    mathjax = built_site / "_static" / "mathjax"
    assert (mathjax / "tex-mml-chtml.js").exists()
    assert any((mathjax / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))
    math_pages = 0
    for path, page in pages.items():
        if not any("math" in attrs.get("class", "").split() for _, attrs in page.tags):
            continue
        math_pages += 1
        sources = [_local_target(path, attrs["src"], built_site) for tag, attrs in page.tags
                   if tag == "script" and "mathjax" in attrs.get("src", "")]
        assert sources and all(src == (mathjax / "tex-mml-chtml.js").resolve()
                               for src in sources), path
    assert math_pages >= len(LECTURES) // 2


def test_every_link_inside_the_site_resolves(built_site, pages):
    """Every relative link and source names a file of the site, and every #anchor an id on
    the page it points to (README's and the docs' section links included)."""
    ids = {path.resolve(): {attrs["id"] for _, attrs in page.tags if attrs.get("id")}
           for path, page in pages.items()}
    broken = []
    for path, page in pages.items():
        for tag, attrs in page.tags:
            url = attrs.get("href") if tag in ("a", "link") else attrs.get("src")
            if not url:
                continue
            parts = urlsplit(url)
            target = _local_target(path, url, built_site)
            if parts.scheme or parts.netloc:
                continue
            if target is not None and not target.exists():
                broken.append(f"{path.relative_to(built_site)}: {url}")
            page_ids = ids.get(target if target is not None else path.resolve())
            if parts.fragment and page_ids is not None and unquote(parts.fragment) not in page_ids:
                broken.append(f"{path.relative_to(built_site)}: {url} (no such anchor)")
    assert not broken, "\n".join(broken[:20])


def test_the_glossary_is_linked_from_the_landing_page_and_every_page(built_site, pages):
    glossary = (built_site / "docs" / "glossary.html").resolve()
    for path, page in pages.items():
        if path.name in ("search.html", "genindex.html", "index.html") or path == glossary:
            continue
        links = {_local_target(path, attrs.get("href", ""), built_site)
                 for tag, attrs in page.tags if tag == "a"}
        assert glossary in links, f"{path.relative_to(built_site)} has no link to the glossary"


def test_search_covers_the_course(built_site):
    assert (built_site / "search.html").exists()
    index = (built_site / "searchindex.js").read_text()
    for word in ("entropi", "gradient", "regular"):  # stems, as Sphinx stores them
        assert word in index


def test_every_notebook_page_offers_its_download_and_a_binder_link(built_site, pages):
    for nb in LECTURES + EXERCISES:
        rel = nb.relative_to(ROOT)
        path = built_site / rel.with_suffix(".html")
        hrefs = [attrs.get("href", "") for tag, attrs in pages[path].tags if tag == "a"]
        downloads = [h for h in hrefs if h.endswith(f"_sources/{rel.as_posix()}")]
        assert downloads, f"{rel}: no download button"
        assert _local_target(path, downloads[0], built_site).read_bytes() == nb.read_bytes()
        binder = f"https://mybinder.org/v2/gh/{REPO_URL.split('github.com/')[1]}/"
        assert any(h.startswith(binder) and rel.as_posix() in h for h in hrefs), \
            f"{rel}: no Binder link to this notebook"


# ------------------------------------------------------------------ launch: README, Binder
def test_binder_uses_python_3_11_and_the_pinned_requirements():
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    assert (ROOT / "requirements.txt").exists()


def test_readme_launch_links_point_at_the_course_repository():
    readme = (ROOT / "README.md").read_text()
    repo = REPO_URL.split("github.com/")[1]
    assert f"https://mybinder.org/v2/gh/{repo}/" in readme  # the badge's target
    badge = re.search(r"\[!\[([^]]+)\]\(([^)]+)\)\]\(https://mybinder.org/", readme)
    assert badge and (ROOT / badge.group(2)).exists(), "the badge image is served locally"
    pull = re.search(r"/hub/user-redirect/git-pull\?repo=([^&\s]+)&", readme)
    assert pull and unquote(pull.group(1)) == REPO_URL, "nbgitpuller link pattern"
    assert "make book" in readme


def test_exercise_pages_say_what_a_check_cells_stored_line_is(built_site):
    """Under an unanswered cell, a check cell's stored ✓ line would read as if the exercise were
    done: each one on the site follows the sentence saying it is what a right answer prints."""
    spec = importlib.util.spec_from_file_location("lossedu_book",
                                                  ROOT / "book" / "_ext" / "lossedu_book.py")
    extension = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(extension)
    for ex in EXERCISES:
        nb = nbformat.read(ex, as_version=4)
        stored = sum(1 for cell in nb.cells if "check" in cell.metadata.get("tags", [])
                     and cell.get("outputs"))
        text = (built_site / ex.relative_to(ROOT).with_suffix(".html")).read_text()
        assert stored > 0 and text.count(extension.EXPECTED_OUTPUT) == stored, ex.name
