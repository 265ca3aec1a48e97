"""Golden values for forecast.rs and excel.rs tests (run: python3 forecast_golden.py > forecast_golden.json).

statsforecast 2.1.1: Naive, SeasonalNaive(12), AutoETS(model='AAA', season_length=12) and
AutoETS(model='AAN') on AirPassengers (statsforecast.utils.AirPassengers).
"""
import json

import numpy as np
from statsforecast.models import AutoETS, Naive, SeasonalNaive
from statsforecast.utils import AirPassengers

y = np.asarray(AirPassengers, dtype=float)

out = {}
for key, model in [("naive", Naive()), ("snaive", SeasonalNaive(season_length=12))]:
    fc = model.forecast(y=y, h=24, level=[95])
    out[key] = {
        "mean": fc["mean"].tolist(),
        "lo95": fc["lo-95"].tolist(),
        "hi95": fc["hi-95"].tolist(),
    }

for key, spec, season in [("aaa", "AAA", 12), ("aan", "AAN", 1)]:
    model = AutoETS(model=spec, season_length=season).fit(y)
    fc = model.predict(h=12, level=[95])
    m = model.model_
    par = m["par"]
    out[key] = {
        "alpha": float(par[0]),
        "beta": float(par[1]),
        "gamma": float(par[2]) if season > 1 else 0.0,
        "mean": fc["mean"].tolist(),
        "lo95": fc["lo-95"].tolist(),
        "hi95": fc["hi-95"].tolist(),
        "fitted": model.predict_in_sample()["fitted"].tolist(),
        "sigma2": float(m["sigma2"]),
        "loglik": float(m["loglik"]),
    }

print(json.dumps(out, indent=1))
