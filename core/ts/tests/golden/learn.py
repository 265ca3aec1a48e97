"""Writes learn.json: reference values from scikit-learn for aism_ts::learn.

Run with scikit-learn (tested with the version pip resolves on Python 3.11; the numbers below are
deterministic for a given data set):
    python learn.py
The data are drawn here with numpy's seeded generator and written into the JSON, so the Rust
tests run on exactly the same numbers.
- kmeans: KMeans(init=<the first k rows>, n_init=1, algorithm="lloyd", tol=0) labels and inertia;
- silhouette: silhouette_score(X, labels) for those labels;
- logistic: LogisticRegression(C=0.5, solver="newton-cg", tol=1e-12) on standardised features
  (objective C·Σ log-loss + ½‖w‖², i.e. λ = 1/C = 2 in aism_ts::learn::Logistic::fit);
- churn: AISM.CHURN end to end: raw features standardised with the sample SD, then
  LogisticRegression(C=1, newton-cg);
- auc: roc_auc_score on scores with ties.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score, silhouette_score

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261125)

# Three blobs in 3 dimensions, 150 rows.
centres = np.array([[0.0, 0.0, 0.0], [4.0, 1.0, -2.0], [1.0, 5.0, 3.0]])
X = np.vstack([c + rng.normal(size=(50, 3)) for c in centres])
X = X[rng.permutation(len(X))]
k = 3
km = KMeans(n_clusters=k, init=X[:k], n_init=1, algorithm="lloyd", tol=0.0, max_iter=300).fit(X)
sil = float(silhouette_score(X, km.labels_))
sil4 = float(silhouette_score(X, np.arange(len(X)) % 4))

# Logistic regression: 400 rows, 3 features, labels from a known logit.
Z = rng.normal(size=(400, 3))
logit = -0.5 + 1.2 * Z[:, 0] - 0.8 * Z[:, 1] + 0.1 * Z[:, 2]
y = (rng.uniform(size=400) < 1 / (1 + np.exp(-logit))).astype(float)
lr = LogisticRegression(C=0.5, solver="newton-cg", tol=1e-12, max_iter=10000).fit(Z, y)
p = lr.predict_proba(Z)[:, 1]

# AISM.CHURN end to end: raw features on different scales, standardised with the sample SD
# (ddof=1), then LogisticRegression(C=1).
R = np.column_stack([
    rng.integers(0, 365, size=120).astype(float),  # recency in days
    rng.poisson(3, size=120).astype(float),  # orders
    np.round(rng.gamma(2.0, 50.0, size=120), 2),  # spend
])
churn_logit = -0.2 + 0.012 * (R[:, 0] - 180) - 0.4 * (R[:, 1] - 3)
cy = (rng.uniform(size=120) < 1 / (1 + np.exp(-churn_logit))).astype(float)
Rz = (R - R.mean(axis=0)) / R.std(axis=0, ddof=1)
clf = LogisticRegression(C=1.0, solver="newton-cg", tol=1e-12, max_iter=10000).fit(Rz, cy)
S = np.array([[10.0, 8.0, 400.0], [300.0, 1.0, 20.0]])
churn_p = clf.predict_proba((S - R.mean(axis=0)) / R.std(axis=0, ddof=1))[:, 1]

scores = np.round(rng.uniform(size=200), 1)  # many ties
labels = (rng.uniform(size=200) < scores).astype(float)
auc = float(roc_auc_score(labels, scores))

out = {
    "sklearn": sklearn.__version__,
    "kmeans": {
        "X": X.tolist(),
        "k": k,
        "labels": km.labels_.tolist(),
        "inertia": float(km.inertia_),
        "centers": km.cluster_centers_.tolist(),
        "silhouette": sil,
        "silhouette_mod4": sil4,
    },
    "logistic": {
        "X": Z.tolist(),
        "y": y.tolist(),
        "lambda": 1 / 0.5,
        "intercept": float(lr.intercept_[0]),
        "coef": lr.coef_[0].tolist(),
        "p_first5": p[:5].tolist(),
    },
    "churn": {
        "X": R.tolist(),
        "y": cy.tolist(),
        "p_train_first5": clf.predict_proba(Rz)[:5, 1].tolist(),
        "score": S.tolist(),
        "p_score": churn_p.tolist(),
    },
    "auc": {"scores": scores.tolist(), "labels": labels.tolist(), "auc": auc},
}
with open(os.path.join(HERE, "learn.json"), "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps({k: v for k, v in out["kmeans"].items() if k not in ("X", "labels", "centers")}))
print(out["logistic"]["intercept"], out["logistic"]["coef"], auc)
