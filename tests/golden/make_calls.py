"""Writes tests/golden/calls.json: registry calls compared between WASM (Node) and native
`addin-server call` by tests/node/wasm.test.mjs. Inputs only: the expected numbers are whatever the
native build returns; the test checks both builds agree to 1e-9 relative and that errors match.
AirPassengers: Box & Jenkins (1976), series G, monthly 1949-1960."""
import json
import random
from datetime import date, timedelta
import math
from pathlib import Path

AIR = [112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170,
       158, 133, 114, 140, 145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166, 171, 180, 193, 181,
       183, 218, 230, 242, 209, 191, 172, 194, 196, 196, 236, 235, 229, 243, 264, 272, 237, 211, 180, 201,
       204, 188, 235, 227, 234, 264, 302, 293, 259, 229, 203, 229, 242, 233, 267, 269, 270, 315, 364, 347,
       312, 274, 237, 278, 284, 277, 317, 313, 318, 374, 413, 405, 355, 306, 271, 306, 315, 301, 356, 348,
       355, 422, 465, 467, 404, 347, 305, 336, 340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337,
       360, 342, 406, 396, 420, 472, 548, 559, 463, 407, 362, 405, 417, 391, 419, 461, 472, 535, 622, 606,
       508, 461, 390, 432]
col = lambda xs: [[x] for x in xs]
# Monthly timeline as Excel serials: 1949-01-01 is serial 17899; use ISO strings to exercise parsing too.
months = [f"{1949 + i // 12}-{i % 12 + 1:02d}-01" for i in range(len(AIR))]
daily = [round(1000 + 0.5 * i + 300 * math.sin(2 * math.pi * i / 7) + (90 if i == 200 else 0), 3) for i in range(400)]
days = [45000 + i for i in range(400)]
# Demand per period (safety-stock golden case) and an intermittent history (demand every 2-4 periods).
DEMAND = [12, 15, 9, 14, 11, 17, 10, 13, 16, 12]
# Weekly prices 8-12 and units q = 5000·p^-2·(1 + 0.05·sin(week)) (pricing cases).
PRICES = [round(8 + 4 * ((i * 7) % 13) / 12, 2) for i in range(26)]
PRICE_QTY = [round(5000 * p ** -2 * (1 + 0.05 * math.sin(i)), 1) for i, p in enumerate(PRICES)]
# Customers: the first 300 CDNOW customers (summary shipped by lifetimes 0.11.3; frequency, recency
# and T in weeks, mean repeat spend), from core/ts/tests/golden/cdnow_summary.csv.
_cd = [[float(v) for v in line.split(",")] for line in
       (Path(__file__).parent.parent.parent / "core/ts/tests/golden/cdnow_summary.csv").read_text().split("\n")[1:301]]
CD_X, CD_T, CD_AGE, CD_M = ([r[k] for r in _cd] for k in range(4))
INTERMITTENT = [0, 0, 3, 0, 0, 0, 5, 0, 2, 0, 4, 0, 0, 3, 0, 0, 0, 4, 0, 3, 0, 0, 5, 0]

# P&L ledger known by construction: 24 months from 2023-01 (m = 0..23): "4000 Sales" 1000 + 10m,
# "5000 Cost of goods" 400 + 4m, "6100 Salaries" 200, "Alquiler" 100, "Marketing" 50 + m,
# "9000 Income tax" 30, "1000 Cash" 999 (balance sheet, left out), "Misc stuff" 7 (unclassified).
pnl_rows = []
for m in range(24):
    d = f"{2023 + m // 12}-{m % 12 + 1:02d}-15"
    for acc, amt in [("4000 Sales", 1000 + 10 * m), ("5000 Cost of goods", 400 + 4 * m), ("6100 Salaries", 200),
                     ("Alquiler", 100), ("Marketing", 50 + m), ("9000 Income tax", 30), ("1000 Cash", 999),
                     ("Misc stuff", 7)]:
        pnl_rows.append((d, acc, amt))
pnl_d = col([r[0] for r in pnl_rows])
pnl_a = col([r[1] for r in pnl_rows])
pnl_x = col([r[2] for r in pnl_rows])
pnl_neg = col([-r[2] if r[1].startswith("4") else r[2] for r in pnl_rows])

# Transactions of 150 customers over six months, drawn with a seeded generator: each customer
# has an order rate, a dropout probability after each order and a mean spend (BG/NBD-like data,
# so AISM.CLV's models are identified).
_rng = random.Random(7)
TX_IDS, TX_DATES, TX_AMOUNTS = [], [], []
for k in range(150):
    rate = _rng.gammavariate(1.5, 1 / 40)  # orders per day
    drop = _rng.betavariate(1, 4)
    spend = _rng.gammavariate(4, 8)
    day = _rng.randrange(60)
    while day < 182:
        TX_IDS.append(f"C{k:03d}")
        TX_DATES.append(str(date(2024, 1, 1) + timedelta(days=day)))
        TX_AMOUNTS.append(round(_rng.gammavariate(6, spend / 6), 2))
        if _rng.random() < drop:
            break
        day += 1 + int(_rng.expovariate(rate))
# Customer features (recency days, orders, spend) and churn labels for AISM.CHURN / SEGMENT.
FEATURES = [[10 + 17 * (i % 11), 1 + (i * 7) % 9, 15.0 + (i * 37) % 300] for i in range(40)]
CHURN_LABELS = [1 if f[0] > 90 and f[1] < 6 else 0 for f in FEATURES]
CHURN_LABELS[3] = 1 - CHURN_LABELS[3]  # not separable

cases = [
    {"name": "AISM.FORECAST", "args": [col(AIR), None, 12]},
    {"name": "AISM.FORECAST", "args": [col(AIR), None, 24, 12, 0.8, "ets"]},
    {"name": "AISM.FORECAST", "args": [col(AIR), None, 6, 0, 0.95, "naive"]},
    {"name": "AISM.FORECAST", "args": [col(AIR), None, 6, 12, 0.95, "snaive"]},
    {"name": "AISM.FORECAST", "args": [col(daily), col(days), 14]},
    {"name": "AISM.FORECAST", "args": [col(daily), None, 14, 7, 0.9, "mstl"]},
    {"name": "AISM.FORECAST", "args": [col([5]), None, 3], "expect_error": "#NUM!"},
    {"name": "AISM.FORECAST", "args": [col(AIR), None, 0], "expect_error": "#NUM!"},
    {"name": "AISM.FORECAST", "args": [col(["a", "b", "c"])], "expect_error": "#VALUE!"},
    {"name": "AISM.FORECAST", "args": [col(AIR), col(months[:10])], "expect_error": "#N/A"},
    {"name": "AISM.FORECAST", "args": [col(AIR), None, 12, 1, 0.95, "bogus"], "expect_error": "#VALUE!"},
    {"name": "AISM.FORECAST.ETS", "args": ["1961-01-01", col(AIR), col(months)]},
    {"name": "AISM.FORECAST.ETS", "args": [col(["1961-01-01", "1961-06-01"]), col(AIR), col(months), 12]},
    {"name": "AISM.FORECAST.ETS", "args": ["1950-01-01", col(AIR), col(months)], "expect_error": "#NUM!"},
    {"name": "AISM.FORECAST.ETS.CONFINT", "args": ["1961-03-01", col(AIR), col(months), 0.9]},
    {"name": "AISM.FORECAST.ETS.CONFINT", "args": ["1961-03-01", col(AIR), col(months), 1.5], "expect_error": "#NUM!"},
    {"name": "AISM.FORECAST.ETS.SEASONALITY", "args": [col(AIR), col(months)]},
    {"name": "AISM.FORECAST.ETS.STAT", "args": [col(AIR), col(months), 1]},
    {"name": "AISM.FORECAST.ETS.STAT", "args": [col(AIR), col(months), 7]},
    {"name": "AISM.FORECAST.ETS.STAT", "args": [col(AIR), col(months), 9], "expect_error": "#NUM!"},
    {"name": "AISM.SEASONALITY", "args": [col(AIR)]},
    {"name": "AISM.SEASONALITY", "args": [col(daily)]},
    {"name": "AISM.SEASONALITY", "args": [col(["a", "b", "c"])], "expect_error": "#VALUE!"},
    {"name": "AISM.FORECAST.ETS.SEASONALITY", "args": [col([1, 2, 3]), col([45292, 45293])], "expect_error": "#N/A"},
    {"name": "AISM.ANOMALIES", "args": [col(daily)]},
    {"name": "AISM.ANOMALIES", "args": [col(daily), col(days), 2.5]},
    {"name": "AISM.ANOMALIES", "args": [col(daily), None, -1], "expect_error": "#NUM!"},
    {"name": "AISM.CHANGEPOINTS", "args": [col([10] * 50 + [30] * 50)]},
    {"name": "AISM.CHANGEPOINTS", "args": [col([1, 2, 3]), col([1, 2])], "expect_error": "#N/A"},
    {"name": "AISM.PNL", "args": [pnl_d, pnl_a, pnl_x]},
    {"name": "AISM.PNL", "args": [pnl_d, pnl_a, pnl_neg, None, "quarter"]},
    {"name": "AISM.PNL", "args": [pnl_d, pnl_a, pnl_x, [["Misc stuff", "Otros gastos"], ["Marketing", "Opex:Ads"]], "year"]},
    {"name": "AISM.PNL", "args": [pnl_d, pnl_a, pnl_x[:10]], "expect_error": "#N/A"},
    {"name": "AISM.PNL", "args": [col(["2024-01-01", "soon"]), col(["Sales", "Rent"]), col([1, 2])], "expect_error": "#VALUE!"},
    {"name": "AISM.PNL", "args": [col(["2024-01-01", "2024-02-01"]), col(["Cash", "Foo"]), col([1, 2])], "expect_error": "#NUM!"},
    {"name": "AISM.PNL", "args": [pnl_d, pnl_a, pnl_x, None, "week"], "expect_error": "#VALUE!"},
    {"name": "AISM.PNL", "args": [pnl_d, pnl_a, pnl_x, [["Account", "Line"], ["Misc stuff", "Bogus line"]]], "expect_error": "#VALUE!"},
    {"name": "AISM.VARIANCE", "args": [col([120, 80, 5, None]), col([100, 100, 0, 3]), col(["revenue", "gasto", "ingreso", "cost"])]},
    {"name": "AISM.VARIANCE", "args": [col([120, 80]), col([100, 100]), "expense"]},
    {"name": "AISM.VARIANCE", "args": [col([120, 80]), col([100])], "expect_error": "#N/A"},
    {"name": "AISM.VARIANCE", "args": [col([120, 80]), col([100, 100]), "profit"], "expect_error": "#VALUE!"},
    {"name": "AISM.VARIANCE", "args": [col(["abc"]), col([100])], "expect_error": "#VALUE!"},
    # Inventory. Snyder & Shen examples (stockpyl golden values in core/ts/tests/golden/inventory_golden.json).
    {"name": "AISM.EOQ", "args": [1300, 8, 0.225]},
    {"name": "AISM.EOQ", "args": [1300, 0, 0.225], "expect_error": "#NUM!"},
    {"name": "AISM.EOQ", "args": ["lots", 8, 0.225], "expect_error": "#VALUE!"},
    {"name": "AISM.SAFETYSTOCK", "args": [col(DEMAND), 2.75, 0.95, 0.758287544405155]},
    {"name": "AISM.SAFETYSTOCK", "args": [col(DEMAND), 4, 0.95]},
    {"name": "AISM.SAFETYSTOCK", "args": [col(DEMAND), 4, 1.5], "expect_error": "#NUM!"},
    {"name": "AISM.SAFETYSTOCK", "args": [col([5]), 4, 0.95], "expect_error": "#NUM!"},
    {"name": "AISM.SAFETYSTOCK", "args": [col(DEMAND), "soon", 0.95], "expect_error": "#VALUE!"},
    {"name": "AISM.REORDERPOINT", "args": [col(DEMAND), 2.75, 0.95, 0.758287544405155]},
    {"name": "AISM.REORDERPOINT", "args": [col(DEMAND), -1, 0.95], "expect_error": "#NUM!"},
    {"name": "AISM.NEWSVENDOR", "args": [50, 8, 1, 0.3, 0.12]},
    {"name": "AISM.NEWSVENDOR", "args": [50, 8, 0.3, 0.3], "expect_error": "#NUM!"},
    {"name": "AISM.NEWSVENDOR", "args": [50, "x", 1, 0.3], "expect_error": "#VALUE!"},
    {"name": "AISM.ABC", "args": [col([8, 50, 1, None, 25, 4, 10, 2])]},
    {"name": "AISM.ABC", "args": [col([8, 50, 1]), 0.5, 0.9]},
    {"name": "AISM.ABC", "args": [col([1, 2]), 0.8, 0.7], "expect_error": "#NUM!"},
    {"name": "AISM.ABC", "args": [col([1, "big"])], "expect_error": "#VALUE!"},
    {"name": "AISM.XYZ", "args": [[[10, 11, 9, 10], [5, 15, 5, 15], [0, 0, 30, 0]]]},
    {"name": "AISM.XYZ", "args": [[[10, 11, 9, 10], [5, 15, 5, 15]], 0.7, 2.5]},
    {"name": "AISM.XYZ", "args": [col([1, 2, 3])], "expect_error": "#NUM!"},
    {"name": "AISM.XYZ", "args": [[[1, 2], [3, "x"]]], "expect_error": "#VALUE!"},
    {"name": "AISM.DEMANDCLASS", "args": [col(INTERMITTENT)]},
    {"name": "AISM.DEMANDCLASS", "args": [col(DEMAND)]},
    {"name": "AISM.DEMANDCLASS", "args": [col([0, 5, 0])], "expect_error": "#NUM!"},
    {"name": "AISM.DEMANDCLASS", "args": [col([1, "x", 3])], "expect_error": "#VALUE!"},
    {"name": "AISM.DEMANDFORECAST", "args": [col(INTERMITTENT)]},
    {"name": "AISM.DEMANDFORECAST", "args": [col(INTERMITTENT), 3, "croston"]},
    {"name": "AISM.DEMANDFORECAST", "args": [col(INTERMITTENT), 3, "tsb"]},
    {"name": "AISM.DEMANDFORECAST", "args": [col(AIR), 6]},
    {"name": "AISM.DEMANDFORECAST", "args": [col(DEMAND), 2, "ets"]},
    {"name": "AISM.DEMANDFORECAST", "args": [col(DEMAND), 0], "expect_error": "#NUM!"},
    {"name": "AISM.DEMANDFORECAST", "args": [col(DEMAND), 1, "holt"], "expect_error": "#VALUE!"},
    {"name": "AISM.EPQ", "args": [1300, 8, 0.225, 1700]},
    {"name": "AISM.EPQ", "args": [1300, 8, 0.225, 1000], "expect_error": "#NUM!"},
    {"name": "AISM.EPQ", "args": [1300, 8, "x", 1700], "expect_error": "#VALUE!"},
    {"name": "AISM.RQPOLICY", "args": [1300, 150, 1 / 12, 8, 0.225, 7.5]},
    {"name": "AISM.RQPOLICY", "args": [1300, 150, 1 / 12, 8, 0.225, 0], "expect_error": "#NUM!"},
    {"name": "AISM.RQPOLICY", "args": [1300, 150, "x", 8, 0.225, 7.5], "expect_error": "#VALUE!"},
    {"name": "AISM.SSPOLICY", "args": [50, 8, 2.5, 0.18, 0.7]},
    {"name": "AISM.SSPOLICY", "args": [50, 0, 2.5, 0.18, 0.7], "expect_error": "#NUM!"},
    {"name": "AISM.SSPOLICY", "args": [50, 8, "x", 0.18, 0.7], "expect_error": "#VALUE!"},
    # Pricing. Constant-elasticity demand q = 5000·p^-2 with a wobble, weekly (known by construction).
    {"name": "AISM.ELASTICITY", "args": [col(PRICES), col(PRICE_QTY)]},
    {"name": "AISM.ELASTICITY", "args": [[PRICES], col(PRICE_QTY)]},
    {"name": "AISM.ELASTICITY", "args": [col(PRICES), col(PRICE_QTY[:5])], "expect_error": "#N/A"},
    {"name": "AISM.ELASTICITY", "args": [col([10, "ten", 12]), col([5, 4, 3])], "expect_error": "#VALUE!"},
    {"name": "AISM.ELASTICITY", "args": [col([10, 11]), col([5, 4])], "expect_error": "#NUM!"},
    {"name": "AISM.ELASTICITY", "args": [col([10, 10, 10]), col([5, 4, 3])], "expect_error": "#NUM!"},
    {"name": "AISM.OPTIMALPRICE", "args": [col(PRICES), col(PRICE_QTY), 4]},
    {"name": "AISM.OPTIMALPRICE", "args": [col(PRICES), col(PRICE_QTY), 9]},
    {"name": "AISM.OPTIMALPRICE", "args": [col(PRICES), col(PRICE_QTY), 4, "linear"]},
    {"name": "AISM.OPTIMALPRICE", "args": [col(PRICES), col(PRICE_QTY[:5]), 4], "expect_error": "#N/A"},
    {"name": "AISM.OPTIMALPRICE", "args": [col(PRICES), col(PRICE_QTY), "cheap"], "expect_error": "#VALUE!"},
    {"name": "AISM.OPTIMALPRICE", "args": [col(PRICES), col(PRICE_QTY), 4, "cubic"], "expect_error": "#VALUE!"},
    {"name": "AISM.OPTIMALPRICE", "args": [col(PRICES), col(PRICE_QTY), -1], "expect_error": "#NUM!"},
    {"name": "AISM.OPTIMALPRICE", "args": [col([10, 20, 40]), col([100, 60, 40]), 5], "expect_error": "#NUM!"},
    {"name": "AISM.OPTIMALPRICE", "args": [col([10, 20, 40]), col([10, 20, 30]), 5, "linear"], "expect_error": "#NUM!"},
    {"name": "AISM.PRICEINDEX", "args": [10, col([12, 10, 8, 14, 10])]},
    {"name": "AISM.PRICEINDEX", "args": [11, [[8, 10, None, 12, 14]]]},
    {"name": "AISM.PRICEINDEX", "args": [0, col([12, 10])], "expect_error": "#NUM!"},
    {"name": "AISM.PRICEINDEX", "args": [10, col([12, -1])], "expect_error": "#NUM!"},
    {"name": "AISM.PRICEINDEX", "args": ["x", col([12, 10])], "expect_error": "#VALUE!"},
    {"name": "AISM.BGNBD", "args": [col(CD_X), col(CD_T), col(CD_AGE)]},
    {"name": "AISM.BGNBD", "args": [col(CD_X), col(CD_T[:10]), col(CD_AGE)], "expect_error": "#VALUE!"},
    {"name": "AISM.BGNBD", "args": [col([1, 0, 2]), col([11, 0, 8]), col([10, 10, 10])], "expect_error": "#NUM!"},
    {"name": "AISM.BGNBD", "args": [col([0, 0, 0]), col([0, 0, 0]), col([10, 10, 10])], "expect_error": "#NUM!"},
    {"name": "AISM.GAMMAGAMMA", "args": [col(CD_X), col(CD_M)]},
    {"name": "AISM.GAMMAGAMMA", "args": [col([1, 2, 3]), col([4, "x", 5])], "expect_error": "#VALUE!"},
    {"name": "AISM.GAMMAGAMMA", "args": [col([1, 2, 3]), col([4, 4, 4])], "expect_error": "#NUM!"},
    {"name": "AISM.RFM", "args": [col(TX_IDS), col(TX_DATES), col(TX_AMOUNTS)]},
    {"name": "AISM.RFM", "args": [col(TX_IDS), col(TX_DATES), col(TX_AMOUNTS), "2024-03-01"]},
    {"name": "AISM.RFM", "args": [col(TX_IDS), col(TX_DATES[:5]), col(TX_AMOUNTS)], "expect_error": "#N/A"},
    {"name": "AISM.RFM", "args": [col(TX_IDS), col(["soon"] + TX_DATES[1:]), col(TX_AMOUNTS)], "expect_error": "#VALUE!"},
    {"name": "AISM.RFM", "args": [col(TX_IDS), col(TX_DATES), col(TX_AMOUNTS), "1990-01-01"], "expect_error": "#NUM!"},
    {"name": "AISM.CLV", "args": [col(TX_IDS), col(TX_DATES), col(TX_AMOUNTS)]},
    {"name": "AISM.CLV", "args": [col(TX_IDS), col(TX_DATES), col(TX_AMOUNTS), 6, 0.02, "2024-05-31"]},
    {"name": "AISM.CLV", "args": [col(TX_IDS), col(TX_DATES), col(TX_AMOUNTS), 0], "expect_error": "#NUM!"},
    {"name": "AISM.CLV", "args": [col(TX_IDS), col(TX_DATES), col([None] + TX_AMOUNTS[1:])], "expect_error": "#VALUE!"},
    {"name": "AISM.CHURN", "args": [FEATURES, col(CHURN_LABELS)]},
    {"name": "AISM.CHURN", "args": [FEATURES, col(CHURN_LABELS), [[30, 5, 200], [200, 1, 20]]]},
    {"name": "AISM.CHURN", "args": [FEATURES, col(CHURN_LABELS[:5])], "expect_error": "#N/A"},
    {"name": "AISM.CHURN", "args": [FEATURES, col(["maybe"] + CHURN_LABELS[1:])], "expect_error": "#VALUE!"},
    {"name": "AISM.CHURN", "args": [FEATURES, col([1] + [0] * (len(CHURN_LABELS) - 1))], "expect_error": "#NUM!"},
    {"name": "AISM.SEGMENT", "args": [FEATURES]},
    {"name": "AISM.SEGMENT", "args": [FEATURES, 3]},
    {"name": "AISM.SEGMENT", "args": [FEATURES, 1], "expect_error": "#NUM!"},
    {"name": "AISM.SEGMENT", "args": [[[1, "x"], [2, 3], [4, 5]]], "expect_error": "#VALUE!"},
    {"name": "AISM.COHORT", "args": [col(TX_IDS), col(TX_DATES)]},
    {"name": "AISM.COHORT", "args": [col(TX_IDS), col(TX_DATES), "week"]},
    {"name": "AISM.COHORT", "args": [col(TX_IDS), col(TX_DATES), "daily"], "expect_error": "#VALUE!"},
    {"name": "AISM.COHORT", "args": [col(TX_IDS), col(TX_DATES[:3])], "expect_error": "#N/A"},
    {"name": "AISM.CLEAN", "args": [[["Date", "Sales"], ["2024-03-14", "$1,200"], ["3/15/2024", "(35)"], [None, "12%"]]]},
    {"name": "AISM.NOPE", "args": [], "expect_error": "#NAME?"},
]
Path(__file__).with_name("calls.json").write_text(json.dumps(cases, indent=1) + "\n")
print(len(cases), "cases")
