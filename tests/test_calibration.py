"""Calibration metrics (lossedu.metrics) and temperature scaling (lossedu.calibration)."""

import numpy as np
import pytest
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss

import lossedu.metrics as M
from lossedu.calibration import fit_temperature
from lossedu.losses import binary_cross_entropy_with_logits, sigmoid, softmax, softmax_cross_entropy

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")
rng = np.random.default_rng(0)


# ----------------------------------------------------------------------------- Brier score
def test_brier_binary_matches_sklearn():
    y, p = rng.integers(0, 2, 200), rng.uniform(size=200)
    assert M.brier_score(y, p) == pytest.approx(brier_score_loss(y, p), rel=1e-13)
    assert M.brier_score(y, p, reduction="sum") == pytest.approx(np.sum((p - y) ** 2), rel=1e-13)
    per = M.brier_score(y, p, reduction="none")
    assert per.shape == (200,) and np.allclose(per, (p - y) ** 2)


def test_brier_multiclass_sums_over_classes():
    p = softmax(rng.standard_normal((50, 3)), axis=1)
    y = rng.integers(0, 3, 50)
    onehot = np.eye(3)[y]
    want = np.mean(np.sum((p - onehot) ** 2, axis=1))
    assert M.brier_score(y, p) == pytest.approx(want, rel=1e-13)
    assert M.brier_score(onehot, p) == pytest.approx(want, rel=1e-13)
    # two columns: twice the binary score of the class-1 column
    p2 = np.column_stack([1 - p[:, 0], p[:, 0]])
    yb = (y == 0).astype(int)
    assert M.brier_score(yb, p2) == pytest.approx(2 * M.brier_score(yb, p[:, 0]), rel=1e-12)


def test_brier_is_strictly_proper_and_accuracy_is_not():
    pi = 0.7
    q = np.linspace(0.01, 0.99, 99)
    expected_brier = pi * (1 - q) ** 2 + (1 - pi) * q**2
    expected_log = -(pi * np.log(q) + (1 - pi) * np.log(1 - q))
    assert q[np.argmin(expected_brier)] == pytest.approx(pi)
    assert q[np.argmin(expected_log)] == pytest.approx(pi)
    expected_acc = np.where(q > 0.5, pi, 1 - pi)
    assert np.sum(expected_acc == expected_acc.max()) > 1  # many reports tie: not strictly proper


@pytest.mark.parametrize(("y", "p", "match"), [
    ([0, 1], [0.5], "shape"),
    ([0, 2], [0.5, 0.5], "y_true"),
    ([0, 1], [0.5, 1.5], "p must hold probabilities"),
    ([0, 1], [0.5, np.nan], "p contains nan"),
    ([0, 1], [[0.5, 0.6], [0.2, 0.8]], "p row 0 sums"),
    ([0, 3], [[0.5, 0.5], [0.2, 0.8]], "y_true"),
    ([0, 1], np.ones((2, 2, 1)) / 2, "p must have shape"),
])
def test_calibration_metrics_validate_and_name_the_argument(y, p, match):
    for fn in (M.brier_score, M.expected_calibration_error, M.reliability_curve):
        with pytest.raises(ValueError, match=match):
            fn(y, p)


def test_brier_rejects_bad_reduction_and_text():
    with pytest.raises(ValueError, match="reduction"):
        M.brier_score([0, 1], [0.2, 0.8], reduction="avg")
    with pytest.raises(TypeError, match="p must contain numbers"):
        M.brier_score([0, 1], ["a", "b"])


# ----------------------------------------------------------------------------- reliability
@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
@pytest.mark.parametrize("n_bins", [3, 10])
def test_reliability_curve_matches_sklearn(strategy, n_bins):
    p = rng.uniform(size=500)
    y = (rng.uniform(size=500) < p**1.5).astype(int)
    curve = M.reliability_curve(y, p, n_bins=n_bins, strategy=strategy)
    prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
    assert np.allclose(curve.accuracy, prob_true) and np.allclose(curve.confidence, prob_pred)
    assert curve.count.sum() == 500


def test_reliability_bins_edges_and_empty_bins():
    # 0.1 opens the second bin, 1.0 belongs to the last bin, the empty middle bins are dropped
    curve = M.reliability_curve([0, 1, 1, 0], [0.0, 0.1, 1.0, 0.95], n_bins=10)
    assert curve.count.tolist() == [1, 1, 2]
    assert curve.confidence.tolist() == pytest.approx([0.0, 0.1, 0.975])
    assert curve.accuracy.tolist() == [0.0, 1.0, 0.5]


def test_reliability_multiclass_is_top_label():
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3], [0.05, 0.9, 0.05]])
    y = np.array([0, 1, 1, 1])
    curve = M.reliability_curve(y, p, n_bins=2)
    # confidences 0.7, 0.8, 0.4, 0.9 -> bins [0, 0.5): {0.4}, [0.5, 1]: {0.7, 0.8, 0.9}
    assert curve.count.tolist() == [1, 3]
    assert curve.confidence.tolist() == pytest.approx([0.4, 0.8])
    assert curve.accuracy.tolist() == pytest.approx([1.0, 2 / 3])


@pytest.mark.parametrize("n_bins", [0, 2.5, True, "10"])
def test_bins_validated(n_bins):
    with pytest.raises(ValueError, match="n_bins"):
        M.expected_calibration_error([0, 1], [0.2, 0.8], n_bins=n_bins)


def test_strategy_validated():
    with pytest.raises(ValueError, match="strategy"):
        M.reliability_curve([0, 1], [0.2, 0.8], strategy="equal")


# ----------------------------------------------------------------------------- ECE
def test_ece_is_the_weighted_gap_of_the_sklearn_curve():
    p = rng.uniform(size=400)
    y = (rng.uniform(size=400) < p).astype(int)
    prob_true, prob_pred = calibration_curve(y, p, n_bins=10)
    counts = np.bincount(np.searchsorted(np.linspace(0, 1, 11)[1:-1], p, side="right"),
                         minlength=10)
    counts = counts[counts > 0]
    want = np.sum(counts / 400 * np.abs(prob_true - prob_pred))
    assert M.expected_calibration_error(y, p) == pytest.approx(want, rel=1e-12)


def test_ece_simple_cases():
    assert M.expected_calibration_error([1, 1, 1, 1], [1.0, 1.0, 1.0, 1.0]) == 0.0
    assert M.expected_calibration_error([0, 0, 0, 0], [1.0, 1.0, 1.0, 1.0]) == 1.0
    # a constant forecast at the base rate is calibrated (ECE 0) and useless for ranking
    y = np.array([0, 1, 0, 1, 1, 0, 0, 1])
    assert M.expected_calibration_error(y, np.full(8, 0.5)) == 0.0


def test_ece_depends_on_the_binning():
    p = rng.uniform(size=300)
    y = (rng.uniform(size=300) < p**2).astype(int)
    values = {M.expected_calibration_error(y, p, n_bins=b) for b in (5, 10, 20)}
    assert len(values) == 3


# ----------------------------------------------------------------------------- temperature
def _optimal_temperature_by_search(loss):
    from scipy.optimize import minimize_scalar

    res = minimize_scalar(lambda u: loss(np.exp(u)), bounds=(-6, 6), method="bounded",
                          options={"xatol": 1e-11})
    return float(np.exp(res.x))


def test_fit_temperature_binary_minimises_the_log_loss():
    z = 6 * rng.standard_normal(300)
    y = (rng.uniform(size=300) < sigmoid(z / 4)).astype(int)  # logits 4 times too confident
    t = fit_temperature(y, z)
    want = _optimal_temperature_by_search(lambda T: binary_cross_entropy_with_logits(y, z / T))
    assert t == pytest.approx(want, rel=1e-6)
    assert 2.5 < t < 6
    # the slope of the loss in 1/T is zero there
    assert abs(np.mean((sigmoid(z / t) - y) * z)) < 1e-10


def test_fit_temperature_multiclass_and_accuracy_unchanged():
    z = 3 * rng.standard_normal((200, 4))
    y = np.array([rng.choice(4, p=row) for row in softmax(z / 2.5, axis=1)])
    t = fit_temperature(y, z)
    want = _optimal_temperature_by_search(lambda T: softmax_cross_entropy(y, z / T))
    assert t == pytest.approx(want, rel=1e-6)
    assert np.array_equal((z / t).argmax(axis=1), z.argmax(axis=1))
    assert fit_temperature(np.eye(4)[y], z) == pytest.approx(t, rel=1e-12)


def test_fit_temperature_without_a_minimiser():
    with pytest.raises(ValueError, match="T -> 0"):
        fit_temperature([1, 0, 1], [2.0, -1.0, 0.5])  # all correct: sharpen forever
    with pytest.raises(ValueError, match="no temperature"):
        fit_temperature([1, 0, 1], [-2.0, 1.0, -0.5])  # all wrong
    with pytest.raises(ValueError, match="z has shape"):
        fit_temperature([1, 0], [1.0])
    with pytest.raises(ValueError, match="y_true"):
        fit_temperature([1, 2], [1.0, -1.0])
    with pytest.raises(ValueError, match="z contains"):
        fit_temperature([1, 0], [np.inf, -1.0])


# ----------------------------------------------------------------------------- plot
def test_plot_reliability_diagram_draws_one_curve_per_set():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lossedu.plots import plot_reliability_diagram

    p = rng.uniform(size=100)
    y = (rng.uniform(size=100) < p).astype(int)
    ax = plot_reliability_diagram(y, {"a": p, "b": p**2}, n_bins=5)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "perfectly calibrated"
    assert labels[1].startswith("a (ECE ") and labels[2].startswith("b (ECE ")
    assert len(ax.texts) == sum(len(M.reliability_curve(y, q, n_bins=5).count) for q in (p, p**2))
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="probabilities must be a non-empty dict"):
        plot_reliability_diagram(y, p)


def test_calibration_module_documents_itself():
    import inspect
    import re

    import lossedu.calibration as C

    assert C.__all__ == ["fit_temperature"]
    doc = inspect.getdoc(C.fit_temperature)
    for section in ("Parameters", "Returns", "Raises", "Examples"):
        assert re.search(rf"^{section}\n-{{{len(section)}}}$", doc, re.M)
    assert ">>> " in doc


def test_temperature_keeps_binary_ranking_but_not_every_multiclass_ranking():
    z = 3 * rng.standard_normal(50)
    for t in (0.3, 1.0, 7.0):
        p = sigmoid(z / t)
        assert np.array_equal(np.argsort(p, kind="stable"), np.argsort(z, kind="stable"))
        assert np.array_equal(p > 0.5, z > 0)
    # K classes: each row's argmax stays, but the ranking of examples by p[:, 0] can flip
    zk = np.array([[2.0, 0.0, 0.0], [1.0, -10.0, 0.0]])
    cold, hot = softmax(zk, axis=1), softmax(zk / 100, axis=1)
    assert np.array_equal(cold.argmax(axis=1), hot.argmax(axis=1))
    assert cold[0, 0] > cold[1, 0] and hot[0, 0] < hot[1, 0]


def test_edge_convention_differs_from_sklearn_only_on_inner_edges():
    # lossedu (and np.histogram): [0, 0.1), [0.1, 0.2), ...; scikit-learn: [0, 0.1], (0.1, 0.2], ...
    y, p = [0, 1, 1, 0], [0.0, 0.1, 1.0, 0.95]
    ours = M.reliability_curve(y, p, n_bins=10)
    assert ours.count.tolist() == [1, 1, 2]
    counts, _ = np.histogram(p, bins=10, range=(0, 1))
    assert counts[counts > 0].tolist() == ours.count.tolist()
    prob_true, prob_pred = calibration_curve(y, p, n_bins=10)
    assert prob_pred.tolist() == pytest.approx([0.05, 0.975])  # 0.0 and 0.1 share sklearn's bin
