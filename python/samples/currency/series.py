"""Daily closes from a CSV, min-max scaling, and the windows a forecaster learns from."""

import csv
import datetime

import numpy as np


def read_closes(path):
    """Closes in date order; rows without a number (holidays exported as "null") are skipped."""
    rows = []
    with open(path, newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            try:
                close = float(row["Close"])
                day = datetime.date.fromisoformat(row["Date"].strip())
            except (KeyError, TypeError, ValueError):
                continue
            if np.isfinite(close):
                rows.append((day, close))
    if not rows:
        raise ValueError("%s has no rows with a Date (YYYY-MM-DD) and a numeric Close" % path)
    rows.sort()
    return np.array([close for _day, close in rows])


class MinMaxScaler:
    """Maps [low, high] to [0, 1]; saved beside the model to read its forecasts."""

    def __init__(self, low, high):
        if not high > low:
            raise ValueError("cannot scale a constant series (min %r, max %r)" % (low, high))
        self.low = float(low)
        self.high = float(high)

    @classmethod
    def fit(cls, values):
        return cls(np.min(values), np.max(values))

    def scale(self, values):
        return (np.asarray(values) - self.low) / (self.high - self.low)

    def unscale(self, values):
        return np.asarray(values) * (self.high - self.low) + self.low


def make_windows(series, window):
    """Inputs (count, window) and the value following each window."""
    if len(series) <= window:
        raise ValueError("%d values are too few for windows of %d" % (len(series), window))
    count = len(series) - window
    inputs = np.stack([series[i : i + window] for i in range(count)])
    return inputs, series[window:]


def split_windows(closes, window, val_fraction):
    """The scaler fitted on the training part (the first 1 - val_fraction of the closes, so
    validation tells how the model does on values it never saw) and the scaled windows:
    (scaler, x_train, y_train, x_val, y_val). A window is a validation one when the day it
    predicts lies past the split."""
    if not 0 < val_fraction < 1:
        raise ValueError("the validation fraction must lie between 0 and 1, not %r" % val_fraction)
    split = int(len(closes) * (1 - val_fraction))
    scaler = MinMaxScaler.fit(closes[:split])
    inputs, targets = make_windows(scaler.scale(closes), window)
    is_train = np.arange(len(targets)) + window < split
    if is_train.all() or not is_train.any():
        raise ValueError("%d closes with windows of %d leave no %s windows"
                         % (len(closes), window, "validation" if is_train.all() else "training"))
    return scaler, inputs[is_train], targets[is_train], inputs[~is_train], targets[~is_train]
