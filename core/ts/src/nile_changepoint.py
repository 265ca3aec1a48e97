"""Generates nile_changepoint.json: the annual Nile flow at Aswan 1871-1970 (statsmodels'
copy of the classic data set) and the published start of the second segment.

Published answer: a single level shift after 1898 (Cobb 1978, Biometrika 65:243; R strucchange
`breakpoints(Nile ~ 1)` reports observation 28 = 1898), so the new segment starts at the
0-based index of 1899, which is 28.
"""
import json
import statsmodels.api as sm

d = sm.datasets.nile.load_pandas().data
years = [int(y) for y in d["year"]]
start = years.index(1899)
with open("nile_changepoint.json", "w") as f:
    json.dump({"years": years, "volume": [float(v) for v in d["volume"]], "breakpoint_start": start}, f)
print(len(years), start)
