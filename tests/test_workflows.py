"""Whole workflows, written as scikit-learn users write them."""

import subprocess
import sys
import textwrap

import joblib
import numpy as np
import pytest
from imblearn.pipeline import make_pipeline
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score

from skgan import GANOversampler
from tests.conftest import same_threads_env


def _pipeline(fast):
    return make_pipeline(
        GANOversampler(random_state=0, **fast), LogisticRegression(max_iter=500)
    )


def test_pipeline_fit_predict(fast, imbalanced):
    X, y = imbalanced
    pipe = _pipeline(fast).fit(X, y)
    assert pipe.predict(X).shape == y.shape
    assert pipe.score(X, y) > 0.8  # the classes are well separated


@pytest.mark.slow
def test_grid_search_over_ratio_and_strategy(fast, imbalanced):
    X, y = imbalanced
    search = GridSearchCV(
        _pipeline(fast),
        {
            "ganoversampler__augmentation_ratio": [0.0, 0.5],
            "ganoversampler__sampling_strategy": ["auto", "minority"],
        },
        cv=StratifiedKFold(3, shuffle=True, random_state=0),
        scoring="balanced_accuracy",
    )
    search.fit(X, y)
    assert len(search.cv_results_["params"]) == 4
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.best_estimator_.predict(X).shape == y.shape


def test_cross_val_score_in_parallel_matches_sequential(fast, imbalanced):
    X, y = imbalanced
    scores = [
        cross_val_score(
            _pipeline(fast),
            X,
            y,
            cv=StratifiedKFold(2, shuffle=True, random_state=0),
            scoring="balanced_accuracy",
            n_jobs=n_jobs,
        )
        for n_jobs in (1, 2)
    ]
    assert scores[0].shape == (2,) and np.isfinite(scores[0]).all()
    np.testing.assert_array_equal(scores[0], scores[1])


def test_cloned_sampler_gives_the_same_rows(fast, imbalanced):
    X, y = imbalanced
    sampler = GANOversampler(random_state=3, **fast)
    a, _ = sampler.fit_resample(X, y)
    b, _ = clone(sampler).fit_resample(X, y)
    np.testing.assert_array_equal(a, b)


_LOAD_AND_SAMPLE = textwrap.dedent(
    """
    import sys, joblib, numpy as np
    obj = joblib.load(sys.argv[1])
    sampler = obj.steps[0][1] if hasattr(obj, "steps") else obj
    X_new, y_new = sampler.sample(25, y=2, random_state=11)
    np.save(sys.argv[2], X_new)
    if hasattr(obj, "steps"):
        np.save(sys.argv[3], obj.predict(np.load(sys.argv[4])))
    """
)


@pytest.mark.parametrize("kind", ["sampler", "pipeline"])
@pytest.mark.slow
def test_joblib_round_trip_in_a_fresh_process(fast, imbalanced, tmp_path, kind):
    X, y = imbalanced
    if kind == "sampler":
        obj = GANOversampler(random_state=0, **fast).fit(X, y)
        sampler = obj
    else:
        obj = _pipeline(fast).fit(X, y)
        sampler = obj.steps[0][1]
    path = tmp_path / "model.joblib"
    joblib.dump(obj, path)
    np.save(tmp_path / "X.npy", X)
    subprocess.run(
        [
            sys.executable,
            "-c",
            _LOAD_AND_SAMPLE,
            str(path),
            str(tmp_path / "sample.npy"),
            str(tmp_path / "pred.npy"),
            str(tmp_path / "X.npy"),
        ],
        check=True,
        env=same_threads_env(),
    )
    expected, _ = sampler.sample(25, y=2, random_state=11)
    np.testing.assert_array_equal(np.load(tmp_path / "sample.npy"), expected)
    if kind == "pipeline":
        np.testing.assert_array_equal(np.load(tmp_path / "pred.npy"), obj.predict(X))


def test_dataframe_and_series_round_trip(fast):
    pd = pytest.importorskip("pandas")
    rng = np.random.RandomState(0)
    n = 90
    X = pd.DataFrame(
        {
            "age": rng.randint(18, 90, n),
            "income": rng.lognormal(10, 1, n),
            "score": rng.normal(size=n).astype(np.float32),
        },
        index=pd.Index([f"row{i}" for i in range(n)], name="id"),
    )
    y = pd.Series(np.repeat(["no", "yes"], [70, 20]), index=X.index, name="churn")
    X_res, y_res = GANOversampler(random_state=0, **fast).fit_resample(X, y)
    assert list(X_res.columns) == list(X.columns)
    assert X_res.dtypes.equals(X.dtypes)
    pd.testing.assert_frame_equal(X_res.iloc[:n], X)
    assert X_res.index[n:].tolist() == [f"synthetic_{i}" for i in range(50)]
    assert y_res.name == "churn" and y_res.dtype == y.dtype
    assert y_res.index.equals(X_res.index)
    pd.testing.assert_series_equal(y_res.iloc[:n], y)
    assert (y_res.iloc[n:] == "yes").all()
    synthetic = X_res.iloc[n:]
    assert (synthetic["age"] >= 18).all() and (synthetic["age"] <= 89).all()
    assert not synthetic.isna().any().any()


def test_dataframe_integer_index_continues(fast, imbalanced):
    pd = pytest.importorskip("pandas")
    X, y = imbalanced
    frame = pd.DataFrame(X, columns=list("abcde"), index=np.arange(1000, 1120))
    sampler = GANOversampler(random_state=0, **fast)
    X_res, y_res = sampler.fit_resample(frame, y)
    assert X_res.index.tolist() == list(range(1000, 1240))
    assert isinstance(y_res, np.ndarray)
    np.testing.assert_array_equal(sampler.feature_names_in_, list("abcde"))
    X_new, _ = sampler.sample(4, y=1, random_state=0)
    assert isinstance(X_new, pd.DataFrame) and list(X_new.columns) == list("abcde")


def test_fit_uses_n_jobs_threads_and_restores_torch(fast, imbalanced, monkeypatch):
    import torch

    import skgan._fitting

    X, y = imbalanced
    seen = []
    train = skgan._fitting.train_gan

    def recording_train(*args, **kwargs):
        seen.append(torch.get_num_threads())
        return train(*args, **kwargs)

    monkeypatch.setattr(skgan._fitting, "train_gan", recording_train)
    before = torch.get_num_threads()
    sampler = GANOversampler(n_jobs=1, random_state=0, **fast)
    X_res, _ = sampler.fit_resample(X, y)
    assert seen == [1] and sampler.n_threads_ == 1
    assert torch.get_num_threads() == before
    # the number of threads does not change what is learned beyond rounding
    other = GANOversampler(n_jobs=2, random_state=0, **fast).fit_resample(X, y)[0]
    np.testing.assert_allclose(X_res, other, rtol=1e-3, atol=1e-3)
    assert torch.get_num_threads() == before


def test_parallel_grid_search_does_not_oversubscribe(fast, imbalanced):
    """GridSearchCV(n_jobs=2): joblib's worker processes get a share of the
    cores each, and the sampler's fits keep to it."""
    from joblib import cpu_count

    X, y = imbalanced

    def threads_used(pipe, X_test, y_test):
        return pipe.named_steps["ganoversampler"].n_threads_

    search = GridSearchCV(
        _pipeline(fast),
        {"ganoversampler__augmentation_ratio": [0.0, 0.5]},
        cv=StratifiedKFold(2, shuffle=True, random_state=0),
        scoring=threads_used,
        n_jobs=2,
    ).fit(X, y)
    used = search.cv_results_["mean_test_score"]
    assert (used >= 1).all()
    assert (used * 2 <= max(2, cpu_count())).all()


def test_fits_in_two_threads_equal_fits_one_after_the_other(fast, imbalanced):
    """Weight initialisation seeds torch's process-wide generator under a lock;
    training draws only from each fit's own generator."""
    import threading

    import torch

    X, y = imbalanced
    params = dict(fast, max_steps=40, n_jobs=1)

    def fit(seed, out):
        sampler = GANOversampler(random_state=seed, **params)
        out[seed] = sampler.fit_resample(X, y)[0]

    one_by_one, together = {}, {}
    for seed in (0, 1):
        fit(seed, one_by_one)
    state = torch.get_rng_state()
    threads = [threading.Thread(target=fit, args=(s, together)) for s in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for seed in (0, 1):
        np.testing.assert_array_equal(together[seed], one_by_one[seed])
    assert torch.equal(torch.get_rng_state(), state)  # global state untouched


def _guide_block(containing):
    """The user guide's Python code block that contains ``containing``."""
    from pathlib import Path

    text = (Path(__file__).parents[1] / "docs" / "user_guide.rst").read_text()
    for block in text.split(".. code-block:: python\n")[1:]:
        lines = []
        for line in block.splitlines():
            if line and not line.startswith(" "):
                break
            lines.append(line)
        code = textwrap.dedent("\n".join(lines))
        if containing in code:
            return code
    raise AssertionError(f"no code block of the user guide contains {containing!r}")


def test_user_guide_gan_and_classic_recipe(fast):
    """The guide's recipe, run as written: GAN trials and time-masked copies
    behind the real trials, only in the training folds of a pipeline."""
    from sklearn.model_selection import cross_val_score
    from sklearn.preprocessing import FunctionTransformer

    rng = np.random.RandomState(0)
    y = np.repeat([0, 1], 20)
    X = rng.normal(size=(40, 30, 2)) + y[:, None, None]
    flat = FunctionTransformer(lambda X: X.reshape(len(X), -1))
    namespace = {"classifier": make_pipeline(flat, LogisticRegression())}
    exec(_guide_block("def gan_and_classic"), namespace)
    sampler, pipe = namespace["sampler"], namespace["pipe"]
    sampler.set_params(kw_args={**sampler.kw_args, **fast})  # as the guide, smaller

    X_res, y_res = sampler.fit_resample(X, y)
    assert len(X_res) == len(y_res) == 2 * len(X)  # ratio 1: half GAN, half masked
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(X)], y)
    gan, masked = X_res[len(X) : 60], X_res[60:]
    assert np.isfinite(gan).all() and not np.isin(gan, X).all()
    zeroed = (masked == 0.0).all(axis=2).sum(axis=1)
    np.testing.assert_array_equal(zeroed, 30 // 5)  # one window of 6 steps each
    scores = cross_val_score(pipe, X, y, cv=2)
    assert scores.mean() > 0.8  # the classes are a whole unit apart

    exec(_guide_block("def fill_with_gan_and"), namespace)  # the long-tail fill
    long_tail = namespace["long_tail"]
    long_tail.set_params(kw_args={**long_tail.kw_args, **fast})
    y_tail = np.repeat([0, 1, 2], [20, 9, 5])
    X_tail = X[: len(y_tail)] + y_tail[:, None, None]
    X_res, y_res = long_tail.fit_resample(X_tail, y_tail)
    np.testing.assert_array_equal(np.bincount(y_res), [20, 20, 20])
    np.testing.assert_array_equal(X_res[: len(y_tail)], X_tail)
    n_gan = len(y_tail) + 5 + 7  # half of the shortfalls 11 and 15, rounded down
    assert not np.isin(X_res[len(y_tail) : n_gan], X_tail).all()
    for row, label in zip(X_res[n_gan:], y_res[n_gan:]):  # 6 and 8 copies
        assert any(np.array_equal(row, x) for x in X_tail[y_tail == label])
    np.testing.assert_array_equal(y_res[n_gan:], np.repeat([1, 2], [6, 8]))

    exec(_guide_block("functionsampler__kw_args"), namespace)  # the search
    candidates = namespace["search"].param_grid["functionsampler__kw_args"]
    assert len(candidates) == 4
    pipe.set_params(functionsampler__kw_args={**candidates[1], **fast})
    assert len(pipe.fit(X, y).predict(X)) == len(X)  # a candidate fits
