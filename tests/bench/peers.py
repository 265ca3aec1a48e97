"""Python peers of `cargo xtask bench`, on the same data as the WASM and native runs:
- forecast730: statsforecast MSTL with an AutoETS trend model (its documented multiple-seasonality
  recipe) on the 730-point daily series, weekly season, same horizon;
- pnl1m: pandas, the 1,000,000-line ledger to a monthly P&L (accounts mapped to lines by a
  dictionary, month × line sums, gross profit, EBIT, net income and margins);
- inventory10k: 10,000 weekly demand series × 104 weeks: Syntetos–Boylan classification (pandas),
  statsforecast CrostonClassic, and safety stock / reorder point from the sample SD (pandas).
Prints {"forecast730": ms, "pnl1m": ms, "inventory10k": ms} (medians). Not a CI dependency."""
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

print(json.dumps(out))
