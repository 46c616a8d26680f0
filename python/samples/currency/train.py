"""Forecasts the next daily close of an exchange rate with a small recurrent network in numpy.

The closes are scaled to 0..1 (min-max, fitted on the training part only, so
the validation part tells how the model does on values it never saw), cut into
windows of --window days, and a simple RNN (tanh) reads each window to predict
the next close; it is trained with backpropagation through time and Adam.

Metrics are logged in the Azure ML SDK v1 style, Run.get_context().log(...):
train_loss and val_loss (mean squared error on the scaled values) at each
epoch, then val_rmse and naive_val_rmse (in the currency's units; "naive"
predicts yesterday's close). Saved to outputs/: model.npz and scaler.json.

The CSV needs Date (YYYY-MM-DD) and Close columns. Without --data, the
synthetic series of generate_data.py is used, generated first when missing.
"""

import argparse
import json
import os
import sys
import time

import numpy as np

from series import MinMaxScaler, make_windows, read_closes

try:
    from azureml.core import Run
except ImportError:
    sys.exit("This sample logs metrics with azureml.core's Run: run it through python/run_local.py, "
             "which provides a stand-in, or install azureml-core.")

DEFAULT_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "usd_twd.csv")


def parse_args():
    parser = argparse.ArgumentParser(description="Train a small exchange-rate forecaster.")
    parser.add_argument("--data", default=None, help="CSV with Date and Close columns "
                                                     "(default: data/usd_twd.csv beside this script)")
    parser.add_argument("--window", type=int, default=20)
    parser.add_argument("--hidden", type=int, default=16)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--learning-rate", type=float, default=0.001)
    parser.add_argument("--val-fraction", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


class RecurrentNet:
    """h_t = tanh(x_t * wx + h_{t-1} @ wh + bh); prediction = h_last @ wy + by."""

    def __init__(self, hidden, rng):
        self.params = {
            "wx": rng.normal(0, 0.5, (1, hidden)),
            "wh": rng.normal(0, 1.0 / np.sqrt(hidden), (hidden, hidden)),
            "bh": np.zeros(hidden),
            "wy": rng.normal(0, 1.0 / np.sqrt(hidden), (hidden, 1)),
            "by": np.zeros(1),
        }
        self.moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in self.params.items()}
        self.steps = 0

    def forward(self, inputs):
        p = self.params
        states = [np.zeros((inputs.shape[0], p["bh"].shape[0]))]
        for t in range(inputs.shape[1]):
            states.append(np.tanh(inputs[:, t : t + 1] @ p["wx"] + states[-1] @ p["wh"] + p["bh"]))
        return (states[-1] @ p["wy"] + p["by"])[:, 0], states

    def loss(self, inputs, targets):
        predictions, _ = self.forward(inputs)
        return float(np.mean((predictions - targets) ** 2))

    def gradients(self, inputs, targets):
        p = self.params
        predictions, states = self.forward(inputs)
        d_pred = (2.0 / len(targets)) * (predictions - targets)[:, None]
        grads = {k: np.zeros_like(v) for k, v in p.items()}
        grads["wy"] = states[-1].T @ d_pred
        grads["by"] = d_pred.sum(axis=0)
        d_state = d_pred @ p["wy"].T
        for t in reversed(range(inputs.shape[1])):
            d_pre = d_state * (1.0 - states[t + 1] ** 2)
            grads["wx"] += inputs[:, t : t + 1].T @ d_pre
            grads["wh"] += states[t].T @ d_pre
            grads["bh"] += d_pre.sum(axis=0)
            d_state = d_pre @ p["wh"].T
        return grads

    def adam_step(self, grads, learning_rate, clip=1.0, beta1=0.9, beta2=0.999):
        # Clipping the global norm keeps backpropagation through time from exploding.
        norm = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
        scale = min(1.0, clip / (norm + 1e-12))
        self.steps += 1
        for key, grad in grads.items():
            first, second = self.moments[key]
            first *= beta1
            first += (1 - beta1) * grad * scale
            second *= beta2
            second += (1 - beta2) * (grad * scale) ** 2
            corrected = (first / (1 - beta1 ** self.steps)) / (np.sqrt(second / (1 - beta2 ** self.steps)) + 1e-8)
            self.params[key] -= learning_rate * corrected

    def save(self, path):
        np.savez(path, **self.params)


def main():
    args = parse_args()
    path = args.data or DEFAULT_DATA
    if args.data is None and not os.path.isfile(path):
        import generate_data

        print("No %s: generating a synthetic USD/TWD series (generate_data.py)." % path)
        generate_data.generate(path)
    series = read_closes(path)
    split = int(len(series) * (1 - args.val_fraction))
    scaler = MinMaxScaler.fit(series[:split])
    inputs, targets = make_windows(scaler.scale(series), args.window)
    # A window belongs to validation when the day it predicts lies past the split.
    is_train = np.arange(len(targets)) + args.window < split
    x_train, y_train, x_val, y_val = inputs[is_train], targets[is_train], inputs[~is_train], targets[~is_train]
    print("data: %d closes from %s, %d training and %d validation windows of %d days"
          % (len(series), path, len(y_train), len(y_val), args.window))

    run = Run.get_context()
    run.tag("model", "rnn")
    rng = np.random.default_rng(args.seed)
    network = RecurrentNet(args.hidden, rng)
    for epoch in range(1, args.epochs + 1):
        started = time.time()
        order = rng.permutation(len(y_train))
        for first in range(0, len(order), args.batch_size):
            batch = order[first : first + args.batch_size]
            network.adam_step(network.gradients(x_train[batch], y_train[batch]), args.learning_rate)
        train_loss, val_loss = network.loss(x_train, y_train), network.loss(x_val, y_val)
        run.log("train_loss", train_loss)
        run.log("val_loss", val_loss)
        print("epoch %d/%d  train_loss %.6f  val_loss %.6f  (%.2f s)"
              % (epoch, args.epochs, train_loss, val_loss, time.time() - started))

    # Errors in the currency's units: the scaling is linear, so RMSE scales by the range.
    val_rmse = np.sqrt(network.loss(x_val, y_val)) * (scaler.high - scaler.low)
    naive_rmse = np.sqrt(np.mean((x_val[:, -1] - y_val) ** 2)) * (scaler.high - scaler.low)
    run.log("val_rmse", float(val_rmse))
    run.log("naive_val_rmse", float(naive_rmse))
    print("val_rmse %.4f (yesterday's close as the forecast: %.4f)" % (val_rmse, naive_rmse))
    latest = scaler.scale(series[-args.window :])[None, :]
    forecast = float(scaler.unscale(network.forward(latest)[0])[0])
    print("next close forecast: %.4f (last close %.4f)" % (forecast, series[-1]))

    os.makedirs("outputs", exist_ok=True)
    network.save(os.path.join("outputs", "model.npz"))
    with open(os.path.join("outputs", "scaler.json"), "w") as handle:
        json.dump({"min": scaler.low, "max": scaler.high, "window": args.window}, handle, indent=2)
    print("saved outputs/model.npz and outputs/scaler.json")


if __name__ == "__main__":
    main()
