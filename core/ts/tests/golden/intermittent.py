"""Golden values for core/ts/src/intermittent.rs.

Run from this directory:  python3 intermittent.py > intermittent_golden.json

Reference implementation: statsforecast 2.1.1 (Nixtla), models CrostonClassic(),
CrostonSBA() and TSB(alpha_d=0.2, alpha_p=0.1), `forecast(y, h=3, fitted=True)`.
The ADI / CV^2 columns are a numpy cross-check of the classification (ADI = mean of the
inter-demand intervals, first interval counted from the start of the series; CV^2 with the
sample variance, ddof=1), not statsforecast output.

Series sources: all series are synthetic and fully deterministic. They are produced by the
small linear congruential generator below (Numerical Recipes constants), so they do not
depend on numpy's random generator across versions. No public intermittent data set ships
with statsforecast 2.1.1 (its utils only contain AirPassengers), so none is used here.
"""
import json
import math

import numpy as np
import statsforecast
from statsforecast.models import TSB, CrostonClassic, CrostonSBA

assert statsforecast.__version__ == "2.1.1", statsforecast.__version__


class Lcg:
    """32-bit linear congruential generator: x <- (1664525 x + 1013904223) mod 2^32."""

    def __init__(self, seed):
        self.state = seed % 2**32

    def uniform(self):
        self.state = (1664525 * self.state + 1013904223) % 2**32
        return self.state / 2**32


def series(seed, n, p_demand, low, high, skew=1):
    """n periods; each has demand with probability p_demand, size an integer in [low, high].

    The size is low + floor(u**skew * (high - low + 1)) for u uniform on [0, 1): skew=1 gives
    uniform sizes, larger skew gives many small and a few large sizes (high CV^2).
    """
    g = Lcg(seed)
    out = []
    for _ in range(n):
        has = g.uniform() < p_demand
        size = low + math.floor(g.uniform() ** skew * (high - low + 1))
        out.append(float(size) if has else 0.0)
    return out


SERIES = {
    # name: values
    "intermittent_60": series(11, 60, 0.30, 1, 5),
    "lumpy_104": series(23, 104, 0.25, 1, 60, skew=4),
    "smooth_52": series(37, 52, 0.95, 8, 12),
    "erratic_48": series(41, 48, 0.90, 1, 40, skew=4),
    "sparse_fractional_36": [v * 0.37 for v in series(53, 36, 0.15, 1, 9)],
    # hand-sized example; also used by the unit tests
    "hand_9": [0.0, 0.0, 3.0, 0.0, 0.0, 0.0, 5.0, 0.0, 2.0],
    # a single demand period, then zeros (edge case of the smoothing initialisation)
    "single_demand_6": [0.0, 0.0, 0.0, 7.0, 0.0, 0.0],
}


def clean(values):
    return [None if (isinstance(v, float) and math.isnan(v)) else float(v) for v in values]


def classification(y):
    y = np.asarray(y)
    idx = np.nonzero(y)[0]
    if idx.size < 2:
        return None
    intervals = np.diff(idx + 1, prepend=0)
    sizes = y[idx]
    return {
        "adi": float(intervals.mean()),
        "cv2": float(sizes.var(ddof=1) / sizes.mean() ** 2),
    }


out = {}
for name, values in SERIES.items():
    y = np.asarray(values, dtype=float)
    entry = {"y": values}
    for key, model in [
        ("croston", CrostonClassic()),
        ("sba", CrostonSBA()),
        ("tsb", TSB(alpha_d=0.2, alpha_p=0.1)),
    ]:
        fc = model.forecast(y=y, h=3, fitted=True)
        entry[key] = {"mean": clean(fc["mean"]), "fitted": clean(fc["fitted"])}
    entry["class"] = classification(values)
    out[name] = entry

print(json.dumps(out, indent=1))
