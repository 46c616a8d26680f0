"""Writes a synthetic USD/TWD-like series of daily closes as CSV (columns Date, Close).

A random walk with a slight drift plus a yearly swing, around 30 TWD per USD,
on business days. train.py reads a real export with the same two columns
(e.g. a "Date,Open,High,Low,Close,..." download) just as well.

    python generate_data.py [--out data/usd_twd.csv] [--days 750]
"""

import argparse
import csv
import datetime
import os

import numpy as np

DEFAULT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "usd_twd.csv")
START = datetime.date(2021, 1, 4)
TRADING_DAYS_PER_YEAR = 252


def business_days(start, count):
    days = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def closes(count, rng):
    t = np.arange(count)
    walk = np.cumsum(rng.normal(0.002, 0.08, count))
    season = 0.8 * np.sin(2 * np.pi * t / TRADING_DAYS_PER_YEAR)
    return 29.0 + season + walk


def generate(path=DEFAULT_PATH, days=750, seed=0):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    rng = np.random.default_rng(seed)
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "Close"])
        for day, close in zip(business_days(START, days), closes(days, rng)):
            writer.writerow([day.isoformat(), "%.4f" % close])
    return path


def ensure(path=DEFAULT_PATH):
    """Generate the synthetic series at ``path`` unless a file is there."""
    if not os.path.isfile(path):
        print("No %s: generating a synthetic USD/TWD series (generate_data.py)." % path)
        generate(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=DEFAULT_PATH)
    parser.add_argument("--days", type=int, default=750)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print("wrote", generate(args.out, args.days, args.seed))


if __name__ == "__main__":
    main()
