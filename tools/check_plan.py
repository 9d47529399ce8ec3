#!/usr/bin/env python3
"""Independent check of an Opsplan plan JSON against DESIGN.md §2.

Prints requirements-driven load per resource and period (utilisation), unit costs and margins,
plan totals, X-bar/R charts with Western Electric run rules, p charts and Erlang C queues.
Used to tune the sample plans in data/ so that the intended effects (one overloaded resource in
some weeks, a late shift on one characteristic, a closed day) really happen; also a reference
for the Rust analytics. Usage: python3 tools/check_plan.py data/manufacturer.json
"""
import json
import math
import sys
from collections import defaultdict

# Montgomery, Introduction to SQC, Appendix VI (n = 2..10).
A2 = {2: 1.880, 3: 1.023, 4: 0.729, 5: 0.577, 6: 0.483, 7: 0.419, 8: 0.373, 9: 0.337, 10: 0.308}
D3 = {2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0.076, 8: 0.136, 9: 0.184, 10: 0.223}
D4 = {2: 3.267, 3: 2.574, 4: 2.282, 5: 2.114, 6: 2.004, 7: 1.924, 8: 1.864, 9: 1.816, 10: 1.777}
D2 = {2: 1.128, 3: 1.693, 4: 2.059, 5: 2.326, 6: 2.534, 7: 2.704, 8: 2.847, 9: 2.970, 10: 3.078}


def routing_of(plan, code):
    steps = [s for s in plan.get("routing", []) if s["item"] == code]
    return sorted(steps, key=lambda s: s["seq"])


def entering(steps):
    """e_s for every step: 1 / (y_s * ... * y_n)."""
    result = []
    for i in range(len(steps)):
        prod = 1.0
        for s in steps[i:]:
            prod *= s.get("yield", 1.0)
        result.append(1.0 / prod)
    return result


def e1(plan, code):
    steps = routing_of(plan, code)
    return entering(steps)[0] if steps else 1.0


def topo_order(plan):
    items = [i["code"] for i in plan["items"]]
    parents_of = defaultdict(list)
    for line in plan.get("bom", []):
        parents_of[line["child"]].append(line["parent"])
    order, done = [], set()

    def visit(code):
        if code in done:
            return
        for p in parents_of[code]:
            visit(p)
        done.add(code)
        order.append(code)

    for code in items:
        visit(code)
    return order  # parents before children


def requirements(plan):
    periods = plan["plan"]["periods"]
    req = {i["code"]: [0.0] * periods for i in plan["items"]}
    for d in plan.get("demand", []):
        req[d["item"]][d["period"] - 1] += d["qty"]
    children = defaultdict(list)
    for line in plan.get("bom", []):
        children[line["parent"]].append((line["child"], line["qty"]))
    for code in topo_order(plan):
        factor = e1(plan, code)
        for child, qty in children[code]:
            for t in range(periods):
                req[child][t] += req[code][t] * factor * qty
    return req


def lots(plan, req):
    result = {}
    for item in plan["items"]:
        lot = item.get("lot_size")
        r = req[item["code"]]
        if lot is None:
            result[item["code"]] = [1 if q > 0 else 0 for q in r]
        else:
            result[item["code"]] = [math.ceil(q / lot - 1e-9) for q in r]
    return result


def available(res):
    return res.get("units", 1) * res["hours_per_period"] * res.get("efficiency", 1.0)


def load(plan, req, lot_counts):
    periods = plan["plan"]["periods"]
    loads = {r["code"]: [0.0] * periods for r in plan.get("resources", [])}
    for item in plan["items"]:
        steps = routing_of(plan, item["code"])
        for s, e in zip(steps, entering(steps)):
            for t in range(periods):
                q = req[item["code"]][t]
                n = lot_counts[item["code"]][t]
                loads[s["resource"]][t] += (q * e * s["run_min"] + n * s.get("setup_min", 0)) / 60
    return loads


def periods_per_year(plan):
    s = plan["plan"]
    return s.get("periods_per_year") or {"day": 250, "week": 52, "month": 12}[s.get("period_unit", "week")]


def fixed_per_period(plan, res):
    return res.get("fixed_cost_per_period", 0) + res.get("capital_cost", 0) / (
        res.get("life_years", 10) * periods_per_year(plan))


def unit_costs(plan, req, rates, yields_one=False):
    items = {i["code"]: i for i in plan["items"]}
    children = defaultdict(list)
    for line in plan.get("bom", []):
        children[line["parent"]].append((line["child"], line["qty"]))
    memo = {}

    def effective_lot(code):
        lot = items[code].get("lot_size")
        if lot is not None:
            return lot
        r = [q for q in req[code] if q > 0]
        return sum(r) / len(r) if r else 1.0

    def cost(code):
        if code in memo:
            return memo[code]
        steps = routing_of(plan, code)
        if yields_one:
            steps = [dict(s, **{"yield": 1.0}) for s in steps]
        es = entering(steps)
        first = es[0] if es else 1.0
        L = effective_lot(code)
        conversion = sum(rates[s["resource"]] * (e * s["run_min"] + s.get("setup_min", 0) / L) / 60
                         for s, e in zip(steps, es))
        purchase = first * items[code].get("purchase_cost", 0)
        material = first * sum(q * cost(c)[3] for c, q in children[code])
        total = purchase + material + conversion
        memo[code] = (purchase, material, conversion, total)
        return memo[code]

    return {code: cost(code) for code in items}


def capacity_report(plan):
    periods = plan["plan"]["periods"]
    req = requirements(plan)
    lot_counts = lots(plan, req)
    loads = load(plan, req, lot_counts)
    print(f"== {plan['plan']['name']}: utilisation % per period")
    for res in plan.get("resources", []):
        avail = available(res)
        util = [100 * l / avail for l in loads[res["code"]]]
        total = 100 * sum(loads[res["code"]]) / (avail * periods)
        print(f"{res['code']:>8} avail {avail:6.1f} h | " + " ".join(f"{u:5.0f}" for u in util)
              + f" | total {total:5.1f} peak {max(util):5.1f}")
    return req, loads


def cost_report(plan, req, loads):
    periods = plan["plan"]["periods"]
    resources = plan.get("resources", [])
    rates = {r["code"]: r.get("cost_per_hour", 0) for r in resources}
    fixed_rate = {r["code"]: fixed_per_period(plan, r) / available(r) for r in resources}
    full_rates = {c: rates[c] + fixed_rate[c] for c in rates}
    costs = unit_costs(plan, req, rates)
    full = unit_costs(plan, req, full_rates)
    perfect = unit_costs(plan, req, rates, yields_one=True)
    print("== unit costs")
    print(f"{'item':>10} {'purch':>8} {'matl':>8} {'conv':>8} {'unit':>8} {'full':>8} {'copq':>6} {'price':>7} {'margin%':>7}")
    for item in plan["items"]:
        p, m, c, u = costs[item["code"]]
        price = item.get("price", 0)
        pct = f"{100 * (price - u) / price:7.1f}" if price else "      -"
        print(f"{item['code']:>10} {p:8.2f} {m:8.2f} {c:8.2f} {u:8.2f} {full[item['code']][3]:8.2f} "
              f"{u - perfect[item['code']][3]:6.2f} {price:7.2f} {pct}")
    total_demand = defaultdict(float)
    for d in plan.get("demand", []):
        total_demand[d["item"]] += d["qty"]
    prices = {i["code"]: i.get("price", 0) for i in plan["items"]}
    revenue = sum(q * prices[c] for c, q in total_demand.items())
    variable = sum(q * costs[c][3] for c, q in total_demand.items())
    fixed = sum(fixed_per_period(plan, r) * periods for r in resources)
    profit = revenue - variable - fixed
    contribution = revenue - variable
    print(f"== totals: revenue {revenue:,.0f} variable {variable:,.0f} fixed {fixed:,.0f} "
          f"profit {profit:,.0f} margin {100 * profit / revenue if revenue else 0:.1f}% "
          f"break-even ratio {fixed / contribution if contribution > 0 else float('nan'):.3f}")
    for r in resources:
        idle = fixed_per_period(plan, r) * periods - fixed_rate[r["code"]] * sum(loads[r["code"]])
        print(f"   idle cost {r['code']:>8}: {idle:10.0f}")


def run_rules(z):
    """Western Electric rules on standardised points; returns (rule, 1-based index)."""
    hits = []
    for k in range(len(z)):
        if abs(z[k]) > 3:
            hits.append((1, k + 1))
        for rule, width, limit, need in ((2, 3, 2, 2), (3, 5, 1, 4)):
            if k >= width - 1 and abs(z[k]) > limit:
                side = 1 if z[k] > 0 else -1
                window = z[k - width + 1:k + 1]
                if sum(1 for v in window if v * side > limit) >= need:
                    hits.append((rule, k + 1))
        if k >= 7:
            window = z[k - 7:k + 1]
            if all(v > 0 for v in window) or all(v < 0 for v in window):
                hits.append((4, k + 1))
    return hits


def spc_report(plan):
    by_char = defaultdict(lambda: defaultdict(list))
    for m in plan.get("measurements", []):
        by_char[m["characteristic"]][m["subgroup"]].append(m["value"])
    for ch in plan.get("characteristics", []):
        groups = [by_char[ch["code"]][k] for k in sorted(by_char[ch["code"]])]
        if not groups:
            continue
        n = len(groups[0])
        means = [sum(g) / n for g in groups]
        ranges = [max(g) - min(g) for g in groups]
        xbb, rbar = sum(means) / len(means), sum(ranges) / len(ranges)
        sigma = rbar / D2[n]
        ucl = xbb + A2[n] * rbar
        z = [(x - xbb) / (sigma / math.sqrt(n)) for x in means]
        values = [v for g in groups for v in g]
        mu = sum(values) / len(values)
        s = math.sqrt(sum((v - mu) ** 2 for v in values) / (len(values) - 1))
        lsl, usl = ch.get("lsl"), ch.get("usl")
        cp = (usl - lsl) / (6 * sigma)
        cpk = min(usl - xbb, xbb - lsl) / (3 * sigma)
        ppk = min(usl - mu, mu - lsl) / (3 * s)
        print(f"== {ch['code']}: {len(groups)} subgroups of {n}, centre {xbb:.4f} UCL {ucl:.4f} "
              f"LCL {2 * xbb - ucl:.4f} Rbar {rbar:.4f} (UCL {D4[n] * rbar:.4f}) sigma {sigma:.4f} "
              f"cp {cp:.2f} cpk {cpk:.2f} ppk {ppk:.2f}")
        print("   z: " + " ".join(f"{v:+.1f}" for v in z))
        print(f"   run rules: {run_rules(z)}")


def attribute_report(plan):
    by_item = defaultdict(list)
    for row in plan.get("inspections", []):
        by_item[row["item"]].append(row)
    for item, rows in by_item.items():
        pbar = sum(r["defective"] for r in rows) / sum(r["inspected"] for r in rows)
        out = [r["lot"] for r in rows
               if r["defective"] / r["inspected"] > pbar + 3 * math.sqrt(pbar * (1 - pbar) / r["inspected"])]
        print(f"== p chart {item}: {len(rows)} lots, p-bar {pbar:.4f}, above UCL: {out}")
    counts = defaultdict(int)
    for d in plan.get("defects", []):
        counts[d["type"]] += d["count"]
    print("== pareto: " + ", ".join(f"{t} {c}" for t, c in sorted(counts.items(), key=lambda x: (-x[1], x[0]))))


def erlang_c(a, c):
    if c <= a:
        return 1.0
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return c * b / (c - a * (1 - b))


def service_level(a, c, service_min, wait_min):
    if c <= a:
        return 0.0
    return 1 - erlang_c(a, c) * math.exp(-(c - a) * wait_min / service_min)


def required(a, q):
    if a <= 0:
        return 0
    c = math.floor(a) + 1
    while service_level(a, c, q["service_min"], q.get("target_wait_min", 1)) < q.get("target_service_level", 0.8):
        c += 1
    return c


def queue_report(plan):
    units = {r["code"]: r.get("units", 1) for r in plan.get("resources", [])}
    overrides = {(r["queue"], r["period"]): r["arrival_per_hour"] for r in plan.get("queue_arrivals", [])}
    for q in plan.get("queues", []):
        a = q["arrival_per_hour"] * q["service_min"] / 60
        c = units[q["resource"]]
        stable = c > a
        pw = erlang_c(a, c)
        wq = pw * q["service_min"] / (c - a) if stable else None
        sl = service_level(a, c, q["service_min"], q.get("target_wait_min", 1))
        per = [required(overrides.get((q["code"], t), q["arrival_per_hour"]) * q["service_min"] / 60, q)
               for t in range(1, plan["plan"]["periods"] + 1)]
        print(f"== queue {q['code']}: a {a:.3f} c {c} util {a / c:.2f} P(wait) {pw:.4f} "
              f"Wq {wq if wq is None else round(wq, 2)} SL {sl:.3f} required {required(a, q)} per period {per}")


def main(path):
    with open(path) as f:
        document = json.load(f)
    assert document.pop("format") == "opsplan-plan" and document.pop("version") == 1
    req, loads = capacity_report(document)
    cost_report(document, req, loads)
    spc_report(document)
    attribute_report(document)
    queue_report(document)


if __name__ == "__main__":
    main(sys.argv[1])
