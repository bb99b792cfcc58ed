"""Tests for lossedu.widgets: the three interactive figures, without a browser.

What a notebook front end and nbval see (the mime bundle, a fixed text/plain, the static PNG),
what the slider does to the figure, the default states, and the argument checks.
tests/test_browser.py checks the same figures in a real JupyterLab.
"""

import base64
import struct
from functools import cache

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from lossedu import widgets  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

#: (factory, default slider value, a different value on the slider's grid, PNG size in pixels)
FIGURES = {
    "log_loss": (widgets.log_loss_explorer, 0.5, 0.2, (600, 400)),
    "regularization": (widgets.regularization_explorer, 1.0, 100.0, (800, 400)),
    "outlier": (widgets.outlier_explorer, 50.0, 0.0, (600, 400)),
}

TEXTS = {
    "log_loss": "Interactive figure: binary log loss vs predicted probability (move the slider; "
                "static preview of p = 0.50 shown where widgets are unavailable)",
    "regularization": "Interactive figure: lasso and ridge coefficients on the diabetes data vs "
                      "penalty strength λ (move the slider; static preview of λ = 1 shown where "
                      "widgets are unavailable)",
    "outlier": "Interactive figure: MSE and MAE fitted lines as one point moves (move the "
               "slider; static preview of the point at y = 50 shown where widgets are "
               "unavailable)",
}


def png_size(data):
    """(width, height) of PNG bytes, read from the IHDR chunk."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(params=sorted(FIGURES))
def kind(request):
    return request.param


@pytest.fixture(autouse=True)
def _no_pyplot_figures():
    plt.close("all")
    yield
    # the widgets draw on their own Agg figures: nothing may leak into the notebook's pyplot
    assert plt.get_fignums() == []


def make(kind, *args):
    return FIGURES[kind][0](*args)


@cache
def default(kind):
    """One shared figure per kind in its default state, for the tests that only look at it."""
    return make(kind)


# --------------------------------------------------------------------------- what a front end sees

def test_mimebundle_has_widget_view_static_png_and_text(kind):
    fig = default(kind)
    bundle = fig._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "image/png", widgets.WIDGET_MIME}
    view = bundle[widgets.WIDGET_MIME]
    assert view["model_id"] == fig.widget.model_id
    assert (view["version_major"], view["version_minor"]) == (2, 0)
    png = base64.b64decode(bundle["image/png"])
    assert png == fig.static_png
    assert png_size(png) == FIGURES[kind][3]


def test_widget_is_slider_above_image(kind):
    fig = default(kind)
    assert fig.widget.children == (fig.slider, fig.image)
    assert fig.image.format == "png"
    # shown at the PNG's own width, not stretched to the page (which blurs it)
    assert fig.image.layout.width == f"{FIGURES[kind][3][0]}px"
    assert fig.image.value == fig.static_png


def test_text_plain_is_fixed_and_identical_across_calls(kind):
    first, second = default(kind), make(kind)
    texts = [first._repr_mimebundle_()["text/plain"], first._repr_mimebundle_()["text/plain"],
             second._repr_mimebundle_()["text/plain"], repr(first), repr(second)]
    assert texts == [TEXTS[kind]] * 5
    # nothing that changes between runs (model ids, memory addresses)
    assert first.widget.model_id not in texts[0]
    assert "0x" not in texts[0]


def test_text_plain_does_not_follow_the_slider(kind):
    # nbval compares the stored text: moving the slider in a live session must not matter
    fig = make(kind)
    fig.slider.value = FIGURES[kind][2]
    assert fig._repr_mimebundle_()["text/plain"] == TEXTS[kind]


# ------------------------------------------------------------------ the slider moves the figure

def test_moving_the_slider_redraws_the_image(kind):
    fig = make(kind)
    _, default, other, size = FIGURES[kind]
    fig.slider.value = other
    moved = fig.image.value
    assert moved != fig.static_png
    assert png_size(moved) == size
    assert fig.static_png == fig.render(default)  # the fallback stays the default state
    fig.slider.value = default
    assert fig.image.value == fig.static_png  # drawing is deterministic


def test_each_slider_step_gives_a_different_image():
    fig = widgets.log_loss_explorer()
    images = set()
    for value in (0.3, 0.31, 0.32):
        fig.slider.value = value
        images.add(fig.image.value)
    assert len(images) == 3


def test_mimebundle_keeps_the_default_png_after_the_slider_moved(kind):
    fig = make(kind)
    fig.slider.value = FIGURES[kind][2]
    png = base64.b64decode(fig._repr_mimebundle_()["image/png"])
    assert png == fig.static_png != fig.image.value


# --------------------------------------------------------------------------- default states

def test_default_slider_values(kind):
    fig = default(kind)
    assert fig.slider.value == pytest.approx(FIGURES[kind][1])


def test_log_loss_slider_range_and_rounding():
    fig = widgets.log_loss_explorer(0.234)
    assert (fig.slider.min, fig.slider.max, fig.slider.step) == (0.01, 0.99, 0.01)
    assert fig.slider.value == pytest.approx(0.23)
    assert "p = 0.23" in fig.text


def test_regularization_slider_snaps_to_its_log_grid():
    fig = widgets.regularization_explorer(3.0)
    assert (fig.slider.min, fig.slider.max, fig.slider.step, fig.slider.base) == (-2, 3, 0.1, 10)
    assert fig.slider.value == pytest.approx(10**0.5)
    assert "λ = 3.16" in fig.text


def test_outlier_slider_rounds_to_whole_units():
    fig = widgets.outlier_explorer(12.4)
    assert (fig.slider.min, fig.slider.max, fig.slider.step) == (-20, 60, 1)
    assert fig.slider.value == 12.0
    assert "y = 12" in fig.text


def test_log_loss_figure_marks_the_default_point_and_the_1_over_e_line():
    fig = Figure()
    widgets._draw_log_loss(fig, 0.5)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "p = 0.50: loss = 0.693" in labels  # -ln 0.5
    assert any(label.startswith("p = 1/e") for label in labels)
    vertical = [line for line in ax.get_lines() if np.ptp(line.get_xdata()) == 0]
    assert np.isclose(vertical[0].get_xdata()[0], 1 / np.e)


def test_regularization_paths_lasso_zeros_ridge_shrinks():
    lambdas, lasso, ridge, names = widgets.regularization_paths()
    assert lambdas.shape == (51,) and lasso.shape == ridge.shape == (51, 10) and len(names) == 10
    assert lambdas[0] == pytest.approx(0.01) and lambdas[-1] == pytest.approx(1000.0)
    assert np.all(lasso[-1] == 0.0)  # the strongest lasso penalty switches every feature off
    assert np.all(lasso[0] != 0.0)
    assert np.all(ridge != 0.0)  # ridge shrinks, never to exactly zero
    assert np.all(np.abs(ridge[-1]) < np.abs(ridge[0]))


def test_regularization_title_counts_zero_weights():
    fig = Figure()
    widgets._draw_regularization(fig, 1000.0)
    assert fig.axes[0].get_title() == "Lasso (L1): 10 of 10 weights are 0"
    assert fig.axes[1].get_title() == "Ridge (L2): 0 of 10 weights are 0"


def test_outlier_pulls_the_mse_line_more_than_the_mae_line():
    _, _, mse_low, mae_low = widgets.outlier_fits(-20.0)
    x, y, mse_high, mae_high = widgets.outlier_fits(60.0)
    assert y[widgets.OUTLIER_INDEX] == 60.0 and x[widgets.OUTLIER_INDEX] == x.max()
    assert mse_high[0] - mse_low[0] > 3 * abs(mae_high[0] - mae_low[0])


# --------------------------------------------------------------------------- bad arguments

BAD = [
    ("log_loss", 0.0, ValueError, r"p must be a number in \[0.01, 0.99\]; got 0.0"),
    ("log_loss", 1.0, ValueError, r"p must be a number in \[0.01, 0.99\]; got 1.0"),
    ("log_loss", -0.5, ValueError, r"p must be a number in \[0.01, 0.99\]"),
    ("log_loss", float("nan"), ValueError, r"p must be a number in \[0.01, 0.99\]; got nan"),
    ("log_loss", "0.5", TypeError, r"p must be a number in \[0.01, 0.99\], not a string; "
                                   r"got '0.5'"),
    ("log_loss", None, TypeError, r"p must be a number in \[0.01, 0.99\], not NoneType; got None"),
    ("log_loss", [0.5], TypeError, r"p must be a number"),
    ("log_loss", True, TypeError, r"p must be a number in \[0.01, 0.99\], not a bool; got True"),
    ("regularization", 0.0, ValueError, r"lam must be a number in \[0.01, 1000.0\]; got 0.0"),
    ("regularization", -1.0, ValueError, r"lam must be a number in \[0.01, 1000.0\]"),
    ("regularization", 1e4, ValueError, r"lam must be a number in \[0.01, 1000.0\]"),
    ("regularization", "1", TypeError, r"lam must be a number"),
    ("outlier", 61.0, ValueError, r"outlier_y must be a number in \[-20, 60\]; got 61.0"),
    ("outlier", -100, ValueError, r"outlier_y must be a number in \[-20, 60\]"),
    ("outlier", float("inf"), ValueError, r"outlier_y must be a number in \[-20, 60\]"),
    ("outlier", "high", TypeError, r"outlier_y must be a number"),
]


@pytest.mark.parametrize(("which", "value", "error", "message"), BAD,
                         ids=[f"{w}-{v!r}" for w, v, _, _ in BAD])
def test_bad_arguments_name_the_argument(which, value, error, message):
    with pytest.raises(error, match=message):
        make(which, value)


@pytest.mark.parametrize("value", [np.float64(0.3), np.float32(0.3), 0.01, 0.99])
def test_numpy_scalars_and_bounds_are_accepted(value):
    assert widgets.log_loss_explorer(value).slider.value == pytest.approx(float(value), abs=1e-6)


def test_integer_arguments_are_accepted():
    assert widgets.regularization_explorer(10).slider.value == pytest.approx(10.0)
    assert widgets.outlier_explorer(np.int64(-20)).slider.value == -20.0
