"""skgan.plotting: the artists drawn, input checks, lazy import, the demo picture."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")  # tests render off-screen

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.exceptions import NotFittedError  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from skgan import GANOversampler  # noqa: E402
from skgan._demo import _write_picture  # noqa: E402
from skgan.plotting import (  # noqa: E402
    plot_history,
    plot_images,
    plot_marginals,
    plot_projection,
)
from tests.conftest import FAST  # noqa: E402

HISTORY_LABELS = [
    "discriminator loss",
    "generator loss",
    "discriminator score, real rows",
    "discriminator score, synthetic rows",
]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def data():
    """120 rows, 5 numeric features, classes 0/1/2 with 80/30/10 rows."""
    rng = np.random.RandomState(0)
    counts = [80, 30, 10]
    X = np.vstack([rng.normal(3.0 * c, 1.0, (n, 5)) for c, n in enumerate(counts)])
    return X, np.repeat([0, 1, 2], counts)


@pytest.fixture(scope="module")
def fitted(data):
    """A small fitted sampler, its resampled rows and 20 rows of each class."""
    X, y = data
    sampler = GANOversampler(**FAST, n_jobs=1, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    X_new, y_new = sampler.sample(y=np.repeat([0, 1, 2], 20), random_state=0)
    return sampler, X_res[len(X) :], y_res[len(X) :], X_new, y_new


def _axes(n=1):
    """Axes of a Figure that pyplot does not know about."""
    return Figure().subplots(1, n, squeeze=False)[0]


def _frames():
    pd = pytest.importorskip("pandas")
    rng = np.random.RandomState(0)

    def frame(n, shift):
        return pd.DataFrame(
            {
                "age": rng.normal(40 + shift, 5, n),
                "colour": pd.Categorical(
                    rng.choice(["red", "green", "blue"], n),
                    categories=["red", "green", "blue"],
                ),
                "member": rng.rand(n) < 0.3,
            }
        )

    X, X_syn = frame(60, 0), frame(40, 1)
    y = np.repeat(["a", "b"], 30)
    y_syn = np.repeat(["a", "b"], 20)
    return X, y, X_syn, y_syn


# ----------------------------------------------------------------------------
# Lazy import
# ----------------------------------------------------------------------------


def _run(code):
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_matplotlib_is_imported_lazily():
    # one fresh process (importing skgan is the slow part): importing the
    # module loads no matplotlib; without matplotlib a call says what to install
    result = _run(
        """
        import sys
        import skgan
        import skgan.plotting
        from skgan.plotting import plot_history
        print("matplotlib" in sys.modules)
        sys.modules["matplotlib"] = None  # as if it were not installed
        try:
            plot_history([])
        except ImportError as exc:
            print(exc)
        """
    )
    assert result.returncode == 0, result.stderr
    loaded, message = result.stdout.strip().split("\n", 1)
    assert loaded == "False"
    assert 'pip install "skgan[plot]"' in message


# ----------------------------------------------------------------------------
# plot_history
# ----------------------------------------------------------------------------


def test_plot_history_draws_four_labelled_lines(fitted):
    sampler = fitted[0]
    ax = plot_history(sampler, ax=_axes()[0])
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == HISTORY_LABELS
    assert [t.get_text() for t in ax.get_legend().get_texts()] == HISTORY_LABELS
    epochs = [record["epoch"] for record in sampler.history_]
    losses = [record["generator_loss"] for record in sampler.history_]
    np.testing.assert_allclose(lines[1].get_xdata(), epochs)
    np.testing.assert_allclose(lines[1].get_ydata(), losses)
    assert ax.get_xlabel() == "epoch"


def test_plot_history_takes_the_list_and_makes_a_pyplot_figure(fitted):
    before = set(plt.get_fignums())
    ax = plot_history(fitted[0].history_)
    assert len(set(plt.get_fignums()) - before) == 1
    assert len(ax.get_lines()) == 4


def test_plot_history_marks_a_single_epoch():
    record = dict(
        epoch=0,
        discriminator_loss=1.0,
        generator_loss=0.5,
        discriminator_real=0.2,
        discriminator_fake=-0.1,
    )
    ax = plot_history([record], ax=_axes()[0])
    assert all(line.get_marker() == "o" for line in ax.get_lines())


def test_plot_history_errors():
    with pytest.raises(NotFittedError):
        plot_history(GANOversampler())
    with pytest.raises(ValueError, match="history is empty"):
        plot_history([])
    with pytest.raises(ValueError, match="generator_loss"):
        plot_history([{"epoch": 0, "discriminator_loss": 1.0}])
    with pytest.raises(TypeError, match="list of dicts"):
        plot_history([1.0, 2.0])
    record = dict(
        epoch=0,
        discriminator_loss=1.0,
        generator_loss=0.5,
        discriminator_real=0.2,
        discriminator_fake=-0.1,
    )
    with pytest.raises(TypeError, match="matplotlib Axes"):
        plot_history([record], ax="left")


# ----------------------------------------------------------------------------
# plot_marginals
# ----------------------------------------------------------------------------


def test_plot_marginals_grid_of_density_histograms(data, fitted):
    X, y = data
    X_new, y_new = fitted[3], fitted[4]
    axes = plot_marginals(X, y, X_new, y_new, features=[0, 2], bins=7)
    assert axes.shape == (3, 2)
    assert axes[2, 1].get_title() == "feature 2 (class 2)"
    labels = axes[0, 0].get_legend_handles_labels()[1]
    assert [t.get_text() for t in axes[0, 0].get_legend().get_texts()] == [
        "real",
        "synthetic",
    ]
    assert labels == ["real", "synthetic"]
    for row, c in enumerate([0, 1, 2]):
        for col, j in enumerate([0, 2]):
            patches = axes[row, col].patches
            assert len(patches) == 14  # 7 bins, real and synthetic
            real, synthetic = patches[:7], patches[7:]
            # bins shared by the real and synthetic rows of every class
            values = np.concatenate([X[:, j], X_new[:, j]])
            edges = np.histogram_bin_edges(values, 7)
            expected, _ = np.histogram(X[y == c, j], edges, density=True)
            np.testing.assert_allclose([p.get_height() for p in real], expected)
            np.testing.assert_allclose([p.get_x() for p in synthetic], edges[:-1])
            mass = sum(p.get_height() * p.get_width() for p in synthetic)
            assert mass == pytest.approx(1.0)


def test_plot_marginals_defaults_to_the_classes_with_synthetic_rows(data, fitted):
    X, y = data
    _, X_syn, y_syn = fitted[:3]
    assert set(np.unique(y_syn)) == {1, 2}  # balancing adds no class 0 rows
    axes = plot_marginals(X, y, X_syn, y_syn)
    assert axes.shape == (2, 5)
    assert [ax.get_title() for ax in axes[:, 0]] == [
        "feature 0 (class 1)",
        "feature 0 (class 2)",
    ]


def test_plot_marginals_class_without_synthetic_rows(data, fitted):
    X, y = data
    _, X_syn, y_syn = fitted[:3]
    axes = plot_marginals(X, y, X_syn, y_syn, features=[1], classes=[0], bins=5)
    ax = axes[0, 0]
    assert len(ax.patches) == 5  # the real rows only
    assert "no synthetic rows" in [t.get_text() for t in ax.texts]


def test_plot_marginals_draws_on_given_axes():
    X, y, X_syn, y_syn = _frames()
    given = _axes(6)
    axes = plot_marginals(X, y, X_syn, y_syn, axes=given.reshape(2, 3))
    assert axes.shape == (2, 3)
    assert axes[1, 2] is given[5]
    with pytest.raises(ValueError, match="axes holds 2 Axes"):
        plot_marginals(X, y, X_syn, y_syn, axes=_axes(2))
    with pytest.raises(TypeError, match="matplotlib Axes"):
        plot_marginals(X, y, X_syn, y_syn, features=["age"], classes=["a"], axes=[1])


def test_plot_marginals_dataframe_titles_and_category_bars():
    X, y, X_syn, y_syn = _frames()
    axes = plot_marginals(X, y, X_syn, y_syn, bins=10)
    assert axes.shape == (2, 3)
    titles = [ax.get_title() for ax in axes[1]]
    assert titles == ["age (class b)", "colour (class b)", "member (class b)"]
    assert len(axes[0, 0].patches) == 20  # numeric: a histogram
    colour = axes[1, 1]
    assert len(colour.patches) == 6  # 3 categories, real and synthetic
    ticks = [t.get_text() for t in colour.get_xticklabels()]
    assert ticks == ["red", "green", "blue"]  # the declared category order
    real_shares = X["colour"][y == "b"].value_counts(normalize=True)
    heights = [p.get_height() for p in colour.patches[:3]]
    np.testing.assert_allclose(heights, real_shares[["red", "green", "blue"]])
    syn_heights = [p.get_height() for p in colour.patches[3:]]
    assert sum(syn_heights) == pytest.approx(1.0)
    member = axes[0, 2]
    assert [t.get_text() for t in member.get_xticklabels()] == ["False", "True"]
    assert len(member.patches) == 4


def test_plot_marginals_on_gan_rows_from_a_dataframe(fast):
    X, y, _, _ = _frames()
    sampler = GANOversampler(**fast, n_jobs=1, random_state=0).fit(X, y)
    X_new, y_new = sampler.sample(30, random_state=0)
    axes = plot_marginals(X, y, X_new, y_new, features=["colour", "age"], bins=5)
    assert axes.shape[1] == 2
    assert axes[0, 0].get_title().startswith("colour (class ")
    assert len(axes[0, 0].patches) == 6
    assert len(axes[0, 1].patches) == 10


def test_plot_marginals_soft_labels_count_for_their_largest_class(data):
    X, y = data
    X_syn = X[:4] + 0.1
    y_soft = np.array([[0.8, 0.2, 0], [0.1, 0.6, 0.3], [0, 0.3, 0.7], [0.4, 0, 0.6]])
    axes = plot_marginals(X, y, X_syn, y_soft, features=[0], bins=4)
    assert [ax.get_title() for ax in axes[:, 0]] == [
        "feature 0 (class 0)",
        "feature 0 (class 1)",
        "feature 0 (class 2)",
    ]
    with pytest.raises(ValueError, match="2 columns but y has 3 classes"):
        plot_marginals(X, y, X_syn, y_soft[:, :2], features=[0])


def test_plot_marginals_rejects_sequences():
    X = np.zeros((10, 6, 2))
    with pytest.raises(ValueError, match=r"reshape\(len\(X\), -1\)"):
        plot_marginals(X, np.repeat([0, 1], 5), X, np.repeat([0, 1], 5))


@pytest.mark.parametrize(
    "change, message",
    [
        (dict(y=np.zeros(7)), "X has 120 rows but y has 7 labels"),
        (dict(y_synthetic=np.zeros(3)), "X_synthetic has 60 rows but y_synthetic"),
        (dict(X_synthetic=np.zeros((60, 4))), "different numbers of features: 5"),
        (dict(X_synthetic=np.zeros((0, 5)), y_synthetic=[]), "X_synthetic is empty"),
        (dict(features=[7]), "index 7, out of range"),
        (dict(features=["age"]), "X has no column names"),
        (dict(features=[]), "features is empty"),
        (dict(classes=[5]), "5 is not a class of y"),
        (dict(bins=0), "bins must be a positive integer"),
    ],
)
def test_plot_marginals_errors(data, fitted, change, message):
    X, y = data
    kwargs = dict(X=X, y=y, X_synthetic=fitted[3], y_synthetic=fitted[4])
    kwargs.update(change)
    with pytest.raises(ValueError, match=message):
        plot_marginals(**kwargs)


def test_plot_marginals_dataframe_errors():
    X, y, X_syn, y_syn = _frames()
    with pytest.raises(ValueError, match="not in X. X's columns are"):
        plot_marginals(X, y, X_syn, y_syn, features=["height"])
    renamed = X_syn.rename(columns={"age": "years"})
    with pytest.raises(ValueError, match=r"lacks \['age'\] and has unexpected"):
        plot_marginals(X, y, renamed, y_syn)
    with_nan = X.assign(age=X["age"].where(X.index != 3))
    with pytest.raises(ValueError, match="NaN or infinite values in column 'age'"):
        plot_marginals(with_nan, y, X_syn, y_syn)


# ----------------------------------------------------------------------------
# plot_projection
# ----------------------------------------------------------------------------


def _scatters(ax):
    collections = [c for c in ax.collections if isinstance(c, PathCollection)]
    return {c.get_label(): c.get_offsets() for c in collections}


def test_plot_projection_points_per_class(data, fitted):
    X, y = data
    X_new, y_new = fitted[3], fitted[4]
    ax = plot_projection(X, y, X_new, y_new, ax=_axes()[0])
    scatters = _scatters(ax)
    assert list(scatters) == [
        "0: real",
        "0: synthetic",
        "1: real",
        "1: synthetic",
        "2: real",
        "2: synthetic",
    ]
    for c, n in zip([0, 1, 2], [80, 30, 10]):
        assert len(scatters[f"{c}: real"]) == n
        assert len(scatters[f"{c}: synthetic"]) == 20
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == list(scatters)
    # the real rows' own standardised PCA, real points where it puts them
    scaler = StandardScaler().fit(X)
    pca = PCA(n_components=2).fit(scaler.transform(X))
    expected = pca.transform(scaler.transform(X_new[y_new == 1]))
    np.testing.assert_allclose(scatters["1: synthetic"], expected, atol=1e-8)
    markers = {c.get_label(): c for c in ax.collections}
    assert markers["0: real"].get_facecolor()[0][:3] == pytest.approx(
        markers["0: synthetic"].get_facecolor()[0][:3]
    )


def test_plot_projection_soft_labels_coloured_by_argmax(data, fast):
    X, y = data
    sampler = GANOversampler(
        **fast,
        n_jobs=1,
        soft_labels=True,
        augmentation_ratio=0.5,
        interpolation=0.5,
        random_state=0,
    )
    X_res, y_res = sampler.fit_resample(X, y)
    X_syn, y_syn = X_res[len(X) :], y_res[len(X) :]
    ax = plot_projection(X, y, X_syn, y_syn)
    scatters = _scatters(ax)
    counts = np.bincount(y_syn.argmax(axis=1), minlength=3)
    for c in range(3):
        assert len(scatters[f"{c}: synthetic"]) == counts[c]
    with pytest.raises(ValueError, match="y is a soft-label matrix"):
        plot_projection(X, y_res[: len(X)], X_syn, y_syn.argmax(axis=1))


def test_plot_projection_flattens_sequences():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(20, 8, 1, 2))
    y = np.repeat([0, 1], 10)
    ax = plot_projection(X, y, X[:6] + 0.5, y[:6], ax=_axes()[0])
    scatters = _scatters(ax)
    assert len(scatters["0: real"]) == 10
    assert len(scatters["0: synthetic"]) == 6
    assert "1: synthetic" not in scatters


def test_plot_projection_one_hot_encodes_categories():
    X, y, X_syn, y_syn = _frames()
    ax = plot_projection(X, y, X_syn, y_syn, random_state=0)
    scatters = _scatters(ax)
    assert [len(scatters[k]) for k in ["a: real", "a: synthetic"]] == [30, 20]
    assert np.isfinite(np.vstack(list(scatters.values()))).all()


def test_plot_projection_errors(data, fitted):
    X, y = data
    X_new, y_new = fitted[3], fitted[4]
    with pytest.raises(ValueError, match="X has 120 rows but y has 119"):
        plot_projection(X, y[1:], X_new, y_new)
    with pytest.raises(ValueError, match="different numbers of features"):
        plot_projection(X, y, X_new[:, :3], y_new)
    with pytest.raises(ValueError, match="at least 2 real rows and 2 features"):
        plot_projection(X[:, :1], y, X_new[:, :1], y_new)
    with pytest.raises(ValueError, match="different types"):
        plot_projection(X, y, X_new, y_new.astype(str))
    with pytest.raises(TypeError, match="matplotlib Axes"):
        plot_projection(X, y, X_new, y_new, ax=object())


# ----------------------------------------------------------------------------
# Global state and the demo picture
# ----------------------------------------------------------------------------


def test_no_global_matplotlib_state_changes(data, fitted):
    X, y = data
    sampler, _, _, X_new, y_new = fitted
    rc_before, backend_before = dict(matplotlib.rcParams), matplotlib.get_backend()
    plot_history(sampler)
    plot_marginals(X, y, X_new, y_new, features=[0])
    plot_projection(X, y, X_new, y_new)
    assert dict(matplotlib.rcParams) == rc_before
    assert matplotlib.get_backend() == backend_before


def test_demo_writes_a_png(tmp_path, data, fitted):
    X, y = data
    sampler, X_syn, y_syn = fitted[:3]
    figures_before = plt.get_fignums()
    path = _write_picture(
        tmp_path / "demo.png",
        sampler,
        X,
        y,
        X_syn,
        y_syn,
        features=[0, 3],
        feature_names=[f"column {j}" for j in range(5)],
        class_names=["low", "mid", "high"],
    )
    with open(path, "rb") as file:
        content = file.read()
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(content) > 10_000
    assert plt.get_fignums() == figures_before  # pyplot was not used


# -- plot_images ---------------------------------------------------------------


def _digits_like(n, shape, seed):
    rng = np.random.RandomState(seed)
    return rng.randint(0, 17, (n, *shape)).astype(float), np.arange(n) % 3


@pytest.mark.parametrize("shape", [(8, 8), (8, 8, 1), (5, 6, 3)])
def test_plot_images_a_row_per_class_real_then_synthetic(shape):
    X, y = _digits_like(12, shape, 0)
    X_syn, y_syn = _digits_like(7, shape, 1)
    axes = plot_images(X, y, X_syn, y_syn, n_images=3)
    assert axes.shape == (3, 6)
    # every class has 4 real images; 3, 2 and 2 synthetic ones
    shown = [[len(ax.get_images()) for ax in row] for row in axes]
    assert shown == [[1] * 6, [1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 1, 0]]
    first = np.asarray(axes[0, 0].get_images()[0].get_array())
    if len(shape) == 2:  # grey images are drawn as they are
        np.testing.assert_array_equal(first, X[0])
        synthetic = axes[1, 3].get_images()[0].get_array()
        np.testing.assert_array_equal(synthetic, X_syn[1])
    else:  # one channel squeezed; colour scaled to [0, 1]
        assert first.shape == X[0].squeeze().shape
    assert [ax.get_ylabel() for ax in axes[:, 0]] == ["0", "1", "2"]
    plt.close(axes[0, 0].figure)


def test_plot_images_errors():
    X, y = _digits_like(6, (4, 4), 0)
    with pytest.raises(ValueError, match="must hold grey images"):
        plot_images(X.reshape(6, -1), y, X, y)
    with pytest.raises(ValueError, match="must hold grey images"):
        plot_images(np.repeat(X[..., None], 2, 3), y, X, y)
    with pytest.raises(ValueError, match="they must be the same"):
        plot_images(X, y, X[:, :3], y)
    with pytest.raises(ValueError, match="n_images must be a positive integer"):
        plot_images(X, y, X, y, n_images=0)
    with pytest.raises(ValueError, match="is not a class"):
        plot_images(X, y, X, y, classes=[7])
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="axes must hold 6 Axes"):
        plot_images(X, y, X, y, classes=[0], n_images=3, axes=[ax])
    plt.close(fig)
