"""Tests for lossedu.data: determinism, shapes, documented behaviour, clear errors."""

import numpy as np
import pytest

from lossedu import data


def test_make_linear_is_deterministic_and_sorted():
    x1, y1 = data.make_linear(n=30, seed=3)
    x2, y2 = data.make_linear(n=30, seed=3)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    assert x1.shape == y1.shape == (30,)
    assert np.all(np.diff(x1) >= 0)
    x3, _ = data.make_linear(n=30, seed=4)
    assert not np.array_equal(x1, x3)


def test_make_linear_without_noise_is_on_the_line():
    x, y = data.make_linear(n=20, slope=-1.5, intercept=4.0, noise=0.0, x_range=(-2, 3))
    np.testing.assert_allclose(y, -1.5 * x + 4.0)
    assert x.min() >= -2 and x.max() < 3


def test_make_linear_recovers_slope_with_least_squares():
    x, y = data.make_linear(n=2000, slope=2.0, intercept=1.0, noise=1.0, seed=0)
    m, b = np.polyfit(x, y, 1)
    assert m == pytest.approx(2.0, abs=0.05)
    assert b == pytest.approx(1.0, abs=0.2)


@pytest.mark.parametrize(
    ("kwargs", "exc", "word"),
    [
        ({"n": 0}, ValueError, "n"),
        ({"n": 2.5}, TypeError, "n"),
        ({"n": True}, TypeError, "n"),
        ({"noise": -1.0}, ValueError, "noise"),
        ({"slope": "2"}, TypeError, "slope"),
        ({"slope": float("nan")}, ValueError, "slope"),
        ({"x_range": (1.0, 1.0)}, ValueError, "x_range"),
        ({"x_range": 5}, TypeError, "x_range"),
    ],
)
def test_make_linear_errors_name_the_argument(kwargs, exc, word):
    with pytest.raises(exc, match=word):
        data.make_linear(**kwargs)


def test_add_outliers_moves_exactly_the_chosen_points():
    y = np.arange(10.0)
    y_out, idx = data.add_outliers(y, n_outliers=3, magnitude=50.0, seed=1)
    assert len(idx) == 3 and len(set(idx.tolist())) == 3
    np.testing.assert_array_equal(y, np.arange(10.0))  # input untouched
    moved = y_out - y
    np.testing.assert_array_equal(np.flatnonzero(moved), idx)
    np.testing.assert_allclose(moved[idx], 50.0)


def test_add_outliers_explicit_positions_and_errors():
    y_out, idx = data.add_outliers(np.zeros(5), positions=[4, 1], magnitude=-2.0)
    assert idx.tolist() == [1, 4]
    assert y_out.tolist() == [0.0, -2.0, 0.0, 0.0, -2.0]
    with pytest.raises(ValueError, match="n_outliers"):
        data.add_outliers(np.zeros(3), n_outliers=4)
    with pytest.raises(ValueError, match="positions"):
        data.add_outliers(np.zeros(3), positions=[3])
    with pytest.raises(ValueError, match="y must be one-dimensional"):
        data.add_outliers(np.zeros((3, 2)))


def test_make_house_prices_units_and_trend():
    size, price = data.make_house_prices(n=200, seed=0)
    assert size.min() >= 40 and size.max() <= 200
    np.testing.assert_array_equal(price, np.round(price))  # whole dollars
    slope, _ = np.polyfit(size, price, 1)
    assert slope == pytest.approx(3000, rel=0.1)


def test_make_binary_blobs_labels_and_shapes():
    X, y = data.make_binary_blobs(n=7, seed=0)
    assert X.shape == (7,) and y.tolist() == [0, 1, 0, 1, 0, 1, 0]
    X2, _ = data.make_binary_blobs(n=8, n_features=3, separation=4.0, seed=0)
    assert X2.shape == (8, 3)
    X_far, y_far = data.make_binary_blobs(n=400, separation=10.0, seed=0)
    assert X_far[y_far == 1].mean() > 4 and X_far[y_far == 0].mean() < -4
    with pytest.raises(ValueError, match="separation"):
        data.make_binary_blobs(separation=-1)


def test_make_logits_binary_and_multiclass():
    z, y = data.make_logits(n=50, seed=0)
    assert z.shape == (50,) and set(np.unique(y)) <= {0, 1}
    z3, y3 = data.make_logits(n=50, n_classes=4, seed=0)
    assert z3.shape == (50, 4) and y3.min() >= 0 and y3.max() <= 3
    z_again, y_again = data.make_logits(n=50, n_classes=4, seed=0)
    np.testing.assert_array_equal(z3, z_again)
    np.testing.assert_array_equal(y3, y_again)
    with pytest.raises(ValueError, match="n_classes"):
        data.make_logits(n_classes=1)
    with pytest.raises(ValueError, match="scale"):
        data.make_logits(scale=0.0)


def test_make_logits_labels_follow_the_scores():
    z, y = data.make_logits(n=5000, scale=4.0, seed=0)
    assert np.mean((z > 0) == (y == 1)) > 0.8


def test_loaders_are_scaled_and_fixed():
    d = data.load_diabetes_split()
    assert d.X_train.shape == (331, 10) and d.X_test.shape == (111, 10)
    np.testing.assert_allclose(d.X_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(d.X_train.std(axis=0), 1, atol=1e-12)
    d2 = data.load_diabetes_split()
    np.testing.assert_array_equal(d.y_test, d2.y_test)
    assert "bmi" in d.feature_names
    assert "X_train=(331, 10)" in repr(d)

    b = data.load_breast_cancer_split(test_size=0.2, seed=1)
    assert b.X_train.shape[1] == 30 and b.target_names == ("malignant", "benign")
    assert abs(b.y_train.mean() - b.y_test.mean()) < 0.02  # stratified
    raw = data.load_breast_cancer_split(scale=False)
    assert raw.X_train.mean() > 1
    with pytest.raises(ValueError, match="test_size"):
        data.load_diabetes_split(test_size=1.5)


# --------------------------------------------------------------------------- notebooks 05-07
def test_make_noisy_classification_noise_rate_and_determinism():
    X, y = data.make_noisy_classification(n=20000, n_features=5, noise=0.5, seed=1)
    assert X.shape == (20000, 5) and set(np.unique(y)) == {0, 1}
    X2, y2 = data.make_noisy_classification(n=20000, n_features=5, noise=0.5, seed=1)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    # the best linear rule (the hidden one, recovered by least squares on +-1 labels)
    # misclassifies about arctan(0.5) / pi = 14.8 % of the rows
    w = np.linalg.lstsq(X, 2.0 * y - 1.0, rcond=None)[0]
    assert np.mean((X @ w > 0) != (y == 1)) == pytest.approx(np.arctan(0.5) / np.pi, abs=0.01)
    _, y_clean = data.make_noisy_classification(n=50, n_features=3, noise=0.0, seed=0)
    assert set(np.unique(y_clean)) == {0, 1}
    with pytest.raises(ValueError, match="noise"):
        data.make_noisy_classification(noise=-0.1)
    with pytest.raises(TypeError, match="n_features"):  # (a whole 2.0 is 2, as for every count)
        data.make_noisy_classification(n_features=2.5)


def test_make_collinear_copies_are_nearly_identical():
    X, y = data.make_collinear(n=500, n_copies=3, copy_noise=0.01, slope=3.0, noise=0.5, seed=0)
    assert X.shape == (500, 3) and y.shape == (500,)
    assert np.corrcoef(X.T).min() > 0.999
    # the sum of the least-squares weights recovers the slope even though each one is unstable
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    assert w.sum() == pytest.approx(3.0, abs=0.1)
    X0, _ = data.make_collinear(n=10, copy_noise=0.0, seed=0)
    np.testing.assert_array_equal(X0[:, 0], X0[:, 1])
    with pytest.raises(ValueError, match="copy_noise"):
        data.make_collinear(copy_noise=-1.0)
    with pytest.raises(ValueError, match="n_copies"):
        data.make_collinear(n_copies=0)


def test_make_imbalanced_blobs_counts_and_centres():
    X, y = data.make_imbalanced_blobs(n=1000, minority_fraction=0.05, separation=4.0, seed=0)
    assert X.shape == (1000, 2) and int(y.sum()) == 50
    assert X[y == 1].mean() > 1.5 and X[y == 0].mean() < -1.5
    assert 0 < np.flatnonzero(y)[0] < 900  # shuffled, not all at the start or end
    _, y_tiny = data.make_imbalanced_blobs(n=10, minority_fraction=0.01, seed=0)
    assert int(y_tiny.sum()) == 1  # at least one minority row
    X1, _ = data.make_imbalanced_blobs(n=20, n_features=1, seed=0)
    assert X1.shape == (20, 1)
    with pytest.raises(ValueError, match="minority_fraction"):
        data.make_imbalanced_blobs(minority_fraction=1.0)
