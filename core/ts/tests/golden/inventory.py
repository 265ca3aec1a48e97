"""Reference values for core/ts/src/inventory.rs.

Generated with stockpyl (Snyder & Shen, *Fundamentals of Supply Chain Theory*, 2nd ed., 2019)
on the book's worked examples as listed in stockpyl's docstrings, plus numpy/scipy for the
safety-stock formula. Run from this directory:

    pip install stockpyl
    python3 inventory.py   # writes inventory_golden.json next to this file
"""

import json
import os

import numpy as np
from scipy import stats
from stockpyl import eoq, newsvendor, rq, ss

out = {"source": "stockpyl " + __import__("importlib.metadata").metadata.version("stockpyl")}

# Example 3.1: K = 8, h = 0.225, d = 1300.
q, c = eoq.economic_order_quantity(8, 0.225, 1300)
out["eoq_3_1"] = {"args": [8, 0.225, 1300], "quantity": q, "cost": c}

# Example 3.8: EOQ with planned backorders, p = 5.
q, x, c = eoq.economic_order_quantity_with_backorders(8, 0.225, 5, 1300)
out["eoqb_3_8"] = {"args": [8, 0.225, 5, 1300], "quantity": q, "stockout_fraction": x, "cost": c}

# EPQ (stockpyl docstring example): production rate 1700.
q, c = eoq.economic_production_quantity(8, 0.225, 1300, 1700)
out["epq"] = {"args": [8, 0.225, 1300, 1700], "quantity": q, "cost": c}

# Example 4.3: normal newsvendor h = 0.18, p = 0.70, mu = 50, sigma = 8.
q, c = newsvendor.newsvendor_normal(0.18, 0.70, 50, 8)
out["nv_normal_4_3"] = {"args": [0.18, 0.70, 50, 8], "quantity": q, "cost": c}

# Example 4.1: expected cost of ordering 60.
c = newsvendor.newsvendor_normal_cost(60, 0.18, 0.70, 50, 8)
out["nv_normal_cost_4_1"] = {"args": [60, 0.18, 0.70, 50, 8], "cost": c}

# Example 4.2: explicit newsvendor, price 1, cost 0.3, salvage 0.12.
q, profit = newsvendor.newsvendor_normal_explicit(1, 0.3, 0.12, 50, 8)
out["nv_explicit_4_2"] = {"args": [1, 0.3, 0.12, 50, 8], "quantity": q, "profit": profit}

# Poisson newsvendor (docstring example), mean 50, and a second case with mean 3.
q, c = newsvendor.newsvendor_poisson(0.18, 0.70, 50)
out["nv_poisson_50"] = {"args": [0.18, 0.70, 50], "quantity": float(q), "cost": c}
q, c = newsvendor.newsvendor_poisson(1.0, 4.0, 3)
out["nv_poisson_3"] = {"args": [1.0, 4.0, 3], "quantity": float(q), "cost": c}

# Example 5.1: (r,Q) expected cost, r = 126.8, Q = 328.5.
args = [126.8, 328.5, 0.225, 7.5, 8, 1300, 150, 1 / 12]
out["rq_cost_5_1"] = {"args": args, "cost": rq.r_q_cost(*args)}

# Example 5.2: expected-inventory-level approximation.
args = [0.225, 7.5, 8, 1300, 150, 1 / 12]
r, q, c = rq.r_q_eil_approximation(*args)
out["rq_eil_5_2"] = {"args": args, "reorder_point": r, "order_quantity": q, "cost": c}

# Example 5.5: EOQ + safety-stock approximation; exact cost of that policy by r_q_cost.
r, q = rq.r_q_eoqss_approximation(*args)
c = rq.r_q_cost(r, q, 0.225, 7.5, 8, 1300, 150, 1 / 12)
out["rq_eoqss_5_5"] = {"args": args, "reorder_point": r, "order_quantity": q, "cost": c}

# Example 4.7: (s,S) power approximation.
args = [0.18, 0.70, 2.5, 50, 8]
s, big_s = ss.s_s_power_approximation(*args)
out["ss_power_4_7"] = {"args": args, "s": s, "S": big_s}

# Safety stock with demand and lead-time variability (sample standard deviations, ddof = 1).
demand = [12.0, 15.0, 9.0, 14.0, 11.0, 17.0, 10.0, 13.0, 16.0, 12.0]
lead_times = [2.0, 3.0, 2.5, 4.0, 3.0, 2.0]
level = 0.95
d, sd_d = float(np.mean(demand)), float(np.std(demand, ddof=1))
lt, sd_lt = float(np.mean(lead_times)), float(np.std(lead_times, ddof=1))
z = float(stats.norm.ppf(level))
sd_ltd = float(np.sqrt(lt * sd_d**2 + d**2 * sd_lt**2))
out["safety_stock"] = {
    "demand": demand, "lead_times": lead_times, "service_level": level,
    "mean_demand": d, "sd_demand": sd_d, "mean_lead_time": lt, "sd_lead_time": sd_lt,
    "z": z, "sd_lead_time_demand": sd_ltd, "safety_stock": z * sd_ltd,
    "reorder_point": d * lt + z * sd_ltd,
}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "inventory_golden.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps(out, indent=1))
