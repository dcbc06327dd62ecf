"""The classifiers bench_eeg.py trains on real + synthetic trials.

- ``cnn``: a compact ShallowConvNet (Schirrmeister et al. 2017) in torch: a
  temporal convolution, a spatial convolution across all channels, batch
  norm, squaring, average pooling, log, dropout and a linear layer; trained
  with Adam for a fixed number of epochs on the cross-entropy against soft
  targets (so soft labels are used as they are), seeded.
- ``riemann``: pyriemann's covariance matrices (OAS shrinkage), their tangent
  space and a logistic regression; a soft-labelled trial becomes one row per
  class with a non-zero probability, weighted by it.

Both take trials (n, time, channels) and soft labels (n, n_classes) and
return predicted class codes for the test trials.
"""

import functools

import numpy as np


@functools.cache
def _shallow_net_class():
    """The ShallowConvNet module class (torch is imported when a CNN is
    trained, so that ``bench_eeg.py --help`` does not import it)."""
    import torch
    from torch import nn

    class ShallowNet(nn.Module):
        def __init__(self, n_steps, n_channels, n_classes, n_filters=20):
            super().__init__()
            kernel = max(3, n_steps // 16)
            pool, stride = max(3, n_steps // 8), max(1, n_steps // 32)
            self.temporal = nn.Conv2d(1, n_filters, (kernel, 1))
            self.spatial = nn.Conv2d(n_filters, n_filters, (1, n_channels), bias=False)
            self.norm = nn.BatchNorm2d(n_filters)
            self.pool = nn.AvgPool2d((pool, 1), (stride, 1))
            self.drop = nn.Dropout(0.5)
            n_out = (n_steps - kernel + 1 - pool) // stride + 1
            self.linear = nn.Linear(n_filters * n_out, n_classes)

        def forward(self, x):  # (batch, time, channels)
            h = self.norm(self.spatial(self.temporal(x[:, None])))
            h = torch.log(torch.clamp(self.pool(h * h), min=1e-6))
            return self.linear(self.drop(h).flatten(1))

    return ShallowNet


def cnn(X, Y, X_test, seed, epochs=150, batch_size=16):
    import torch

    ShallowNet = _shallow_net_class()
    X = torch.as_tensor(X, dtype=torch.float32)
    Y = torch.as_tensor(Y, dtype=torch.float32)
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model = ShallowNet(X.shape[1], X.shape[2], Y.shape[1])
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        generator = torch.Generator().manual_seed(seed)
        model.train()
        for _ in range(epochs):
            order = torch.randperm(len(X), generator=generator)
            for start in range(0, len(X), batch_size):
                index = order[start : start + batch_size]
                if len(index) < 2:  # batch norm needs two trials
                    continue
                log_p = torch.log_softmax(model(X[index]), dim=1)
                loss = -(Y[index] * log_p).sum(dim=1).mean()
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
        model.eval()
        with torch.no_grad():
            scores = model(torch.as_tensor(X_test, dtype=torch.float32))
    return scores.argmax(dim=1).numpy()


def riemann(X, Y, X_test, seed):
    from pyriemann.estimation import Covariances
    from pyriemann.tangentspace import TangentSpace
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    rows, classes = np.nonzero(Y > 0)
    weights = Y[rows, classes]
    model = make_pipeline(
        Covariances(estimator="oas"),
        TangentSpace(metric="riemann"),
        LogisticRegression(max_iter=1000, random_state=seed),
    )
    trials = X.transpose(0, 2, 1)  # pyriemann reads (n, channels, time)
    model.fit(trials[rows], classes, logisticregression__sample_weight=weights)
    return model.predict(X_test.transpose(0, 2, 1))


CLASSIFIERS = {"cnn": cnn, "riemann": riemann}
