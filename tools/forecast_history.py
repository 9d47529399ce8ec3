#!/usr/bin/env python3
"""Adds the `history` table (DESIGN.md §1, §7) to data/manufacturer.json.

117 weeks of sales before the plan's first week (periods -116..0, 2023-W45 .. 2026-W09):
the three bikes with a yearly trend and a spring season peaking around ISO week 17, and the
28" wheel sold as a spare part in dealer batches every few weeks (intermittent demand).
Deterministic (a fixed linear congruential generator), so a rerun gives the same numbers.
Run once on a file without `history`: python3 tools/forecast_history.py data/manufacturer.json
"""
import datetime
import json
import math
import sys

WEEKS = 117
START = datetime.date(2026, 3, 2)  # the plan's start_date: period 1


class Lcg:
    """Numerical Recipes' 32-bit LCG, scaled to [0, 1)."""

    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (1664525 * self.state + 1013904223) % 2**32
        return self.state / 2**32


def iso_week(period):
    return (START + datetime.timedelta(weeks=period - 1)).isocalendar()[1]


def spring(week, peak=16.0, width=7.0):
    distance = min(abs(week - peak), 52 - abs(week - peak))
    return math.exp(-((distance / width) ** 2))


def bike(base, growth_per_week, season, noise, seed):
    rng = Lcg(seed)
    rows = []
    for period in range(1 - WEEKS, 1):
        weeks_before_plan = -period
        level = base - growth_per_week * weeks_before_plan
        value = level + season * spring(iso_week(period))
        value *= 1 + noise * (2 * rng.next() - 1)
        rows.append((period, max(0, round(value))))
    return rows


def spare(seed):
    """Dealer orders of 30-70 wheels, on average every 3.2 weeks, a little more in spring."""
    rng = Lcg(seed)
    rows = []
    for period in range(1 - WEEKS, 1):
        chance = 0.25 + 0.15 * spring(iso_week(period))
        if rng.next() < chance:
            rows.append((period, 30 + 10 * int(rng.next() * 5)))
        else:
            rng.next()
            rows.append((period, 0))
    return rows


def main(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if '"history"' in json.loads(text):
        sys.exit(f"{path} already has a history table")
    series = {
        "CITY": bike(base=72, growth_per_week=0.12, season=62, noise=0.04, seed=11),
        "TREK": bike(base=44, growth_per_week=0.08, season=36, noise=0.04, seed=12),
        "KIDS": bike(base=30, growth_per_week=0.05, season=25, noise=0.07, seed=13),
        "WHEEL28": spare(seed=14),
    }
    lines = []
    for item, rows in series.items():
        for period, qty in rows:
            # The spare's zero weeks need no row (missing periods count as 0), except its first
            # week, which fixes where its history starts.
            if qty > 0 or item != "WHEEL28" or period == 1 - WEEKS:
                lines.append(f'    {{"item": "{item}", "period": {period}, "qty": {qty}}}')
    body = text.rstrip()
    assert body.endswith("}")
    body = body[:-1].rstrip() + ',\n  "history": [\n' + ",\n".join(lines) + "\n  ]\n}\n"
    json.loads(body)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(body)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "data/manufacturer.json")
