"""Writes cdnow_transactions.csv and clv_transactions.json: reference values from `lifetimes`
0.11.3 for AISM.CLV (aism_core::customers::fns::clv_table), which works from transactions.

Run with lifetimes==0.11.3 (and setuptools<81 for its pkg_resources import); fits tol=1e-8
(1e-10 ends in scipy's "precision loss" with the gradient already ~1e-9):
    python clv_transactions.py
Data: CDNOW_sample.txt shipped by lifetimes (Fader, Hardie & Lee 2005; 2,357 customers, their
purchases from 1997-01-01 to 1998-06-30). Calibration end 1997-09-30 (39 weeks), daily
frequency (freq="D", 30 days a month in the CLV), as AISM.CLV does. Transactions after the
calibration end stay in the CSV: AISM.CLV must leave them out itself.
Gamma-Gamma is fitted on the customers with frequency > 0 and monetary_value > 0 (AISM.CLV's
rule); customers with frequency > 0 and a mean repeat value <= 0 would be valued at the
population mean spend (there are none in this sample; the script checks).
"""
import json
import os
import warnings

warnings.filterwarnings("ignore")
import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data
import lifetimes.datasets as ds

HERE = os.path.dirname(os.path.abspath(__file__))
raw = pd.read_csv(
    os.path.join(os.path.dirname(ds.__file__), "CDNOW_sample.txt"),
    sep=r"\s+",
    header=None,
    names=["master", "id", "date", "qty", "amount"],
    dtype={"id": str, "date": str},
)
raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
out_csv = raw[["id", "date", "amount"]].copy()
out_csv["date"] = out_csv["date"].dt.strftime("%Y-%m-%d")
out_csv.to_csv(os.path.join(HERE, "cdnow_transactions.csv"), index=False)

END = "1997-09-30"
s = summary_data_from_transaction_data(
    raw, "id", "date", monetary_value_col="amount", observation_period_end=END, freq="D"
)
bg = BetaGeoFitter(penalizer_coef=0.0)
bg.fit(s["frequency"], s["recency"], s["T"], tol=1e-8)
rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
assert len(rep) == int((s["frequency"] > 0).sum()), "a repeat buyer with monetary <= 0"
gg = GammaGammaFitter(penalizer_coef=0.0)
gg.fit(rep["frequency"], rep["monetary_value"], tol=1e-8)
H = 12
clv = gg.customer_lifetime_value(
    bg, s["frequency"], s["recency"], s["T"], s["monetary_value"], time=H, discount_rate=0.01, freq="D"
)
p_alive = bg.conditional_probability_alive(s["frequency"], s["recency"], s["T"])
exp_p = bg.conditional_expected_number_of_purchases_up_to_time(H * 30, s["frequency"], s["recency"], s["T"])
spend = gg.conditional_expected_average_profit(s["frequency"], s["monetary_value"])
pick = ["0001", "0002", "0004", "0018", "0120", "1029", "2356"]
pick = [c for c in pick if c in s.index]
customers = {
    c: {
        "frequency": float(s.loc[c, "frequency"]),
        "recency": float(s.loc[c, "recency"]),
        "T": float(s.loc[c, "T"]),
        "p_alive": float(p_alive[s.index.get_loc(c)]),
        "expected_purchases": float(exp_p.loc[c]),
        "expected_value": float(spend.loc[c]),
        "clv": float(clv.loc[c]),
    }
    for c in pick
}
out = {
    "as_of": END,
    "horizon_months": H,
    "monthly_discount": 0.01,
    "customers_in_summary": int(len(s)),
    "bgnbd": {k: float(bg.params_[k]) for k in ["r", "alpha", "a", "b"]},
    "gamma_gamma": {k: float(gg.params_[k]) for k in ["p", "q", "v"]},
    "clv_sum": float(clv.sum()),
    "customers": customers,
}
with open(os.path.join(HERE, "clv_transactions.json"), "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps({k: v for k, v in out.items() if k != "customers"}, indent=1))
