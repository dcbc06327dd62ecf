"""
Mixed numeric and categorical columns in a DataFrame
====================================================

A DataFrame goes in as it is: ``category``, ``object``, ``string`` and
``bool`` columns are categorical by default, every other column numeric. The
synthetic rows come back as a DataFrame with the same columns and dtypes;
each class's synthetic rows hold only categories that class had in training,
and numeric values stay inside the class's training range.
"""

# %%
# A small customer table with a rare class
# ----------------------------------------
import numpy as np
import pandas as pd

rng = np.random.RandomState(0)
n = 800
churn = rng.rand(n) < 0.12
plan = np.where(
    churn,
    rng.choice(["basic", "plus"], n, p=[0.8, 0.2]),
    rng.choice(["basic", "plus", "pro"], n, p=[0.4, 0.4, 0.2]),
)
X = pd.DataFrame(
    {
        "tenure_months": np.where(churn, rng.gamma(1.5, 4, n), rng.gamma(4, 8, n))
        .round()
        .astype(int),
        "monthly_spend": np.where(
            churn, rng.lognormal(3.0, 0.3, n), rng.lognormal(3.6, 0.4, n)
        ),
        "plan": pd.Categorical(plan),
        "paperless": rng.rand(n) < np.where(churn, 0.8, 0.5),
    }
)
y = pd.Series(np.where(churn, "churn", "stay"), name="status")
print(X.dtypes)
print(y.value_counts())

# %%
# Resample: the real rows first, then synthetic ones
# --------------------------------------------------
from skgan import GANOversampler

sampler = GANOversampler(random_state=0)
X_res, y_res = sampler.fit_resample(X, y)
print(y_res.value_counts())
print(X_res.dtypes.equals(X.dtypes), X_res.iloc[: len(X)].equals(X))
X_syn, y_syn = X_res.iloc[len(X) :], y_res.iloc[len(X) :]
X_syn.head()

# %%
# Real against synthetic, column by column
# ----------------------------------------
# Only the minority class got synthetic rows (``sampling_strategy="auto"``
# balances the classes). Draw a fresh sample of both classes from the fitted
# generator to compare each class with its real rows.
from skgan.plotting import plot_marginals

X_new, y_new = sampler.sample(1000, random_state=0)
axes = plot_marginals(X, y, X_new, y_new)
axes.flat[0].figure.tight_layout()
