"""The GAN learns: synthetic rows look like their class (default networks)."""

import numpy as np
from sklearn.linear_model import LogisticRegression

from skgan import GANOversampler


def test_synthetic_rows_land_in_their_class():
    rng = np.random.RandomState(0)
    means = np.array([[0, 0, 0, 0], [6, 6, 0, 0], [0, 6, 6, -6]], dtype=float)
    counts = [300, 60, 15]  # the smallest class must be learned as well
    X = np.vstack([rng.normal(m, 1.0, (n, 4)) for m, n in zip(means, counts)])
    y = np.repeat([0, 1, 2], counts)
    classifier = LogisticRegression().fit(X, y)

    sampler = GANOversampler(max_steps=400, random_state=0).fit(X, y)
    for c in range(3):
        X_new, _ = sampler.sample(1000, y=c, random_state=0)
        assert np.mean(classifier.predict(X_new) == c) >= 0.95
        real = X[y == c]
        # each synthetic class mean within half a standard deviation
        assert np.abs(X_new.mean(axis=0) - real.mean(axis=0)).max() < 0.5
        # spread neither collapsed nor blown up
        ratio = X_new.std(axis=0) / real.std(axis=0)
        assert (ratio > 0.4).all() and (ratio < 2.5).all(), ratio
