"""Python peer of `cargo xtask bench`: statsforecast MSTL with an AutoETS trend model (its documented
multiple-seasonality recipe) on the same 730-point daily series, weekly season, same horizon.
Prints {"forecast730": median_ms}. Not a CI dependency: skipped when statsforecast is absent."""
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
print(json.dumps({"forecast730": times[len(times) // 2]}))
