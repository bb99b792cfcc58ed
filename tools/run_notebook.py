"""Re-execute notebooks in place so that a re-run that changes no result changes no byte.

    python tools/run_notebook.py notebooks/03_gradient_descent.ipynb [...]   (make notebook NB=...)

nbconvert alone leaves three kinds of churn in the stored file: cell timing metadata, stdout
split into several stream outputs wherever a slow statement sat between two prints, and the
random ids ipywidgets gives its models. This runs the notebook with nbclient (no timings),
then joins consecutive stream outputs of the same name and renames every widget model id to
one derived from its order of appearance (the same in the outputs and the saved widget state,
so JupyterLab still shows the widgets).

It also carries each figure's alt text across the re-run: the text lives in the cell's metadata
as ``mystnb: {image: {alt: ...}}`` (what the course website's myst-nb reads), and is copied
into every image output's metadata as ``{"image/png": {"alt": ...}}`` (what nbconvert's HTML
templates read, and what survives in the output when the notebook is run again).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat

_MODEL_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")


def cell_alt_text(cell) -> str | None:
    """The alt text stored on a code cell (``metadata.mystnb.image.alt``), or None."""
    return cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt")


def copy_alt_text(nb) -> None:
    """Copy each cell's alt text into the metadata of every image output of the cell."""
    for cell in nb.cells:
        alt = cell_alt_text(cell) if cell.cell_type == "code" else None
        if alt is None:
            continue
        for out in cell.get("outputs", []):
            for mime in IMAGE_TYPES:
                if mime in out.get("data", {}):
                    out.setdefault("metadata", {}).setdefault(mime, {})["alt"] = alt


def coalesce_streams(nb) -> None:
    """Join consecutive stream outputs of one cell that go to the same stream."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        merged = []
        for out in cell.get("outputs", []):
            if (merged and out.get("output_type") == "stream"
                    and merged[-1].get("output_type") == "stream"
                    and merged[-1].get("name") == out.get("name")):
                merged[-1]["text"] = merged[-1]["text"] + out["text"]
            else:
                merged.append(out)
        cell.outputs = merged


def strip_timings(nb) -> None:
    """Drop nbclient's per-cell ``execution`` timing metadata."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)


def _widget_order(nb) -> list[str]:
    """Widget model ids in a run-independent order: the models each output shows, in cell
    order, then the models they refer to (breadth first, by attribute name); any model left
    over, by its content with ids masked."""
    state = (nb.metadata.get("widgets", {})
             .get("application/vnd.jupyter.widget-state+json", {}).get("state", {}))
    order: list[str] = []
    queue = [out["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
             for cell in nb.cells if cell.cell_type == "code"
             for out in cell.get("outputs", [])
             if "application/vnd.jupyter.widget-view+json" in out.get("data", {})]
    while queue:
        model = queue.pop(0)
        if model in order:
            continue
        order.append(model)
        attributes = state.get(model, {}).get("state", {})
        for key in sorted(attributes):
            queue += re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(attributes[key]))
    rest = [m for m in state if m not in order]
    rest.sort(key=lambda m: _MODEL_ID.sub("*", json.dumps(state[m], sort_keys=True)))
    return order + rest


def stable_widget_ids(nb) -> str:
    """The notebook's text with each widget model id renamed by :func:`_widget_order`."""
    names = {model: f"{i + 1:032x}" for i, model in enumerate(_widget_order(nb))}
    text = _MODEL_ID.sub(lambda m: names.get(m.group(0), m.group(0)), nbformat.writes(nb))
    return nbformat.writes(nbformat.reads(text, as_version=4))  # keys sorted by the new ids


def normalise(nb) -> str:
    """The notebook's text with streams joined, timings dropped, widget ids stable and each
    figure's alt text copied from its cell into its output."""
    coalesce_streams(nb)
    strip_timings(nb)
    copy_alt_text(nb)
    return stable_widget_ids(nb) + "\n"


def run(path: Path, timeout: int = 120) -> None:
    from nbclient import NotebookClient

    nb = nbformat.read(str(path), as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    path.write_text(normalise(nb), encoding="utf-8")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"running {name}", flush=True)
        run(Path(name))
