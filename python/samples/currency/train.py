"""Forecasts the next daily close of an exchange rate with an LSTM written in numpy (model.py).

The closes are scaled to 0..1 (min-max, fitted on the training part only, so the
validation part tells how the model does on values it never saw), cut into
windows of --window days, and the LSTM reads each window to predict the next
close (as a change from the window's last one); it is trained with backpropagation through time and Adam.

Metrics are logged in the Azure ML SDK v1 style, Run.get_context().log(...):
train_loss and val_loss (mean squared error on the scaled values) at each
epoch, then val_rmse and naive_val_rmse (in the currency's units; "naive"
predicts yesterday's close). The loss curves also go to TensorBoard event files
in --log-folder, as Keras' TensorBoard callback writes them (train/ and
validation/, tag epoch_loss, step = epoch index from 0). Saved to outputs/:
model.npz (the network, the scaler and the window length) and scaler.json.

The CSV needs Date (YYYY-MM-DD) and Close columns. Without --data, the
synthetic series of generate_data.py is used, generated first when missing.
"""

import argparse
import json
import os
import sys
import time

# The matrices here are small: threads of a multi-threaded BLAS cost more than they
# bring, and several runs on one machine would fight over its cores.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import numpy as np  # noqa: E402 (after the thread settings, which numpy reads once)

import generate_data  # noqa: E402
from model import LstmForecaster  # noqa: E402
from series import read_closes, split_windows  # noqa: E402
from tfevents import KerasLogs  # noqa: E402

try:
    from azureml.core import Run
except ImportError:
    sys.exit("This sample logs metrics with azureml.core's Run: run it through python/run_local.py, "
             "which provides a stand-in, or install azureml-core.")


def parse_args():
    parser = argparse.ArgumentParser(description="Train an LSTM exchange-rate forecaster.")
    parser.add_argument("--data", default=None, help="CSV with Date and Close columns "
                                                     "(default: data/usd_twd.csv beside this script)")
    parser.add_argument("--window", type=int, default=20)
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--learning-rate", type=float, default=0.001)
    parser.add_argument("--val-fraction", type=float, default=0.2)
    parser.add_argument("--log-folder", default="./logs",
                        help="where the TensorBoard event files go (default: ./logs)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for name in ("window", "hidden", "epochs", "batch_size"):
        if getattr(args, name) < 1:
            parser.error("--%s must be at least 1" % name.replace("_", "-"))
    return args


class Adam:
    """Adam on the global-norm-clipped gradient: clipping keeps backpropagation through time from exploding."""

    def __init__(self, params, learning_rate, clip=1.0, beta1=0.9, beta2=0.999):
        self.learning_rate, self.clip, self.beta1, self.beta2 = learning_rate, clip, beta1, beta2
        self.moments = {name: (np.zeros_like(value), np.zeros_like(value)) for name, value in params.items()}
        self.steps = 0

    def step(self, params, grads):
        norm = np.sqrt(sum(float(np.sum(grad * grad)) for grad in grads.values()))
        scale = min(1.0, self.clip / (norm + 1e-12))
        self.steps += 1
        for name, grad in grads.items():
            first, second = self.moments[name]
            first *= self.beta1
            first += (1 - self.beta1) * grad * scale
            second *= self.beta2
            second += (1 - self.beta2) * (grad * scale) ** 2
            first_unbiased = first / (1 - self.beta1 ** self.steps)
            second_unbiased = second / (1 - self.beta2 ** self.steps)
            params[name] -= self.learning_rate * first_unbiased / (np.sqrt(second_unbiased) + 1e-8)


def main():
    args = parse_args()
    path = args.data or generate_data.DEFAULT_PATH
    if args.data is None:
        generate_data.ensure(path)
    closes = read_closes(path)
    scaler, x_train, y_train, x_val, y_val = split_windows(closes, args.window, args.val_fraction)
    print("data: %d closes from %s, %d training and %d validation windows of %d days"
          % (len(closes), path, len(y_train), len(y_val), args.window))

    run = Run.get_context()
    run.tag("model", "lstm")
    rng = np.random.default_rng(args.seed)
    network = LstmForecaster.initialise(args.hidden, rng, scaler.low, scaler.high, args.window)
    optimizer = Adam(network.params, args.learning_rate)
    logs = KerasLogs(args.log_folder)
    try:
        for epoch in range(1, args.epochs + 1):
            started = time.time()
            order = rng.permutation(len(y_train))
            for first in range(0, len(order), args.batch_size):
                batch = order[first : first + args.batch_size]
                optimizer.step(network.params, network.loss_and_gradients(x_train[batch], y_train[batch])[1])
            train_loss, val_loss = network.loss(x_train, y_train), network.loss(x_val, y_val)
            run.log("train_loss", train_loss)
            run.log("val_loss", val_loss)
            logs.epoch_end(epoch - 1, {"loss": train_loss}, {"loss": val_loss})
            print("epoch %d/%d  train_loss %.6f  val_loss %.6f  (%.2f s)"
                  % (epoch, args.epochs, train_loss, val_loss, time.time() - started))
    finally:
        logs.close()

    # Errors in the currency's units: the scaling is linear, so RMSE scales by the range.
    val_rmse = np.sqrt(network.loss(x_val, y_val)) * (scaler.high - scaler.low)
    naive_rmse = np.sqrt(np.mean((x_val[:, -1] - y_val) ** 2)) * (scaler.high - scaler.low)
    run.log("val_rmse", float(val_rmse))
    run.log("naive_val_rmse", float(naive_rmse))
    print("val_rmse %.4f (yesterday's close as the forecast: %.4f)" % (val_rmse, naive_rmse))
    latest = scaler.scale(closes[-args.window :])[None, :]
    forecast = float(network.unscale(network.predict(latest))[0])
    print("next close forecast: %.4f (last close %.4f)" % (forecast, closes[-1]))

    os.makedirs("outputs", exist_ok=True)
    network.save(os.path.join("outputs", "model.npz"))
    with open(os.path.join("outputs", "scaler.json"), "w") as handle:
        json.dump({"min": scaler.low, "max": scaler.high, "window": args.window}, handle, indent=2)
    print("saved outputs/model.npz and outputs/scaler.json; TensorBoard event files in %s" % args.log_folder)


if __name__ == "__main__":
    main()
