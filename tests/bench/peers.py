"""Python peers of `cargo xtask bench`, on the same data as the WASM and native runs:
- forecast730: statsforecast MSTL with an AutoETS trend model (its documented multiple-seasonality
  recipe) on the 730-point daily series, weekly season, same horizon;
- pnl1m: pandas, the 1,000,000-line ledger to a monthly P&L (accounts mapped to lines by a
  dictionary, month × line sums, gross profit, EBIT, net income and margins);
- inventory10k: 10,000 weekly demand series × 104 weeks: Syntetos–Boylan classification (pandas),
  statsforecast CrostonClassic, and safety stock / reorder point from the sample SD (pandas).
- bgnbd100k, gg100k, clv100k: lifetimes 0.11.3 BetaGeoFitter / GammaGammaFitter fits on the same
  100,000 customer summaries, and summary_data_from_transaction_data + both fits +
  customer_lifetime_value(12 months, 1 % a month, freq "D") on the same orders;
- rfm1m: pandas, 1,000,000 transactions grouped per customer with quintile rank scores.
Prints {"forecast730": ms, …} (medians). Not a CI dependency."""
import json
import sys
import time

import numpy as np
from statsforecast.models import MSTL, AutoETS

spec = json.load(open(sys.argv[1]))
y = np.asarray(spec["series"], dtype=float)
h, m, n = spec["horizon"], spec["season"], spec["iterations"]


def run():
    model = MSTL(season_length=[m], trend_forecaster=AutoETS(model="ZZN"))
    return model.forecast(y=y, h=h, level=[95])


run()  # warm-up: numba compilation
times = []
for _ in range(n):
    t = time.perf_counter()
    run()
    times.append((time.perf_counter() - t) * 1e3)
times.sort()
out = {"forecast730": times[len(times) // 2]}


def median_ms(fn, n):
    fn()
    ts = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t) * 1e3)
    ts.sort()
    return ts[len(ts) // 2]


if "ledger" in spec:
    import pandas as pd

    led = pd.DataFrame(spec["ledger"])
    # The same chart of accounts our classifier reads from numbers and names (tests/bench/cases.mjs).
    LINE = {
        "4000 Product sales": "Revenue", "4100 Service revenue": "Revenue", "Ventas online": "Revenue",
        "5000 Cost of goods sold": "COGS", "5100 Freight in": "COGS",
        "6000 Salaries": "Salaries", "Sueldos y salarios": "Salaries", "6100 Rent": "Rent",
        "6200 Marketing": "Marketing", "Publicidad": "Marketing", "6300 Utilities": "Utilities",
        "6400 Software": "Other opex", "6500 Travel": "Other opex", "7000 Depreciation": "Depreciation",
        "8000 Interest income": "Other income", "8100 Interest expense": "Other expense",
        "9000 Income tax": "Taxes",
    }
    OPEX = ["Salaries", "Rent", "Marketing", "Utilities", "Other opex", "Depreciation"]

    def pnl():
        d = led.copy()
        d["line"] = d["accounts"].map(LINE)
        d["month"] = pd.to_datetime(d["dates"], unit="D", origin="1899-12-30").dt.to_period("M")
        t = d.groupby(["line", "month"])["amounts"].sum().unstack(fill_value=0.0)
        t.loc["Gross profit"] = t.loc["Revenue"] - t.loc["COGS"]
        t.loc["Total opex"] = t.loc[OPEX].sum()
        t.loc["EBIT"] = t.loc["Gross profit"] - t.loc["Total opex"]
        t.loc["Net income"] = t.loc["EBIT"] + t.loc["Other income"] - t.loc["Other expense"] - t.loc["Taxes"]
        for name, line in [("Gross margin", "Gross profit"), ("Operating margin", "EBIT"), ("Net margin", "Net income")]:
            t.loc[name] = t.loc[line] / t.loc["Revenue"]
        return t

    out["pnl1m"] = median_ms(pnl, 5)

if "demand" in spec:
    import pandas as pd
    from statsforecast import StatsForecast
    from statsforecast.models import CrostonClassic
    from scipy.stats import norm

    rows = spec["demand"]
    dem = pd.DataFrame(rows, columns=["unique_id", "serial", "y", "cost"])
    dem["ds"] = pd.to_datetime(dem["serial"], unit="D", origin="1899-12-30")

    def inventory():
        g = dem.groupby("unique_id")["y"]
        nz = dem[dem["y"] > 0].groupby("unique_id")["y"]
        adi = g.size() / nz.size()
        cv2 = (nz.std(ddof=1) / nz.mean()) ** 2
        cls = pd.Series("smooth", index=adi.index)
        cls[(adi < 1.32) & (cv2 >= 0.49)] = "erratic"
        cls[(adi >= 1.32) & (cv2 < 0.49)] = "intermittent"
        cls[(adi >= 1.32) & (cv2 >= 0.49)] = "lumpy"
        sf = StatsForecast(models=[CrostonClassic()], freq="W-MON", n_jobs=1)
        fc = sf.forecast(df=dem[["unique_id", "ds", "y"]], h=4)
        sd = g.std(ddof=1)
        lead = 2.0
        ss = norm.ppf(0.95) * sd * lead ** 0.5
        rop = fc.groupby("unique_id")["CrostonClassic"].first() * lead + ss
        return cls, rop

    out["inventory10k"] = median_ms(inventory, 3)

if "orders" in spec:
    import warnings

    import pandas as pd

    warnings.filterwarnings("ignore")
    from lifetimes import BetaGeoFitter, GammaGammaFitter
    from lifetimes.utils import summary_data_from_transaction_data

    def frame(d):
        f = pd.DataFrame(d)
        f["date"] = pd.to_datetime(f["dates"], unit="D", origin="1899-12-30")
        return f

    tx = frame(spec["orders"]["clv100k"])

    def summary():
        return summary_data_from_transaction_data(tx, "ids", "date", monetary_value_col="amounts", freq="D")

    s = summary()
    rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]

    def bg():
        return BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])

    def gg():
        return GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])

    def clv():
        s = summary()
        rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
        b = BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
        g = GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])
        return g.customer_lifetime_value(
            b, s["frequency"], s["recency"], s["T"], s["monetary_value"], time=12, discount_rate=0.01, freq="D"
        )

    out["bgnbd100k"] = median_ms(bg, 3)
    out["gg100k"] = median_ms(gg, 3)
    out["clv100k"] = median_ms(clv, 3)

    rf = frame(spec["orders"]["rfm1m"])

    def rfm():
        as_of = rf["dates"].max()
        g = rf.groupby("ids").agg(last=("dates", "max"), frequency=("dates", "size"), monetary=("amounts", "sum"))
        g["recency"] = as_of - g["last"]
        n = len(g)
        # Quintile scores by rank (ties share the lowest rank), 5 = best.
        g["r"] = 1 + (5 * (n - g["recency"].rank(method="max")) // n).clip(upper=4)
        g["f"] = 1 + (5 * (g["frequency"].rank(method="min") - 1) // n).clip(upper=4)
        g["m"] = 1 + (5 * (g["monetary"].rank(method="min") - 1) // n).clip(upper=4)
        return g

    out["rfm1m"] = median_ms(rfm, 5)

print(json.dumps(out))
