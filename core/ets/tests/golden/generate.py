"""Generate golden reference values for aism-ets from statsforecast 2.1.1 (and scipy).

Run: python3 core/ets/tests/golden/generate.py  (writes ets_golden.json next to this file).
Needs statsforecast 2.1.1, statsmodels, pmdarima, scipy. Python is NOT a CI dependency:
the Rust tests only read the JSON.
"""
import json
import os

import numpy as np
import pmdarima.datasets as pmd
import statsmodels.api as sm
from scipy.stats import norm
from statsforecast.models import AutoETS
from statsforecast.utils import AirPassengers

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ets_golden.json")


def fl(a):
    return [None if (isinstance(v, float) and np.isnan(v)) else float(v) for v in np.asarray(a, dtype=float)]


def model_info(m):
    md = m.model_
    return {
        "components": md["components"],
        "method": md.get("method", ""),
        "loglik": float(md["loglik"]),
        "aicc": float(md["aicc"]),
        "aic": float(md["aic"]),
        "bic": float(md["bic"]),
        "par": fl(md["par"]),
        "sigma2": float(md["sigma2"]),
        "n_params": int(md["n_params"]),
        "last_state": fl(md["states"][-1]),
    }


def mase(train, test, fc, m):
    train = np.asarray(train, float)
    scale = np.mean(np.abs(train[m:] - train[:-m]))
    return float(np.mean(np.abs(np.asarray(test) - np.asarray(fc))) / scale)


ap = np.asarray(AirPassengers, dtype=float)
golden = {"airpassengers": fl(ap)}

# 1. AutoETS on AirPassengers.
auto = AutoETS(season_length=12).fit(ap)
golden["ap_auto"] = model_info(auto)

# 2/4. Forced models with 95 % intervals (h = 24).
forced = {}
for spec in ["ANN", "AAN", "AAA", "MNM", "MAM"]:
    mdl = AutoETS(season_length=12, model=spec).fit(ap)
    fc = mdl.predict(h=24, level=[95])
    info = model_info(mdl)
    info["mean"] = fl(fc["mean"])
    info["lo95"] = fl(fc["lo-95"])
    info["hi95"] = fl(fc["hi-95"])
    forced[spec] = info
golden["ap_forced"] = forced

# 3. Holdout comparison on package-shipped seasonal series.
series = []
co2 = sm.datasets.co2.load_pandas().data["co2"].interpolate().resample("MS").mean().dropna()
el = sm.datasets.elnino.load_pandas().data.iloc[:, 1:].to_numpy().ravel()
for name, y, m, h in [
    ("AirPassengers", ap, 12, 12),
    ("co2_monthly", co2.to_numpy(), 12, 12),
    ("elnino", el, 12, 12),
    ("wineind", pmd.load_wineind(), 12, 12),
    ("woolyrnq", pmd.load_woolyrnq(), 4, 8),
    ("austres", pmd.load_austres(), 4, 8),
]:
    y = np.asarray(y, dtype=float)
    train, test = y[:-h], y[-h:]
    mdl = AutoETS(season_length=m).fit(train)
    fc = mdl.predict(h=h)["mean"]
    series.append({
        "name": name, "period": m, "h": h,
        "train": fl(train), "test": fl(test),
        "sf_mean": fl(fc), "sf_model": mdl.model_["method"],
        "sf_mase": mase(train, test, fc, m),
    })
golden["holdout"] = series

ps = [1e-12, 1e-9, 1e-6, 1e-3, 0.01, 0.02425, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.975, 0.99, 0.999, 1 - 1e-6, 1 - 1e-9]
golden["normal_quantile"] = [[p, float(norm.ppf(p))] for p in ps]

with open(OUT, "w") as f:
    json.dump(golden, f, indent=1)
print("wrote", OUT)
for s in series:
    print(s["name"], s["sf_model"], s["sf_mase"])
