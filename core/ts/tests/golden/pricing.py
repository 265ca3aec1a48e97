"""Reference values for core/ts/src/pricing.rs: OLS fits by statsmodels.

The data are generated here with a seeded numpy RNG and written into pricing.json together with
statsmodels' OLS results (coefficients, standard errors `bse`, R², residual df), so the Rust
tests need no RNG. The design matrices are built exactly as pricing.rs builds them: constant,
ln price, then (when used) the 0-based position as trend and seasonal dummies for positions
modulo the period (dummy j for j = 1..period-1). Run from this directory:

    pip install statsmodels
    python3 pricing.py   # writes pricing.json next to this file
"""

import importlib.metadata
import json
import os

import numpy as np
import statsmodels.api as sm

rng = np.random.default_rng(20261125)
out = {"source": "statsmodels " + importlib.metadata.version("statsmodels")
       + ", numpy " + importlib.metadata.version("numpy")}


def fit(X, y):
    r = sm.OLS(y, X).fit()
    return {"coef": r.params.tolist(), "se": r.bse.tolist(), "r_squared": float(r.rsquared),
            "df_resid": int(r.df_resid)}


def loglog(prices, quantities, trend=False, season=0):
    used = [(i, p, q) for i, (p, q) in enumerate(zip(prices, quantities)) if p > 0 and q > 0]
    rows = []
    for i, p, _ in used:
        row = [1.0, np.log(p)]
        if trend:
            row.append(float(i))
        if season:
            row += [1.0 if i % season == j else 0.0 for j in range(1, season)]
        rows.append(row)
    y = np.log([q for _, _, q in used])
    return fit(np.array(rows), y)


# 1. Plain constant-elasticity demand: e = -1.8, 40 weeks, prices 8-12.
p = np.round(rng.uniform(8, 12, 40), 2)
q = np.round(500 * p ** -1.8 * 30 * np.exp(rng.normal(0, 0.1, 40)), 1)
out["simple"] = {"prices": p.tolist(), "quantities": q.tolist(), "fit": loglog(p, q)}

# 2. Trend and quarterly season (48 quarters): ln q = 6 - 2.3 ln p + 0.01 t + season + noise.
n = 48
t = np.arange(n)
p = np.round(rng.uniform(4, 7, n), 2)
seas = np.array([0.0, 0.15, -0.1, 0.3])[t % 4]
q = np.round(np.exp(6 - 2.3 * np.log(p) + 0.01 * t + seas + rng.normal(0, 0.05, n)), 2)
out["seasonal"] = {"prices": p.tolist(), "quantities": q.tolist(), "season": 4,
                   "fit": loglog(p, q, trend=True, season=4),
                   "plain": loglog(p, q)}

# 3. Non-positive observations are left out (positions keep their calendar for the trend).
p = np.round(rng.uniform(2, 3, 30), 2)
q = np.round(np.exp(4 - 1.2 * np.log(p) + rng.normal(0, 0.08, 30)), 2)
p[3] = 0.0
q[10] = 0.0
q[17] = -4.0
out["excluded"] = {"prices": p.tolist(), "quantities": q.tolist(), "excluded": 3,
                   "fit": loglog(p, q), "trend_fit": loglog(p, q, trend=True)}

# 4. Linear demand q = 200 - 12 p + noise.
p = np.round(rng.uniform(5, 12, 25), 2)
q = np.round(200 - 12 * p + rng.normal(0, 4, 25), 1)
out["linear"] = {"prices": p.tolist(), "quantities": q.tolist(),
                 "fit": fit(np.column_stack([np.ones(len(p)), p]), q)}

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pricing.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
