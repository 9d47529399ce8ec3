#!/usr/bin/env python3
"""Writes the sample plans data/manufacturer.json and data/service.json.

The data are hand-chosen tables plus seeded pseudo-random SPC measurements and inspection
results, so running this again reproduces the committed files byte for byte. Check the effects
with tools/check_plan.py. Usage: python3 tools/make_samples.py [OUT_DIR]
"""
import json
import random
import sys
from pathlib import Path


def row(obj):
    return json.dumps(obj, ensure_ascii=False)


def write_plan(path, plan_row, tables):
    lines = ['{ "format": "opsplan-plan", "version": 1,', f'  "plan": {row(plan_row)},']
    names = list(tables)
    for index, name in enumerate(names):
        rows = tables[name]
        end = "" if index == len(names) - 1 else ","
        if not rows:
            continue
        body = ",\n    ".join(row(r) for r in rows)
        lines.append(f'  "{name}": [\n    {body}\n  ]{end}')
    lines[-1] = lines[-1].rstrip(",")
    lines.append("}")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def item(code, name, kind, **extra):
    return {"code": code, "name": name, "kind": kind, **extra}


def resource(code, name, kind, units, hours, efficiency, rate, fixed, capital, life):
    return {"code": code, "name": name, "kind": kind, "units": units, "hours_per_period": hours,
            "efficiency": efficiency, "cost_per_hour": rate, "fixed_cost_per_period": fixed,
            "capital_cost": capital, "life_years": life}


def step(item_code, seq, name, res, setup, run, good=1.0):
    s = {"item": item_code, "seq": seq, "name": name, "resource": res, "setup_min": setup, "run_min": run}
    if good != 1.0:
        s["yield"] = good
    return s


# ---------------------------------------------------------------- manufacturer
SEASON = [0.72, 0.78, 0.86, 0.95, 1.04, 1.12, 1.24, 1.22, 1.10, 1.00, 0.92, 0.86]


def manufacturer():
    plan_row = {"name": "Velora Bikes — spring 2026", "currency": "EUR", "period_unit": "week",
                "periods": 12, "start_date": "2026-03-02"}
    items = [
        item("CITY", "City bike 28\"", "finished", price=389, lot_size=20),
        item("TREK", "Trekking bike 28\"", "finished", price=479, lot_size=20),
        item("KIDS", "Kids bike 20\"", "finished", price=209, lot_size=30),
        item("FRAME-C", "City frame, steel", "component", lot_size=50),
        item("FRAME-T", "Trekking frame, aluminium", "component", lot_size=40),
        item("FRAME-K", "Kids frame, steel", "component", lot_size=60),
        item("WHEEL28", "Wheel 28\" (also sold as spare)", "component", price=69, lot_size=100),
        item("WHEEL20", "Wheel 20\"", "component"),
        item("RIM28", "Rim 28\", rolled and joined", "component", lot_size=200),
        item("TUBE-ST", "Steel tube 28 mm", "material", unit="m", purchase_cost=4.6),
        item("TUBE-AL", "Aluminium tube 6061", "material", unit="m", purchase_cost=8.9),
        item("ALU-PROF", "Aluminium rim profile", "material", unit="m", purchase_cost=3.1),
        item("SPOKE", "Stainless spoke", "material", purchase_cost=0.14),
        item("HUB", "Hub", "material", purchase_cost=16.5),
        item("TYRE28", "Tyre 28\" with tube", "material", purchase_cost=11.2),
        item("TYRE20", "Tyre 20\" with tube", "material", purchase_cost=7.4),
        item("RIM20", "Rim 20\"", "material", purchase_cost=9.5),
        item("POWDER", "Powder coating", "material", unit="kg", purchase_cost=11.5),
        item("DRIVE-8", "8-speed drivetrain kit", "material", purchase_cost=64),
        item("DRIVE-1", "Single-speed drivetrain kit", "material", purchase_cost=21),
        item("FITKIT", "Fitting kit (bars, saddle, brakes)", "material", purchase_cost=38),
        item("KIDKIT", "Kids fitting kit", "material", purchase_cost=18),
    ]
    bom = [
        {"parent": "CITY", "child": "FRAME-C", "qty": 1}, {"parent": "CITY", "child": "WHEEL28", "qty": 2},
        {"parent": "CITY", "child": "DRIVE-8", "qty": 1}, {"parent": "CITY", "child": "FITKIT", "qty": 1},
        {"parent": "TREK", "child": "FRAME-T", "qty": 1}, {"parent": "TREK", "child": "WHEEL28", "qty": 2},
        {"parent": "TREK", "child": "DRIVE-8", "qty": 1}, {"parent": "TREK", "child": "FITKIT", "qty": 1},
        {"parent": "KIDS", "child": "FRAME-K", "qty": 1}, {"parent": "KIDS", "child": "WHEEL20", "qty": 2},
        {"parent": "KIDS", "child": "DRIVE-1", "qty": 1}, {"parent": "KIDS", "child": "KIDKIT", "qty": 1},
        {"parent": "FRAME-C", "child": "TUBE-ST", "qty": 3.4}, {"parent": "FRAME-C", "child": "POWDER", "qty": 0.35},
        {"parent": "FRAME-T", "child": "TUBE-AL", "qty": 3.6}, {"parent": "FRAME-T", "child": "POWDER", "qty": 0.35},
        {"parent": "FRAME-K", "child": "TUBE-ST", "qty": 2.2}, {"parent": "FRAME-K", "child": "POWDER", "qty": 0.25},
        {"parent": "WHEEL28", "child": "RIM28", "qty": 1}, {"parent": "WHEEL28", "child": "SPOKE", "qty": 36},
        {"parent": "WHEEL28", "child": "HUB", "qty": 1}, {"parent": "WHEEL28", "child": "TYRE28", "qty": 1},
        {"parent": "WHEEL20", "child": "RIM20", "qty": 1}, {"parent": "WHEEL20", "child": "SPOKE", "qty": 28},
        {"parent": "WHEEL20", "child": "HUB", "qty": 1}, {"parent": "WHEEL20", "child": "TYRE20", "qty": 1},
        {"parent": "RIM28", "child": "ALU-PROF", "qty": 2.1},
    ]
    resources = [
        resource("SAW", "Tube saw and mitre cell", "machine", 1, 40, 0.8, 26, 500, 38000, 10),
        resource("WELD", "Welding cell (3 robots)", "machine", 3, 40, 0.85, 38, 3000, 210000, 8),
        resource("PAINT", "Powder coating line", "line", 1, 40, 0.85, 62, 4500, 340000, 12),
        resource("ROLL", "Rim roller", "machine", 1, 40, 0.9, 24, 400, 52000, 10),
        resource("LACE", "Wheel lacing machines", "machine", 2, 40, 0.9, 30, 900, 90000, 10),
        resource("ASSY", "Assembly team (fitters)", "labour", 9, 38, 0.92, 31, 7500, 0, 10),
        resource("QC", "Quality inspectors", "labour", 1, 38, 0.95, 29, 1500, 0, 10),
    ]
    routing = [
        step("FRAME-C", 10, "Cut and mitre tubes", "SAW", 20, 4.2),
        step("FRAME-C", 20, "Weld", "WELD", 30, 16, 0.98),
        step("FRAME-C", 30, "Powder coat", "PAINT", 60, 7.0, 0.99),
        step("FRAME-T", 10, "Cut and mitre tubes", "SAW", 20, 4.6),
        step("FRAME-T", 20, "Weld", "WELD", 30, 19, 0.97),
        step("FRAME-T", 30, "Powder coat", "PAINT", 60, 7.7, 0.99),
        step("FRAME-K", 10, "Cut and mitre tubes", "SAW", 20, 3.2),
        step("FRAME-K", 20, "Weld", "WELD", 25, 11, 0.985),
        step("FRAME-K", 30, "Powder coat", "PAINT", 50, 5.8, 0.99),
        step("RIM28", 10, "Roll and join", "ROLL", 40, 3.0, 0.97),
        step("WHEEL28", 10, "Lace", "LACE", 15, 6.0),
        step("WHEEL28", 20, "True and tension", "ASSY", 0, 4.0, 0.995),
        step("WHEEL20", 10, "Lace", "LACE", 10, 5.0),
        step("CITY", 10, "Assemble", "ASSY", 20, 42),
        step("CITY", 20, "Final inspection", "QC", 0, 4.5, 0.995),
        step("TREK", 10, "Assemble", "ASSY", 20, 50),
        step("TREK", 20, "Final inspection", "QC", 0, 5.0, 0.995),
        step("KIDS", 10, "Assemble", "ASSY", 15, 28),
        step("KIDS", 20, "Final inspection", "QC", 0, 3.0, 0.995),
        step("DRIVE-8", 10, "Incoming inspection", "QC", 0, 1.5, 0.97),
    ]
    base = {"CITY": 110, "TREK": 65, "KIDS": 45, "WHEEL28": 18}
    demand = [{"item": code, "period": t + 1, "qty": round(qty * SEASON[t])}
              for code, qty in base.items() for t in range(12)]

    rng = random.Random(2026)
    characteristics = [
        {"code": "SEAT-OD", "item": "FRAME-C", "name": "Seat tube outer diameter", "unit": "mm",
         "lsl": 28.55, "target": 28.6, "usl": 28.65},
        {"code": "SPOKE-T", "item": "WHEEL28", "name": "Spoke tension", "unit": "kgf",
         "lsl": 100, "target": 115, "usl": 130},
    ]
    measurements = []
    for k in range(1, 26):
        for _ in range(5):
            measurements.append({"characteristic": "SEAT-OD", "subgroup": k,
                                 "value": round(rng.gauss(28.602, 0.009), 3)})
    spoke_rng = random.Random(SPOKE_SEED)
    for k in range(1, 25):
        shift = SPOKE_SHIFT if k >= 17 else 0.0
        for _ in range(5):
            measurements.append({"characteristic": "SPOKE-T", "subgroup": k,
                                 "value": round(spoke_rng.gauss(114.6 + shift, 3.2), 1)})
    chart_settings = [{"characteristic": "SPOKE-T", "ewma_lambda": 0.2, "ewma_l": 3,
                       "cusum_k": 0.5, "cusum_h": 4.77}]

    rng = random.Random(7)
    weld_defectives = [1, 0, 2, 1, 1, 3, 0, 1, 2, 1, 4, 1]
    inspections = [{"item": "FRAME-C", "lot": f"FC-26{10 + i:02d}", "inspected": 50, "defective": d}
                   for i, d in enumerate(weld_defectives)]
    drive_lots = [(120, 4), (80, 2), (150, 5), (200, 6), (100, 2), (180, 7), (90, 3), (160, 4),
                  (200, 5), (120, 4), (140, 3), (100, 9)]
    inspections += [{"item": "DRIVE-8", "lot": f"D8-{i + 1:03d}", "inspected": n, "defective": d}
                    for i, (n, d) in enumerate(drive_lots)]
    defects = []
    weld_types = ["weld porosity", "undercut", "paint run", "misaligned dropout"]
    for lot, found in zip((r["lot"] for r in inspections[:12]), weld_defectives):
        counts = {}
        for _ in range(found + rng.choice([0, 0, 1])):
            kind = rng.choices(weld_types, weights=[5, 3, 2, 1])[0]
            counts[kind] = counts.get(kind, 0) + 1
        defects += [{"item": "FRAME-C", "lot": lot, "type": t, "count": c} for t, c in counts.items()]
    drive_types = ["bent derailleur hanger", "damaged chain"]
    for r in inspections[12:]:
        counts = {}
        for _ in range(r["defective"]):
            kind = rng.choices(drive_types, weights=[3, 2])[0]
            counts[kind] = counts.get(kind, 0) + 1
        defects += [{"item": "DRIVE-8", "lot": r["lot"], "type": t, "count": c} for t, c in counts.items()]

    return plan_row, {
        "items": items, "bom": bom, "resources": resources, "routing": routing, "demand": demand,
        "characteristics": characteristics, "measurements": measurements,
        "chart_settings": chart_settings, "inspections": inspections, "defects": defects,
        **shop_floor_log(),
    }


# Eight past weeks (periods -7..0) of the frames' welding and powder coating, one log row per
# (week, resource, frame) and the stop reasons behind each week's downtime (DESIGN.md §8).
LOG_WEEKLY_MIN = {"WELD": 3 * 40 * 60, "PAINT": 40 * 60}
LOG_IDEAL_CYCLE_MIN = {"WELD": {"FRAME-C": 16, "FRAME-T": 19, "FRAME-K": 11},
                       "PAINT": {"FRAME-C": 7.0, "FRAME-T": 7.7, "FRAME-K": 5.8}}
LOG_FRAME_SHARE = {"FRAME-C": 0.45, "FRAME-T": 0.30, "FRAME-K": 0.25}
# Share of the ideal rate reached while running, and share of good frames.
LOG_SPEED = {"WELD": 0.91, "PAINT": 0.86}
LOG_GOOD = {"WELD": 0.975, "PAINT": 0.985}
# Stop reasons: (reason, mean minutes a week, spread ±).
LOG_REASONS = {
    "WELD": [("changeover", 260, 40), ("breakdown", 110, 70), ("cleaning", 60, 10),
             ("material shortage", 30, 30), ("waiting for operator", 40, 30)],
    "PAINT": [("changeover", 190, 30), ("breakdown", 60, 50), ("cleaning", 70, 15),
              ("material shortage", 45, 40), ("waiting for operator", 35, 25)],
}
# A burner failure of the curing oven stops PAINT for a day in week -3.
LOG_OVEN_FAILURE = (-3, 330)


def split_minutes(total, shares):
    """Whole minutes in the given shares that add up to total exactly."""
    parts = [round(total * share) for share in shares[:-1]]
    return parts + [total - sum(parts)]


def shop_floor_log():
    rng = random.Random(16)
    production_log, downtime = [], []
    frames = list(LOG_FRAME_SHARE)
    for period in range(-7, 1):
        for res in ("WELD", "PAINT"):
            stops = []
            for reason, mean, spread in LOG_REASONS[res]:
                minutes = round(mean + rng.uniform(-spread, spread))
                if res == "PAINT" and reason == "breakdown" and period == LOG_OVEN_FAILURE[0]:
                    minutes += LOG_OVEN_FAILURE[1]
                if minutes > 0:
                    stops.append({"resource": res, "period": period, "reason": reason,
                                  "minutes": minutes})
            downtime += stops
            shares = [LOG_FRAME_SHARE[f] for f in frames]
            planned = split_minutes(LOG_WEEKLY_MIN[res], shares)
            down = split_minutes(sum(s["minutes"] for s in stops), shares)
            for frame, planned_min, down_min in zip(frames, planned, down):
                ideal = LOG_IDEAL_CYCLE_MIN[res][frame]
                speed = LOG_SPEED[res] * rng.uniform(0.97, 1.03)
                made = int((planned_min - down_min) * speed / ideal)
                good = min(made, round(made * LOG_GOOD[res] * rng.uniform(0.995, 1.005)))
                production_log.append({"resource": res, "period": period, "item": frame,
                                       "planned_min": planned_min, "downtime_min": down_min,
                                       "ideal_cycle_min": ideal, "total_count": made,
                                       "good_count": good})
    return {"production_log": production_log, "downtime": downtime}


SPOKE_SHIFT = 2.4
SPOKE_SEED = 14

# ---------------------------------------------------------------- service
# Mon 2 Mar .. Fri 13 Mar 2026; Saturday is a short day, Sunday (period 7) the branch is closed.
DAY_FACTOR = [1.25, 1.0, 0.95, 1.0, 1.2, 0.55, 0.0, 1.15, 0.95, 0.9, 1.0, 1.3]
OPEN_HOURS = [8, 8, 8, 8, 8, 4, 0, 8, 8, 8, 8, 8]


def service():
    plan_row = {"name": "Riverside bank branch — two weeks", "currency": "EUR", "period_unit": "day",
                "periods": 12, "start_date": "2026-03-02"}
    items = [
        item("INFO", "Information request (free)", "service", unit="visit"),
        item("CASH", "Cash and payments at the counter", "service", unit="visit", price=2.5),
        item("CARD", "Card replacement", "service", unit="case", price=15),
        item("ACCOUNT", "Account opening", "service", unit="case", price=35),
        item("LOAN", "Consumer loan consultation", "service", unit="case", price=180),
        item("INVEST", "Investment advice", "service", unit="case", price=150),
        item("MORTGAGE", "Mortgage consultation", "service", unit="case", price=420),
    ]
    resources = [
        resource("TELLER", "Teller counters", "desk", 3, 8, 0.9, 27, 250, 45000, 8),
        resource("RECEPT", "Reception desk", "desk", 1, 8, 0.95, 24, 120, 12000, 8),
        resource("ADVISOR", "Personal advisors", "labour", 4, 8, 0.85, 48, 400, 0, 10),
        resource("ROOM", "Consultation rooms", "desk", 2, 8, 1.0, 0, 350, 60000, 15),
    ]
    routing = [
        step("INFO", 10, "Answer at reception", "RECEPT", 0, 2.5),
        step("CASH", 10, "Counter transaction", "TELLER", 0, 4.5),
        step("CARD", 10, "Identify customer", "RECEPT", 0, 2.5),
        step("CARD", 20, "Block and reissue", "TELLER", 0, 7),
        step("ACCOUNT", 10, "Identify customer", "RECEPT", 0, 3),
        step("ACCOUNT", 20, "Open account", "ADVISOR", 0, 35),
        step("LOAN", 10, "Consultation", "ADVISOR", 0, 45),
        step("LOAN", 20, "Room", "ROOM", 0, 45),
        step("INVEST", 10, "Advice meeting", "ADVISOR", 0, 55),
        step("INVEST", 20, "Room", "ROOM", 0, 50),
        step("MORTGAGE", 10, "Preparation and meeting", "ADVISOR", 0, 90),
        step("MORTGAGE", 20, "Room", "ROOM", 0, 60),
    ]
    base = {"INFO": 85, "CASH": 170, "CARD": 12, "ACCOUNT": 7, "LOAN": 4, "INVEST": 5, "MORTGAGE": 3}
    demand = [{"item": code, "period": t + 1, "qty": round(qty * DAY_FACTOR[t])}
              for code, qty in base.items() for t in range(12)]
    queues = [
        {"code": "COUNTER", "name": "Teller counter queue", "resource": "TELLER",
         "arrival_per_hour": 23, "service_min": 4.8, "target_wait_min": 5, "target_service_level": 0.8},
        {"code": "RECEPTION", "name": "Reception and information", "resource": "RECEPT",
         "arrival_per_hour": 14, "service_min": 2.5, "target_wait_min": 1, "target_service_level": 0.8},
        {"code": "WALKIN", "name": "Walk-in advice without appointment", "resource": "ADVISOR",
         "arrival_per_hour": 2, "service_min": 30, "target_wait_min": 15, "target_service_level": 0.9},
    ]
    queue_arrivals = []
    for q in queues:
        for t in range(12):
            hours = OPEN_HOURS[t]
            # Saturday's half day concentrates the week's shoppers: a higher hourly rate.
            rate = 0.0 if hours == 0 else round(q["arrival_per_hour"] * DAY_FACTOR[t] * 8 / hours, 1)
            queue_arrivals.append({"queue": q["code"], "period": t + 1, "arrival_per_hour": rate})
    return plan_row, {"items": items, "resources": resources, "routing": routing, "demand": demand,
                      "queues": queues, "queue_arrivals": queue_arrivals}


def main(out_dir):
    out = Path(out_dir)
    write_plan(out / "manufacturer.json", *manufacturer())
    write_plan(out / "service.json", *service())


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "data")
