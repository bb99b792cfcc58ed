"""Interactive figures: a slider and the figure it controls.

Each function returns an :class:`InteractiveFigure`. Make it the last expression of a cell (or
pass it to ``display``) and you get:

* in JupyterLab / Notebook with a running kernel: a slider above a figure that is redrawn
  whenever the slider moves;
* anywhere without a widget front end (nbconvert, GitHub, a notebook opened without running
  it): a static PNG of the starting state;
* as plain text: a fixed one-line description, so that nbval can compare outputs.

Figures are drawn with matplotlib's Agg canvas directly (no pyplot, so nothing leaks into the
notebook's own plots) and shown in an ``ipywidgets.Image``.

Figures
-------
log_loss_explorer         binary log loss -ln p against the probability p of the true class
regularization_explorer   lasso and ridge coefficients on the diabetes data as λ changes
outlier_explorer          least-squares (MSE) and least-absolute-deviations (MAE) lines as one
                          point moves
"""

from __future__ import annotations

import base64
import io
import warnings
from functools import lru_cache
from numbers import Real

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lossedu import losses
from lossedu._validation import Interval, check_params
from lossedu.data import load_diabetes_split, make_linear
from lossedu.plots import COLORS, new_axes

__all__ = [
    "InteractiveFigure",
    "log_loss_explorer",
    "regularization_explorer",
    "outlier_explorer",
]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
DPI = 100  # pixels per inch of the PNGs: a (6, 4) figure is 600 x 400 pixels


def _png(draw, value, figsize):
    """Draw ``draw(fig, value)`` on a new Agg figure and return the PNG bytes."""
    fig = Figure(figsize=figsize, layout="constrained")
    FigureCanvasAgg(fig)
    draw(fig, value)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


class InteractiveFigure:
    """A slider and the figure it controls, with a static fallback.

    Parameters
    ----------
    slider : ipywidgets slider
        Its ``value`` is passed to ``draw``; its starting value is the default state.
    draw : callable (matplotlib.figure.Figure, value) -> None
        Draws the figure for one slider value.
    text : str
        The ``text/plain`` representation (fixed, so notebook tests can compare it).
    figsize : tuple, default (6, 4)

    Attributes
    ----------
    slider : ipywidgets slider
    image : ipywidgets.Image
        Holds the PNG of the current slider value.
    widget : ipywidgets.VBox
        Slider above image; this is what a widget front end shows.
    static_png : bytes
        PNG of the default state, shown where widgets are unavailable.
    """

    def __init__(self, slider, draw, text, figsize=(6, 4)):
        self.slider = slider
        self._draw = draw
        self._figsize = figsize
        self.text = text
        self.static_png = self.render(slider.value)
        # at its own pixel width (a VBox would stretch it to the page and blur it), never wider
        # than the page (the widget CSS keeps max-width 100%, height auto)
        self.image = widgets.Image(value=self.static_png, format="png",
                                   layout=widgets.Layout(width=f"{round(figsize[0] * DPI)}px"))
        self.widget = widgets.VBox([slider, self.image])
        slider.observe(self._on_change, names="value")

    def render(self, value):
        """Return the PNG bytes of the figure for slider value ``value``."""
        return _png(self._draw, value, self._figsize)

    def _on_change(self, change):
        self.image.value = self.render(change["new"])

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget._repr_mimebundle_() or {})
        bundle["text/plain"] = self.text
        bundle["image/png"] = base64.b64encode(self.static_png).decode("ascii")
        return bundle

    def __repr__(self):
        return self.text


# --------------------------------------------------------------------------- log loss
def _draw_log_loss(fig, p):
    ax = new_axes(
        fig.add_subplot(),
        title="Binary log loss of one example",
        xlabel="predicted probability of the true class, p",
        ylabel="log loss, -ln p (nats)",
    )
    grid = np.linspace(0.01, 1.0, 400)
    ones = np.ones_like(grid)
    ax.plot(grid, losses.binary_cross_entropy(ones, grid, reduction="none"), lw=2,
            color=COLORS[0], label="-ln p")
    ax.axhline(1.0, color=COLORS[1], ls="--", lw=1)
    ax.axvline(1 / np.e, color=COLORS[1], ls="--", lw=1,
               label="p = 1/e ≈ 0.368: loss = 1 (left of it, loss > 1)")
    loss = losses.binary_cross_entropy([1.0], [p])
    ax.plot(p, loss, "o", ms=9, color=COLORS[2], zorder=4,
            label=f"p = {p:.2f}: loss = {loss:.3f}")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 4.7)
    ax.legend(loc="upper right", fontsize="small", framealpha=0.95)  # opaque over the 1/e line


def log_loss_explorer(p=0.5):
    """Slider for the predicted probability of the true class; plots the log loss -ln p.

    The curve is the binary log loss of one example whose true class got probability ``p``.
    A dashed line marks p = 1/e, where the loss crosses 1: any prediction that gives the true
    class less than about 37 % costs more than 1 nat. The current point is marked and its loss
    printed in the legend (values from :func:`lossedu.losses.binary_cross_entropy`).

    Parameters
    ----------
    p : float, default 0.5
        Starting probability, in [0.01, 0.99] (rounded to the slider's step of 0.01).

    Returns
    -------
    InteractiveFigure

    Raises
    ------
    TypeError
        If ``p`` is not a number.
    ValueError
        If ``p`` is outside its range (or NaN).

    Examples
    --------
    >>> fig = log_loss_explorer()
    >>> fig.slider.value
    0.5
    """
    (p,) = check_params({"p": Interval(Real, 0.01, 0.99, closed="both")}, p=p)
    slider = widgets.FloatSlider(
        value=round(p, 2), min=0.01, max=0.99, step=0.01, readout_format=".2f",
        description="p(true class)", style={"description_width": "initial"},
        layout=widgets.Layout(width="500px"),
    )
    text = (
        "Interactive figure: binary log loss vs predicted probability (move the slider; "
        f"static preview of p = {slider.value:.2f} shown where widgets are unavailable)"
    )
    return InteractiveFigure(slider, _draw_log_loss, text)


# --------------------------------------------------------------------------- regularization
#: log10(λ) values of the precomputed paths (the slider's positions)
LOG10_LAMBDAS = np.round(np.arange(-2.0, 3.0001, 0.1), 1)


@lru_cache(maxsize=1)
def regularization_paths():
    """Lasso and ridge coefficients on the diabetes training data for every λ of the slider.

    The two costs, with the course's penalties (:mod:`lossedu.regularization`), are
    ``MSE(w, b) + λ Σ|w_j|`` (lasso) and ``MSE(w, b) + λ Σ w_j²`` (ridge); the intercept ``b``
    is not penalised. In scikit-learn's parametrisation this is ``Lasso(alpha=λ / 2)`` and
    ``Ridge(alpha=n * λ)`` with ``n`` training rows. Features are standardised.

    Returns
    -------
    lambdas : ndarray of shape (k,)
        ``10 ** LOG10_LAMBDAS``.
    lasso, ridge : ndarray of shape (k, 10)
        Coefficients for each λ.
    feature_names : tuple of str

    Examples
    --------
    >>> lambdas, lasso, ridge, names = regularization_paths()
    >>> lasso.shape, names[2]
    ((51, 10), 'bmi')
    """
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import Lasso, Ridge

    data = load_diabetes_split()
    X, y = data.X_train, data.y_train
    n = len(y)
    lambdas = 10.0**LOG10_LAMBDAS
    lasso = Lasso(alpha=1.0, max_iter=100_000, tol=1e-8, warm_start=True)
    lasso_coefs, ridge_coefs = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # never silently unconverged
        for lam in lambdas[::-1]:  # from all-zero upwards: warm starts converge fast
            lasso.set_params(alpha=lam / 2)
            lasso_coefs.append(lasso.fit(X, y).coef_.copy())
    for lam in lambdas:
        ridge_coefs.append(Ridge(alpha=n * lam).fit(X, y).coef_)
    return lambdas, np.array(lasso_coefs[::-1]), np.array(ridge_coefs), data.feature_names


def _draw_regularization(fig, lam):
    lambdas, lasso, ridge, names = regularization_paths()
    i = int(np.argmin(np.abs(LOG10_LAMBDAS - np.log10(lam))))
    # x is log10(λ) on a linear axis with hand-made ticks: a log-scale axis redraws slowly
    ticks = np.arange(LOG10_LAMBDAS[0], LOG10_LAMBDAS[-1] + 1)
    axes = fig.subplots(1, 2, sharey=True)
    colors = [*COLORS, "#999999", "#8B4513", "#7B68EE"]
    for ax, coefs, name in ((axes[0], lasso, "Lasso (L1)"), (axes[1], ridge, "Ridge (L2)")):
        zeros = int(np.sum(coefs[i] == 0.0))
        new_axes(ax, title=f"{name}: {zeros} of {coefs.shape[1]} weights are 0",
                 xlabel="penalty strength λ (log scale)")
        for j, label in enumerate(names):
            ax.plot(LOG10_LAMBDAS, coefs[:, j], lw=1.5, color=colors[j], label=label)
        ax.scatter(np.full(len(names), LOG10_LAMBDAS[i]), coefs[i], s=25, c=colors[: len(names)],
                   zorder=3)
        ax.axvline(LOG10_LAMBDAS[i], color="black", lw=1, ls=":")
        ax.axhline(0.0, color="black", lw=0.5)
        ax.set_xticks(ticks, [f"{10.0**t:g}" for t in ticks])
        ax.title.set_fontsize(10)
    axes[0].set_ylabel("weight (disease score per std. dev.)")
    axes[1].legend(frameon=False, fontsize=7, ncol=2, loc="upper right")
    fig.suptitle(f"Diabetes data, λ = {lambdas[i]:.3g}: cost = MSE + λ·penalty", fontsize=11)


def regularization_explorer(lam=1.0):
    """Slider for the penalty strength λ (log scale); plots lasso and ridge coefficient paths.

    Left: lasso (``MSE + λ Σ|w|``), right: ridge (``MSE + λ Σw²``), both fitted on the
    standardised diabetes training data (:func:`lossedu.data.load_diabetes_split`). Each line
    is one feature's weight as λ grows; dots and the dotted line mark the current λ. As λ grows,
    lasso sets more and more weights exactly to 0 (on this data one weight leaves, comes back
    and leaves again); ridge shrinks all of them towards 0 but keeps them non-zero. The paths
    are computed once (:func:`regularization_paths`), so the slider only redraws.

    Parameters
    ----------
    lam : float, default 1.0
        Starting λ, in [0.01, 1000] (snapped to the slider's grid of 0.1 in log10).

    Returns
    -------
    InteractiveFigure

    Raises
    ------
    TypeError
        If ``lam`` is not a number.
    ValueError
        If ``lam`` is outside its range (or NaN).

    Examples
    --------
    >>> fig = regularization_explorer()
    >>> fig.slider.value
    1.0
    """
    (lam,) = check_params({"lam": Interval(Real, 10.0 ** LOG10_LAMBDAS[0],
                                           10.0 ** LOG10_LAMBDAS[-1], closed="both")}, lam=lam)
    slider = widgets.FloatLogSlider(
        value=10.0 ** round(float(np.log10(lam)), 1), base=10,
        min=float(LOG10_LAMBDAS[0]), max=float(LOG10_LAMBDAS[-1]), step=0.1,
        readout_format=".3g", description="λ (penalty)",
        style={"description_width": "initial"}, layout=widgets.Layout(width="500px"),
    )
    text = (
        "Interactive figure: lasso and ridge coefficients on the diabetes data vs penalty "
        f"strength λ (move the slider; static preview of λ = {slider.value:.3g} shown where "
        "widgets are unavailable)"
    )
    return InteractiveFigure(slider, _draw_regularization, text, figsize=(8, 4))


# --------------------------------------------------------------------------- outlier
#: index of the point the slider moves (the one with the largest x, so it has leverage)
OUTLIER_INDEX = -1


@lru_cache(maxsize=1)
def _outlier_data():
    x, y = make_linear(n=20, slope=2.0, intercept=1.0, noise=1.5, seed=0)
    return x, y


def outlier_fits(outlier_y):
    """Least-squares and least-absolute-deviations lines when the last point is at ``outlier_y``.

    Parameters
    ----------
    outlier_y : float
        The y value given to the point with the largest x.

    Returns
    -------
    x, y : ndarray of shape (20,)
        The data, with the moved point.
    mse_fit, mae_fit : tuple (slope, intercept)
        The line minimising the mean squared error (least squares) and the line minimising
        the mean absolute error (median regression, scikit-learn's ``QuantileRegressor``).

    Examples
    --------
    >>> x, y, mse_fit, mae_fit = outlier_fits(60.0)
    >>> bool(mse_fit[0] > mae_fit[0])  # the outlier pulls the MSE line much more
    True
    """
    from sklearn.linear_model import QuantileRegressor

    x, y = _outlier_data()
    y = y.copy()
    y[OUTLIER_INDEX] = float(outlier_y)
    slope, intercept = np.polyfit(x, y, deg=1)
    median = QuantileRegressor(quantile=0.5, alpha=0.0, solver="highs").fit(x[:, None], y)
    mae_line = (float(median.coef_[0]), float(median.intercept_))
    return x, y, (float(slope), float(intercept)), mae_line


def _draw_outlier(fig, outlier_y):
    x, y, (m1, b1), (m2, b2) = outlier_fits(outlier_y)
    ax = new_axes(
        fig.add_subplot(),
        title="One outlier against the MSE and MAE fits",
        xlabel="x (arbitrary units)",
        ylabel="y (arbitrary units)",
    )
    keep = np.arange(len(x)) != (OUTLIER_INDEX % len(x))
    ax.scatter(x[keep], y[keep], s=18, color="0.45", label="data", zorder=3)
    ax.scatter(x[~keep], y[~keep], s=70, color="red", label="the point you move", zorder=4)
    xs = np.array([x.min(), x.max()])
    for (m, b), name, loss, ls, color in (
        ((m1, b1), "MSE fit (least squares)", losses.mse, "-", COLORS[0]),
        ((m2, b2), "MAE fit (least abs. deviations)", losses.mae, "--", COLORS[1]),
    ):
        ax.plot(xs, m * xs + b, lw=2, ls=ls, color=color,
                label=f"{name}: slope {m:.2f}, {loss.__name__.upper()} {loss(y, m * x + b):.1f}")
    ax.set_ylim(-25, 65)
    ax.legend(frameon=False, loc="upper left", fontsize=8)


def outlier_explorer(outlier_y=50.0):
    """Slider for the y value of one point; plots the MSE and MAE fitted lines.

    Twenty points lie near the line y = 2x + 1; the slider moves the one with the largest x
    (red). The least-squares line (minimises the MSE) follows it a long way, because its pull
    grows with the square of its residual; the least-absolute-deviations line (minimises the
    MAE) hardly moves, because each point's pull is capped. The legend shows each line's slope
    and the loss it minimises (from :mod:`lossedu.losses`) on the current data.

    Parameters
    ----------
    outlier_y : float, default 50.0
        Starting y of the moved point, in [-20, 60] (its value on the trend is about 21).

    Returns
    -------
    InteractiveFigure

    Raises
    ------
    TypeError
        If ``outlier_y`` is not a number.
    ValueError
        If ``outlier_y`` is outside its range (or NaN).

    Examples
    --------
    >>> fig = outlier_explorer()
    >>> fig.slider.value
    50.0
    """
    (outlier_y,) = check_params({"outlier_y": Interval(Real, -20, 60, closed="both")},
                                outlier_y=outlier_y)
    slider = widgets.FloatSlider(
        value=round(float(outlier_y)), min=-20.0, max=60.0, step=1.0, readout_format=".0f",
        description="outlier's y", style={"description_width": "initial"},
        layout=widgets.Layout(width="500px"),
    )
    text = (
        "Interactive figure: MSE and MAE fitted lines as one point moves (move the slider; "
        f"static preview of the point at y = {slider.value:.0f} shown where widgets are "
        "unavailable)"
    )
    return InteractiveFigure(slider, _draw_outlier, text)
