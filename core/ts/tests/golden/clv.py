"""Writes clv.json and cdnow_summary.csv: reference values from `lifetimes` 0.11.3 for aism_ts::clv.

Run with lifetimes==0.11.3 (pip install lifetimes==0.11.3; numpy/scipy/pandas as pip resolves them):
    python clv.py
Data: the CDNOW sample summary shipped by lifetimes (2,357 customers, 39-week calibration, times in
weeks; Fader, Hardie & Lee 2005). The log-likelihoods written are SUMS over customers on the
unscaled data with penalizer_coef=0 (lifetimes' `_negative_log_likelihood_` is a mean on rescaled
time, so it is recomputed here with the fitted parameters).
"""
import json
import os

import numpy as np
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.datasets import load_cdnow_summary_data_with_monetary_value

HERE = os.path.dirname(os.path.abspath(__file__))

d = load_cdnow_summary_data_with_monetary_value()
d.to_csv(os.path.join(HERE, "cdnow_summary.csv"), index=False)
x, t_x, T, m = (d[c].to_numpy(dtype=float) for c in ["frequency", "recency", "T", "monetary_value"])

bg = BetaGeoFitter(penalizer_coef=0.0)
bg.fit(d["frequency"], d["recency"], d["T"], tol=1e-10)
pars = [float(bg.params_[k]) for k in ["r", "alpha", "a", "b"]]
bg_ll = -float(BetaGeoFitter._negative_log_likelihood(np.log(pars), x, t_x, T, np.ones_like(x), 0.0)) * len(x)

rep = d[d["frequency"] > 0]
gg = GammaGammaFitter(penalizer_coef=0.0)
gg.fit(rep["frequency"], rep["monetary_value"], tol=1e-10)
gpars = [float(gg.params_[k]) for k in ["p", "q", "v"]]
xr, mr = rep["frequency"].to_numpy(dtype=float), rep["monetary_value"].to_numpy(dtype=float)
gg_ll = -float(GammaGammaFitter._negative_log_likelihood(np.log(gpars), xr, mr, np.ones_like(xr), 0.0)) * len(xr)

# ~20 customers: zero, low and high frequency, recent and lapsed (row positions, 0-based).
rows = [0, 1, 2, 5, 10, 17, 42, 99, 150, 333, 500, 777, 1000, 1234, 1500, 1800, 2000, 2222, 2356]
rows += [int(i) for i in np.argsort(-x)[:3]]
customers = []
for i in rows:
    xi, ti, Ti, mi = x[i], t_x[i], T[i], m[i]
    c = {
        "row": i,
        "frequency": xi,
        "recency": ti,
        "T": Ti,
        "monetary_value": mi,
        "p_alive": float(bg.conditional_probability_alive(xi, ti, Ti)[0]),
        "expected_39": float(bg.conditional_expected_number_of_purchases_up_to_time(39.0, xi, ti, Ti)),
        "expected_52": float(bg.conditional_expected_number_of_purchases_up_to_time(52.0, xi, ti, Ti)),
    }
    if xi > 0:
        c["expected_spend"] = float(gg.conditional_expected_average_profit(xi, mi))
        sel = d.iloc[[i]]
        for months, rate in [(12, 0.01), (6, 0.0)]:
            v = gg.customer_lifetime_value(
                bg, sel["frequency"], sel["recency"], sel["T"], sel["monetary_value"],
                time=months, discount_rate=rate, freq="W",
            )
            c[f"clv_{months}m_{rate}"] = float(v.iloc[0])
    customers.append(c)

out = {
    "source": "lifetimes 0.11.3 on load_cdnow_summary_data_with_monetary_value (2,357 CDNOW customers, weeks)",
    "bgnbd": {"r": pars[0], "alpha": pars[1], "a": pars[2], "b": pars[3], "log_likelihood": bg_ll},
    "gamma_gamma": {"p": gpars[0], "q": gpars[1], "v": gpars[2], "log_likelihood": gg_ll, "n": len(xr)},
    "clv_freq": "W (4.345 weeks per month)",
    "customers": customers,
}
with open(os.path.join(HERE, "clv.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
