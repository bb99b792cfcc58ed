"""Tests for lossedu.plots (Agg backend): labels, lines and returned objects exist."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lossedu import plots  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_new_axes_styles_and_labels():
    ax = plots.new_axes(title="T", xlabel="x (m)", ylabel="y (s)")
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("T", "x (m)", "y (s)")
    assert tuple(ax.figure.get_size_inches()) == plots.FIGSIZE
    _, existing = plt.subplots()
    assert plots.new_axes(existing) is existing


def test_plot_loss_curve_draws_one_line_per_curve():
    e = np.linspace(-3, 3, 61)
    ax = plots.plot_loss_curve(
        e, {"squared": e**2, "absolute": np.abs(e)}, "error (units)", "loss", title="Losses"
    )
    assert len(ax.get_lines()) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["squared", "absolute"]
    assert ax.get_xlabel() == "error (units)" and ax.get_title() == "Losses"


def test_plot_loss_curve_marks_minimum_and_log_scale():
    x = np.linspace(0, 4, 41)
    curves = {"bowl": (x - 1.5) ** 2 + 1}
    ax = plots.plot_loss_curve(x, curves, "w", "loss", mark_min=True, logy=True)
    xs = [line.get_xdata() for line in ax.get_lines()]
    assert any(np.allclose(np.atleast_1d(v), 1.5) for v in xs)
    assert ax.get_yscale() == "log"


def test_plot_loss_curve_rejects_bad_input():
    x = np.arange(3.0)
    with pytest.raises(ValueError, match="xlabel"):
        plots.plot_loss_curve(x, {"a": x}, "", "loss")
    with pytest.raises(ValueError, match="curves"):
        plots.plot_loss_curve(x, {}, "x", "loss")
    with pytest.raises(ValueError, match="shape"):
        plots.plot_loss_curve(x, {"a": np.arange(4.0)}, "x", "loss")


def test_plot_fit_lines_scatter_lines_and_outliers():
    x = np.arange(10.0)
    y = 2 * x + 1
    ax = plots.plot_fit_lines(
        x, y, {"truth": (2.0, 1.0), "flat": lambda t: 0 * t + 5}, "size (m²)", "price ($)",
        highlight=[2, 7],
    )
    assert len(ax.get_lines()) == 2
    assert len(ax.collections) == 2  # data + outlier rings
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["data", "outliers", "truth", "flat"]
    line = ax.get_lines()[0]
    np.testing.assert_allclose(line.get_ydata(), 2 * line.get_xdata() + 1)
    assert ax.get_xlabel() == "size (m²)"
    with pytest.raises(ValueError, match="fit"):
        plots.plot_fit_lines(x, y, {"bad": (1.0, 2.0, 3.0)})
    with pytest.raises(ValueError, match="equal length"):
        plots.plot_fit_lines(x, y[:-1], {})


def test_loss_surface_contour_finds_the_minimum_and_draws_path():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, 40)
    y = 2 * x + 1

    def cost(m, b):
        return np.mean((y - (m * x + b)) ** 2)

    path = [(0.0, 0.0), (1.0, 0.5), (2.0, 1.0)]
    ax = plots.loss_surface_contour(
        cost, np.linspace(0, 4, 41), np.linspace(-2, 4, 61), path=path, log_levels=True
    )
    m, b, loss = ax.grid_min
    assert (m, b) == pytest.approx((2.0, 1.0))
    assert loss == pytest.approx(0.0, abs=1e-12)
    assert ax.loss_grid.shape == (61, 41)
    assert ax.get_xlabel() == "slope m" and ax.get_ylabel() == "intercept b"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["grid minimum", "training path"]
    assert len(ax.figure.axes) == 2  # plot + colorbar
    with pytest.raises(TypeError, match="loss_fn"):
        plots.loss_surface_contour(None, [0, 1], [0, 1])
    with pytest.raises(ValueError, match="path"):
        plots.loss_surface_contour(cost, [0, 1], [0, 1], path=[1, 2, 3])


# --------------------------------------------------------------------------- notebooks 04-07
def test_show_outside_ipython_falls_back_to_plt_show():
    ax = plots.new_axes(title="t", xlabel="x", ylabel="y")
    plots.show(ax.figure)  # Agg backend: plt.show() is a no-op, nothing raises


def test_show_displays_png_only_in_ipython(monkeypatch):
    import IPython
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: shown.append((obj, raw)))
    ax = plots.new_axes(title="t", xlabel="x", ylabel="y")
    fig = ax.figure
    plots.show(fig)
    assert len(shown) == 1
    obj, raw = shown[0]
    assert raw and list(obj) == ["image/png"] and obj["image/png"].startswith(b"\x89PNG")
    assert not plt.fignum_exists(fig.number)  # closed after display


def test_plot_regularization_path_lines_log_axis_and_labels():
    alphas = np.logspace(-2, 2, 9)
    coefs = np.c_[3 / (1 + alphas), -1 / (1 + alphas), 0.1 / (1 + alphas)]
    ax = plots.plot_regularization_path(alphas, coefs, ["a", "b", "c"], label_top=2)
    assert len(ax.get_lines()) == 4  # three features and the zero line
    assert ax.get_xscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    with pytest.raises(ValueError, match="coefs"):
        plots.plot_regularization_path(alphas, coefs[:3])
    with pytest.raises(ValueError, match="alphas"):
        plots.plot_regularization_path(-alphas, coefs)
    with pytest.raises(ValueError, match="feature_names"):
        plots.plot_regularization_path(alphas, coefs, ["a"])


def test_plot_linear_boundaries_draws_each_line_through_the_boundary():
    X = np.array([[0.0, 0.0], [2.0, 2.0], [0.0, 2.0], [2.0, 0.0]])
    y = np.array([0, 1, 0, 1])
    ax = plots.plot_linear_boundaries(
        X, y, {"vertical": ([1.0, 0.0], -1.0), "diagonal": ([1.0, 1.0], -2.0)}, highlight=[0]
    )
    vertical, diagonal = ax.get_lines()
    np.testing.assert_allclose(vertical.get_xdata(), 1.0)
    xs, ys = diagonal.get_xdata(), diagonal.get_ydata()
    np.testing.assert_allclose(xs + ys, 2.0)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["class 0", "class 1", "highlighted", "vertical", "diagonal"]
    with pytest.raises(ValueError, match="shape"):
        plots.plot_linear_boundaries(X[:, :1], y, {})
    with pytest.raises(ValueError, match="non-zero"):
        plots.plot_linear_boundaries(X, y, {"bad": ([0.0, 0.0], 1.0)})


def test_show_keeps_the_full_canvas_of_constrained_figures(monkeypatch):
    import struct

    import IPython
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: shown.append(obj))
    ax = plots.new_axes(title="t", xlabel="x", ylabel="y")  # constrained layout, (6, 4)
    dpi = ax.figure.dpi
    plots.show(ax.figure)
    fig, _ = plt.subplots(figsize=(6, 4))  # no layout engine: cropped to its content ("tight")
    plots.show(fig)
    sizes = [struct.unpack(">II", obj["image/png"][16:24]) for obj in shown]
    assert sizes[0] == (round(6 * dpi), round(4 * dpi))
    assert sizes[1] != sizes[0]
