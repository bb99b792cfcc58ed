"""Sphinx extension of the course website (book/_config.yml, tools/build_book.py).

Jupyter Book 1.x always loads sphinx-thebe, which puts on every page a script naming thebe's
code on a CDN (loaded when a reader presses a live-code button). The site runs no live code and
fetches nothing, so those scripts and styles are left out of every page.

The solutions of the exercises are not published on the site (only the student versions are),
but the instructor guide links to them in the repository. On the site such a link would point
nowhere, so it is shown as the repository path it names, in code font, instead of a dead link.

A student exercise stores, under each check cell, the line the check prints once the answer is
right (``✓ mse: 7/7 cases``: ``lossedu check`` compares it). On the site that line sits under an
unanswered ``raise NotImplementedError`` and reads as if the exercise were done, so exercise
pages say what it is, in a sentence before it.

pydata-sphinx-theme 0.17 adds a search button in a top bar of its own unless
``navbar_persistent`` is set; sphinx-book-theme has no top bar (its search field is in the
sidebar, and its article header has a search button on small screens), so the site showed an
empty bar across the top with a second search button in it. ``navbar_persistent`` is set empty.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes

SOLUTIONS = "exercises/solutions/"
#: the sentence before each check cell's stored output on an exercise page
EXPECTED_OUTPUT = "Once your answer is right, this check prints:"
#: theme components overridden by the course (book/_templates, next to this folder)
TEMPLATES = Path(__file__).resolve().parents[1] / "_templates"


def unlink_solutions(app, doctree) -> None:
    """Replace every MyST link into ``exercises/solutions/`` by its text in code font."""
    for ref in list(doctree.findall(addnodes.pending_xref)):
        if ref.get("reftype") == "myst" and SOLUTIONS in ref.get("reftarget", ""):
            ref.replace_self(nodes.literal(text=ref.astext()))


def label_expected_checks(app, doctree) -> None:
    """On exercise pages, put :data:`EXPECTED_OUTPUT` before each check cell's stored output."""
    if not app.env.docname.startswith("exercises/"):
        return
    for cell in list(doctree.findall(nodes.container)):
        if "tag_check" not in cell["classes"]:
            continue
        for output in [child for child in cell.children
                       if isinstance(child, nodes.container) and "cell_output" in child["classes"]]:
            note = nodes.paragraph(classes=["lossedu-expected-output"])
            note += nodes.emphasis(text=EXPECTED_OUTPUT)
            cell.insert(cell.index(output), note)


def _is_thebe(asset) -> bool:
    filename = str(getattr(asset, "filename", asset) or "")
    body = str((getattr(asset, "attributes", None) or {}).get("body", ""))
    return "thebe" in filename or "THEBE_JS_URL" in body


def drop_thebe(app, pagename, templatename, context, doctree) -> None:
    """Leave sphinx-thebe's scripts (which name a CDN) and styles out of the page."""
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


def use_course_templates(app, config) -> None:
    """Put book/_templates first on the template path: theme components the course overrides
    for accessibility (each file says why; tests/test_accessibility.py audits the pages)."""
    config.templates_path.insert(0, str(TEMPLATES))
    config.html_theme_options.setdefault("navbar_persistent", [])  # no empty top bar
    # the reader's colour mode follows the system's; without a default, every first visit
    # logged "Got invalid theme mode" (pydata-sphinx-theme reads it from html_context)
    config.html_context.setdefault("default_mode", "auto")


def setup(app):
    app.connect("config-inited", use_course_templates)
    app.connect("doctree-read", unlink_solutions)
    app.connect("doctree-read", label_expected_checks)
    app.connect("html-page-context", drop_thebe)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
