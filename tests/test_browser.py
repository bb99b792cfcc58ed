"""The course as a learner meets it: JupyterLab in a real (headless) Chromium.

Starts JupyterLab from this Python environment on 127.0.0.1 (a free port, a random token), with a
temporary copy of notebooks/ as its root (the committed notebooks are never touched) and fresh
Jupyter config, data, settings and workspace folders (nothing from the user's own set-up leaks in).
Debian's Chromium (/usr/bin/chromium), driven by Playwright, then opens

* 00_start_here, as a learner first opens it (stored outputs shown, kernel idle): an accessibility
  audit with axe-core (node_modules, tools/audit.py): the course's content has no serious or
  critical violation, and JupyterLab's own interface none but those listed in JUPYTERLAB_OWN;
  then, in the same tab, it clears the stored outputs, runs all cells from the Run menu, and
  checks that no cell shows an error and that the preview figure is rendered as an image;
* 05_log_loss_above_one: as opened, its stored outputs (the slider's static picture included)
  show no error; then the same run as above, plus the log-loss slider: pressing the arrow keys on
  the slider's handle must redraw the figure below it (a new image src), through the kernel.

With LOSSEDU_UPDATE_SCREENSHOT=1 the test also writes docs/images/jupyterlab.png (the README's
screenshot, 1280x800) of notebook 05 with the slider and its figure in view.

Skipped, with the command to fix it, when /usr/bin/chromium is missing (.ci/run installs it).
Playwright never downloads a browser here: it only drives the one at CHROMIUM.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import audit  # noqa: E402  (tools/audit.py: axe-core's functions)

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = ROOT / "docs" / "images" / "jupyterlab.png"
UPDATE_SCREENSHOT = os.environ.get("LOSSEDU_UPDATE_SCREENSHOT") == "1"

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 800}

START_NOTEBOOK = "00_start_here"
#: the lecture notebook with a plot and the slider the test moves: its only slider must be
#: lossedu.widgets.log_loss_explorer() (readout 0.50 at first, 0.01 per arrow key)
SLIDER_NOTEBOOK = "05_log_loss_above_one"

SERVER_START_TIMEOUT = 60  # seconds until JupyterLab answers /api/status
RUN_ALL_TIMEOUT = 60_000  # ms until every code cell of a notebook has run
UI_TIMEOUT = 30_000  # ms for any single page action (default for Playwright calls)

if not CHROMIUM.exists():
    pytest.skip(
        "Chromium not found at /usr/bin/chromium: `apt-get install chromium` to run the browser "
        "test", allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -r requirements.txt)"
)

# JupyterLab user settings for the test: every cell stays in the page (no windowing, so all
# outputs can be inspected), and no news or update checks (no network, no pop-up).
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False,
    },
}

# --------------------------------------------------------------------------- JupyterLab server


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process_tree(proc, timeout=15):
    """Stop the server: SIGTERM to its process group (it shuts its kernels down), then SIGKILL
    whatever is left, kernels included (they run in sessions of their own)."""
    try:
        import psutil

        descendants = psutil.Process(proc.pid).children(recursive=True)
    except Exception:  # psutil missing, or the server already gone
        descendants = []
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            pass
    for child in descendants:
        try:
            child.kill()
        except Exception:  # already gone
            pass


class Lab:
    """A running JupyterLab: its base URL, token, root folder and log."""

    def __init__(self, port, token, root, log):
        self.base = f"http://127.0.0.1:{port}"
        self.token = token
        self.root = root
        self.log = log

    def url(self, notebook, workspace):
        # a workspace of its own for each notebook: only that notebook is open in it
        return f"{self.base}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={self.token}"

    def log_tail(self, lines=40):
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="module")
def workdir():
    path = Path(tempfile.mkdtemp(prefix="lossedu-browser-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def lab(workdir):
    root = workdir / "notebooks"
    shutil.copytree(ROOT / "notebooks", root, copy_function=shutil.copyfile,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    dirs = {name: workdir / name for name in ("config", "data", "runtime", "settings",
                                                "workspaces", "ipython")}
    for path in dirs.values():
        path.mkdir()
    for rel, settings in LAB_SETTINGS.items():
        target = dirs["settings"] / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(settings), encoding="utf-8")
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_DATA_DIR=str(dirs["data"]),
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
        JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
        IPYTHONDIR=str(dirs["ipython"]),
        JUPYTER_PLATFORM_DIRS="1",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    port, token = free_port(), secrets.token_hex(16)
    log = workdir / "jupyterlab.log"
    cmd = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser", "--ServerApp.open_browser=False", "--allow-root",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    server = Lab(port, token, root, log)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited with code {proc.returncode}:\n{server.log_tail()}")
            try:
                with urllib.request.urlopen(
                    f"{server.base}/api/status?token={token}", timeout=2
                ) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer within {SERVER_START_TIMEOUT} s:\n"
                            f"{server.log_tail()}")
            time.sleep(0.2)
        yield server
    finally:
        stop_process_tree(proc)


# --------------------------------------------------------------------------- Chromium


@pytest.fixture(scope="module")
def browser(workdir):
    profile = workdir / "chromium-profile"  # fresh and empty: no state from any earlier run
    playwright = sync_api.sync_playwright().start()
    try:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport=VIEWPORT, device_scale_factor=1, timeout=UI_TIMEOUT,
        )
        try:
            context.set_default_timeout(UI_TIMEOUT)
            yield context
        finally:
            context.close()
    finally:
        playwright.stop()


# --------------------------------------------------------------------------- page helpers

PANEL = ".jp-NotebookPanel:visible"

# true once the kernel is idle, no cell is queued ([*]:), and either every code cell shows an
# execution count ([n]:) or a cell failed (Run All stops there; the test then shows the error)
RUN_FINISHED = """(panel) => {
    const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
        .map((p) => p.textContent.trim());
    const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
    const failed = panel.querySelector(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]') !== null;
    return prompts.length > 0 && !prompts.includes('[*]:')
        && (!status || status.dataset.status === 'idle')
        && (failed || prompts.every((p) => /^\\[\\d+\\]:$/.test(p)));
}"""


IMAGE_LOADED = "(img) => img.complete && img.naturalWidth > 0"


# the status bar's kernel item once the kernel is started, connected and idle ("Python 3
# (ipykernel) | Idle"); before that it reads "No Kernel | Initializing", "... | Connecting", ...
# while the toolbar's execution indicator already says idle: Run All clicked then does nothing.
KERNEL_IDLE = re.compile(r"\(ipykernel\) \| Idle$")


def open_notebook(context, lab, name):
    """Open notebooks/<name>.ipynb in a new tab; wait until all its cells are shown and its
    kernel is connected and idle."""
    notebook = json.loads((lab.root / f"{name}.ipynb").read_text(encoding="utf-8"))
    code_cells = sum(cell["cell_type"] == "code" for cell in notebook["cells"])
    page = context.new_page()
    page.goto(lab.url(f"{name}.ipynb", workspace=name.split("_")[0]))
    page.locator(f"{PANEL} .jp-Notebook").wait_for()
    page.wait_for_function(
        "([panel, n]) => panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt').length === n",
        arg=[page.locator(PANEL).element_handle(), code_cells],
    )
    page.locator("#jp-main-statusbar .jp-StatusBar-TextItem", has_text=KERNEL_IDLE).wait_for()
    page.locator(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for()
    return page


def menu(page, top, item):
    """Click a menu-bar entry, then one of its items (as a person would)."""
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.get_by_role("menuitem", name=item, exact=True).click()


def run_all_cells(page):
    """Clear the stored outputs (so only this run's outputs are seen), then run all cells."""
    panel = page.locator(PANEL).element_handle()
    menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function(
        """(panel) => panel.querySelector('.jp-OutputArea-output') === null
            && ![...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
                .some((p) => /\\d/.test(p.textContent))""",
        arg=panel,
    )
    menu(page, "Run", "Run All Cells")
    try:
        page.wait_for_function(RUN_FINISHED, arg=panel, timeout=RUN_ALL_TIMEOUT, polling=250)
    except sync_api.TimeoutError:
        pytest.fail(f"Run All did not finish within {RUN_ALL_TIMEOUT / 1000:g} s: "
                    f"{describe_run(page)}")


def describe_run(page):
    """What the notebook looks like now: prompts, kernel status, open dialogs (for failures)."""
    prompts = [p.strip() for p in page.locator(
        f"{PANEL} .jp-CodeCell .jp-InputArea-prompt").all_inner_texts()]
    status = page.locator(f"{PANEL} .jp-Notebook-ExecutionIndicator").first
    dialogs = page.locator(".jp-Dialog").all_inner_texts()
    shot = Path(tempfile.gettempdir()) / "lossedu-browser-failure.png"
    page.screenshot(path=str(shot))
    return (f"prompts {prompts}, kernel status {status.get_attribute('data-status')!r}, "
            f"dialogs {dialogs}, screenshot {shot}")


def assert_no_errors(page, name):
    panel = page.locator(PANEL)
    stderr = panel.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    texts = stderr.all_inner_texts()
    shown = "\n---\n".join(t[:2000] for t in texts)
    assert not texts, f"{name}: {len(texts)} cell(s) show an error or a warning:\n{shown}"
    outputs = "\n".join(panel.locator(".jp-OutputArea-output").all_inner_texts())
    for marker in ("Traceback", "Error displaying widget", "Failed to display"):
        assert marker not in outputs, f"{name}: an output says {marker!r}:\n{outputs[-3000:]}"


def assert_every_cell_ran(page, name):
    prompts = [p.strip() for p in page.locator(
        f"{PANEL} .jp-CodeCell .jp-InputArea-prompt").all_inner_texts()]
    not_run = [i for i, p in enumerate(prompts) if not re.fullmatch(r"\[\d+\]:", p)]
    assert not not_run, f"{name}: code cells {not_run} (counting from 0) did not run: {prompts}"


def assert_plot_rendered(page, name):
    """A matplotlib figure was rendered as a decoded PNG <img>."""
    images = page.locator(f'{PANEL} .jp-OutputArea-output[data-mime-type="image/png"] img')
    assert images.count() >= 1, f"{name}: no plot was rendered as an image"
    first = images.first
    first.scroll_into_view_if_needed()
    page.wait_for_function(IMAGE_LOADED, arg=first.element_handle())
    src = first.get_attribute("src") or ""
    assert src.startswith("data:image/png;base64,"), f"{name}: unexpected image source {src[:40]}"
    return images


# --------------------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def start_here(lab, browser):
    """notebooks/00_start_here.ipynb open in one tab, shared by the audit (as opened) and the
    run below it (one kernel and one page load for both)."""
    page = open_notebook(browser, lab, START_NOTEBOOK)
    try:
        yield page
    finally:
        page.close()


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


@pytest.mark.skipif(not audit.AXE.exists(), reason="axe-core missing: run `npm ci`")
def test_start_here_as_opened_has_no_serious_or_critical_accessibility_violations(start_here):
    """Runs before the test below, which re-runs the same tab's cells: the page is audited as a
    learner first sees it (every cell and stored output shown, the kernel idle)."""
    page = start_here
    page.locator(f"{PANEL} .jp-RenderedImage img").first.wait_for()
    audit.start_audit(page, axe=audit.axe_source())
    violations = audit.audit_result(page)
    # where each violating element is: the course's content, a PNG output JupyterLab rendered,
    # or JupyterLab's own interface
    places = page.evaluate(
        """([violations, content]) => violations.map((v) => v.nodes.map((n) => {
            let el = null;
            try { el = document.querySelector(n.target); } catch (e) { /* shadow DOM */ }
            if (el === null || el.closest(content) === null) return 'interface';
            return el.closest('.jp-RenderedImage') !== null ? 'output-image' : 'content';
        }))""", [violations, CONTENT])
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


def test_start_here_runs_without_errors_and_shows_its_figure(start_here):
    name, page = START_NOTEBOOK, start_here
    run_all_cells(page)
    assert_no_errors(page, name)
    assert_every_cell_ran(page, name)
    assert_plot_rendered(page, name)
    # the course's own check cells printed their one-line verdicts
    outputs = "\n".join(page.locator(f"{PANEL} .jp-OutputArea-output").all_inner_texts())
    assert "✓ double" in outputs, outputs[-2000:]


def test_log_loss_notebook_plots_and_its_slider_moves_the_figure(lab, browser):
    name = SLIDER_NOTEBOOK
    page = open_notebook(browser, lab, name)
    try:
        # as opened, before running: the stored outputs show the slider's static picture
        # (no live widget, no "Error displaying widget")
        assert_no_errors(page, f"{name} (stored outputs)")
        assert_plot_rendered(page, f"{name} (stored outputs)")
        assert page.locator(f"{PANEL} .widget-hslider").count() == 0

        run_all_cells(page)
        assert_no_errors(page, name)
        assert_every_cell_ran(page, name)
        assert_plot_rendered(page, name)

        # the slider cell shows the live widget (not the static fallback): slider above image
        widget = page.locator(f"{PANEL} .jp-OutputArea-output .widget-vbox").filter(
            has=page.locator(".widget-hslider")
        )
        assert widget.count() == 1, f"{name}: expected one slider widget, found {widget.count()}"
        image = widget.locator("img.widget-image")
        readout = widget.locator(".widget-readout")
        handle = widget.locator(".noUi-handle").first
        widget.scroll_into_view_if_needed()
        page.wait_for_function(IMAGE_LOADED, arg=image.element_handle())
        # shown at its own size: not stretched to the page width (which blurs it)
        width, natural = image.evaluate("(img) => [img.clientWidth, img.naturalWidth]")
        assert 0 < width <= natural == 600, (width, natural)
        assert readout.inner_text().strip() == "0.50"
        before = image.get_attribute("src")

        handle.focus()
        for _ in range(3):
            handle.press("ArrowLeft")
        # the kernel redraws the figure and the front end swaps in the new PNG
        page.wait_for_function("([img, old]) => img.src !== old && img.naturalWidth > 0",
                               arg=[image.element_handle(), before], timeout=UI_TIMEOUT)
        assert readout.inner_text().strip() == "0.47"
        assert image.get_attribute("src") != before
        assert_no_errors(page, name)

        if UPDATE_SCREENSHOT:
            take_screenshot(page)
    finally:
        page.close()


def take_screenshot(page):
    """docs/images/jupyterlab.png: notebook 05 with the slider's text, slider and figure."""
    # widen the file browser so that the notebook names are readable
    handle = page.locator("#jp-main-split-panel > .lm-SplitPanel-handle").first
    box = handle.bounding_box()
    if box:
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + 1, y)
        page.mouse.down()
        page.mouse.move(box["x"] + 90, y, steps=5)
        page.mouse.up()
    page.mouse.move(0, 0)  # no hover effects
    page.locator(f"{PANEL} .jp-MarkdownCell", has_text="Try it yourself").first.evaluate(
        "(cell) => cell.scrollIntoView({block: 'start'})"
    )
    page.wait_for_timeout(500)  # let the scroll settle before the picture
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
