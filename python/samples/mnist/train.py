"""Classifies MNIST digits with LeNet-5 written in numpy (model.py).

Trained with mini-batch SGD with momentum. Each epoch logs, with mlflow (step =
epoch, from 1), train_loss and train_accuracy (averaged over the epoch's batches,
as Keras reports them) and val_loss and val_accuracy; the same curves go to
TensorBoard event files in --log-folder, as Keras' TensorBoard callback writes
them (train/ and validation/, tags epoch_loss and epoch_accuracy, step = epoch
index from 0). The model is saved to outputs/model.npz.

The data folder holds the four idx .gz files of MNIST. When the default folder
has none, a small synthetic set is generated there first (generate_data.py), so
the sample runs offline; a folder given with --data-folder is never filled in.
Real MNIST is large for numpy on one core: by default the first 12,000 training
and 2,000 test images are used (--train-count, --val-count; 0 for all).
"""

import argparse
import os
import sys
import time

# The matrices here are small: threads of a multi-threaded BLAS cost more than they
# bring, and several runs on one machine would fight over its cores.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import numpy as np  # noqa: E402 (after the thread settings, which numpy reads once)

import generate_data  # noqa: E402
import idx_format  # noqa: E402
from model import LeNet5  # noqa: E402
from tfevents import KerasLogs  # noqa: E402

try:
    import mlflow
except ImportError:
    sys.exit("This sample logs metrics with mlflow: run it through python/run_local.py, "
             "which provides a stand-in, or install mlflow.")

def parse_args():
    parser = argparse.ArgumentParser(description="Train LeNet-5 on MNIST.")
    parser.add_argument("--data-folder", default=None,
                        help="folder with the MNIST .gz files (default: data/ beside this script)")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--learning-rate", type=float, default=0.05)
    parser.add_argument("--train-count", type=int, default=12000,
                        help="training images used, from the first (0: all)")
    parser.add_argument("--val-count", type=int, default=2000,
                        help="test images used for validation, from the first (0: all)")
    parser.add_argument("--log-folder", default="./logs",
                        help="where the TensorBoard event files go (default: ./logs)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for name in ("epochs", "batch_size"):
        if getattr(args, name) < 1:
            parser.error("--%s must be at least 1" % name.replace("_", "-"))
    for name in ("train_count", "val_count"):
        if getattr(args, name) < 0:
            parser.error("--%s must be 0 (all) or more" % name.replace("_", "-"))
    return args


def load_data(folder, train_count=0, val_count=0):
    """(x_train, y_train, x_val, y_val): the first images of each set (all for a count of 0),
    pixels scaled to 0..1, shape (count, 28, 28)."""
    paths = [os.path.join(folder, name) for name in idx_format.FILES]

    def first(images, labels, count):
        count = count or len(labels)
        return images[:count].astype(np.float32) / 255.0, labels[:count].astype(np.int64)

    x_train, y_train = first(idx_format.read_images(paths[0]), idx_format.read_labels(paths[1]), train_count)
    x_val, y_val = first(idx_format.read_images(paths[2]), idx_format.read_labels(paths[3]), val_count)
    return x_train, y_train, x_val, y_val


class Momentum:
    """SGD with momentum: v = momentum * v - learning_rate * gradient; parameter += v."""

    def __init__(self, params, learning_rate, momentum=0.9):
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.velocity = {name: np.zeros_like(value) for name, value in params.items()}

    def step(self, params, grads):
        for name, grad in grads.items():
            velocity = self.velocity[name]
            velocity *= self.momentum
            velocity -= self.learning_rate * grad
            params[name] += velocity


def evaluate(network, images, labels):
    """(mean cross-entropy, accuracy)."""
    probabilities = network.predict(images)
    loss = -np.mean(np.log(probabilities[np.arange(len(labels)), labels] + 1e-12))
    return float(loss), float(np.mean(probabilities.argmax(axis=1) == labels))


def train_epoch(network, optimizer, images, labels, batch_size, rng):
    """One pass over the shuffled training set: (mean loss, accuracy) over its batches."""
    order = rng.permutation(len(labels))
    loss_sum = correct = 0.0
    for first in range(0, len(order), batch_size):
        batch = order[first : first + batch_size]
        loss, right, grads = network.loss_and_gradients(images[batch], labels[batch])
        optimizer.step(network.params, grads)
        loss_sum += loss * len(batch)
        correct += right
    return loss_sum / len(labels), correct / len(labels)


def main():
    args = parse_args()
    folder = args.data_folder or generate_data.DEFAULT_FOLDER
    generate_data.ensure(folder, explicit=args.data_folder is not None)
    x_train, y_train, x_val, y_val = load_data(folder, args.train_count, args.val_count)
    print("data: %d training and %d validation images from %s" % (len(x_train), len(x_val), folder))

    mlflow.log_params({"epochs": args.epochs, "batch_size": args.batch_size, "learning_rate": args.learning_rate,
                       "train_images": len(x_train), "val_images": len(x_val), "model": "LeNet-5"})
    rng = np.random.default_rng(args.seed)
    network = LeNet5.initialise(rng)
    optimizer = Momentum(network.params, args.learning_rate)
    logs = KerasLogs(args.log_folder)
    try:
        for epoch in range(1, args.epochs + 1):
            started = time.time()
            train_loss, train_accuracy = train_epoch(network, optimizer, x_train, y_train, args.batch_size, rng)
            val_loss, val_accuracy = evaluate(network, x_val, y_val)
            metrics = {"train_loss": train_loss, "train_accuracy": train_accuracy,
                       "val_loss": val_loss, "val_accuracy": val_accuracy}
            for key, value in metrics.items():
                mlflow.log_metric(key, value, step=epoch)
            logs.epoch_end(epoch - 1, {"loss": train_loss, "accuracy": train_accuracy},
                           {"loss": val_loss, "accuracy": val_accuracy})
            print("epoch %d/%d  %s  (%.1f s)" % (epoch, args.epochs,
                  "  ".join("%s %.4f" % item for item in metrics.items()), time.time() - started))
    finally:
        logs.close()

    os.makedirs("outputs", exist_ok=True)
    network.save(os.path.join("outputs", "model.npz"))
    print("saved outputs/model.npz; TensorBoard event files in %s" % args.log_folder)


if __name__ == "__main__":
    main()
