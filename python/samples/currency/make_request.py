"""Writes sample-request.json: the last validation windows of a CSV, as score.py takes them.

    python make_request.py [--data FILE] [--window 20] [--val-fraction 0.2] [--count 3] [--out sample-request.json]

The windows are scaled as train.py scales them with the same --window and
--val-fraction (min-max of the training part), so they suit a model trained on the
same CSV; the closes that followed them are the CSV's last ones. The shipped file
comes from the synthetic series (data/usd_twd.csv, generated when missing).
"""

import argparse
import os

import generate_data
from series import read_closes, split_windows

HERE = os.path.dirname(os.path.abspath(__file__))


def request_text(windows):
    """{"data": [...]} with one window per line."""
    rows = ["    [" + ", ".join("%.6f" % close for close in window) + "]" for window in windows]
    return '{\n  "data": [\n' + ",\n".join(rows) + "\n  ]\n}\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="CSV with Date and Close columns (default: data/usd_twd.csv)")
    parser.add_argument("--window", type=int, default=20)
    parser.add_argument("--val-fraction", type=float, default=0.2)
    parser.add_argument("--count", type=int, default=3)
    parser.add_argument("--out", default=os.path.join(HERE, "sample-request.json"))
    args = parser.parse_args()
    path = args.data or generate_data.DEFAULT_PATH
    if args.data is None:
        generate_data.ensure(path)
    closes = read_closes(path)
    x_val = split_windows(closes, args.window, args.val_fraction)[3]
    with open(args.out, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(request_text(x_val[-args.count :]))
    print("wrote %s: windows before the closes %s" % (args.out, ", ".join("%.4f" % close for close in closes[-args.count :])))


if __name__ == "__main__":
    main()
