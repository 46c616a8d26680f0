"""Classifies MNIST digits with a small neural network written in numpy.

A 784 -> hidden -> 10 perceptron (ReLU, softmax), trained with mini-batch SGD
with momentum. Metrics are logged with mlflow at each epoch (step = epoch):
train_loss, train_accuracy, val_loss, val_accuracy; the model is saved to
outputs/model.npz.

The data folder holds the four idx .gz files of MNIST. When the default folder
has none, a small synthetic set is generated there first (generate_data.py), so
the sample runs offline; a folder given with --data-folder is never filled in.
"""

import argparse
import os
import sys
import time

import numpy as np

import idx_format

try:
    import mlflow
except ImportError:
    sys.exit("This sample logs metrics with mlflow: run it through python/run_local.py, "
             "which provides a stand-in, or install mlflow.")

DEFAULT_DATA_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def parse_args():
    parser = argparse.ArgumentParser(description="Train a small MNIST classifier.")
    parser.add_argument("--data-folder", default=None,
                        help="folder with the MNIST .gz files (default: data/ beside this script)")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--learning-rate", type=float, default=0.05)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def load_data(folder):
    """(x_train, y_train, x_val, y_val): pixels scaled to 0..1, one row per image."""
    paths = [os.path.join(folder, name) for name in idx_format.FILES]
    x_train = idx_format.read_images(paths[0]).reshape(-1, 28 * 28).astype(np.float32) / 255.0
    y_train = idx_format.read_labels(paths[1]).astype(np.int64)
    x_val = idx_format.read_images(paths[2]).reshape(-1, 28 * 28).astype(np.float32) / 255.0
    y_val = idx_format.read_labels(paths[3]).astype(np.int64)
    return x_train, y_train, x_val, y_val


def ensure_data(folder, explicit):
    missing = [name for name in idx_format.FILES if not os.path.isfile(os.path.join(folder, name))]
    if not missing:
        return
    if explicit:
        sys.exit("%s lacks %s. Point --data-folder at the MNIST files, or run "
                 "generate_data.py --out %s for a synthetic set." % (folder, ", ".join(missing), folder))
    import generate_data

    print("No MNIST files in %s: generating a small synthetic set (generate_data.py)." % folder)
    generate_data.generate(folder)


class Network:
    def __init__(self, inputs, hidden, classes, rng):
        # He initialisation suits ReLU layers.
        self.w1 = rng.normal(0, np.sqrt(2.0 / inputs), (inputs, hidden)).astype(np.float32)
        self.b1 = np.zeros(hidden, np.float32)
        self.w2 = rng.normal(0, np.sqrt(2.0 / hidden), (hidden, classes)).astype(np.float32)
        self.b2 = np.zeros(classes, np.float32)
        self.velocity = [np.zeros_like(p) for p in self.parameters()]

    def parameters(self):
        return [self.w1, self.b1, self.w2, self.b2]

    def forward(self, x):
        hidden = np.maximum(x @ self.w1 + self.b1, 0.0)
        logits = hidden @ self.w2 + self.b2
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return hidden, exp / exp.sum(axis=1, keepdims=True)

    def evaluate(self, x, y):
        """(mean cross-entropy, accuracy)."""
        _, probs = self.forward(x)
        loss = -np.mean(np.log(probs[np.arange(len(y)), y] + 1e-12))
        return float(loss), float(np.mean(probs.argmax(axis=1) == y))

    def train_step(self, x, y, learning_rate, momentum=0.9):
        hidden, probs = self.forward(x)
        grad_logits = probs.copy()
        grad_logits[np.arange(len(y)), y] -= 1.0
        grad_logits /= len(y)
        grad_hidden = (grad_logits @ self.w2.T) * (hidden > 0)
        grads = [x.T @ grad_hidden, grad_hidden.sum(axis=0), hidden.T @ grad_logits, grad_logits.sum(axis=0)]
        for param, velocity, grad in zip(self.parameters(), self.velocity, grads):
            velocity *= momentum
            velocity -= learning_rate * grad
            param += velocity

    def save(self, path):
        np.savez(path, w1=self.w1, b1=self.b1, w2=self.w2, b2=self.b2)


def main():
    args = parse_args()
    folder = args.data_folder or DEFAULT_DATA_FOLDER
    ensure_data(folder, explicit=args.data_folder is not None)
    x_train, y_train, x_val, y_val = load_data(folder)
    print("data: %d training and %d validation images from %s" % (len(x_train), len(x_val), folder))

    mlflow.log_params({"epochs": args.epochs, "batch_size": args.batch_size,
                       "learning_rate": args.learning_rate, "hidden": args.hidden,
                       "train_images": len(x_train)})
    rng = np.random.default_rng(args.seed)
    network = Network(x_train.shape[1], args.hidden, 10, rng)
    for epoch in range(1, args.epochs + 1):
        started = time.time()
        order = rng.permutation(len(x_train))
        for first in range(0, len(order), args.batch_size):
            batch = order[first : first + args.batch_size]
            network.train_step(x_train[batch], y_train[batch], args.learning_rate)
        train_loss, train_accuracy = network.evaluate(x_train, y_train)
        val_loss, val_accuracy = network.evaluate(x_val, y_val)
        metrics = {"train_loss": train_loss, "train_accuracy": train_accuracy,
                   "val_loss": val_loss, "val_accuracy": val_accuracy}
        for key, value in metrics.items():
            mlflow.log_metric(key, value, step=epoch)
        print("epoch %d/%d  %s  (%.1f s)" % (epoch, args.epochs,
              "  ".join("%s %.4f" % item for item in metrics.items()), time.time() - started))

    os.makedirs("outputs", exist_ok=True)
    network.save(os.path.join("outputs", "model.npz"))
    print("saved outputs/model.npz")


if __name__ == "__main__":
    main()
