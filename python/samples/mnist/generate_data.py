"""Writes a small synthetic data set in MNIST's own file format.

Each image is a digit drawn as seven-segment strokes, with a random position,
size, slant, stroke width, ink level and noise, so that a model has something
real to learn while the whole set stays tiny and is made offline in a second.
Point train.py at the real MNIST files instead with --data-folder.

    python generate_data.py [--out data] [--train-count 2000] [--test-count 500]
"""

import argparse
import os
import sys

import numpy as np

import idx_format

SIZE = 28
# Segment end points in a unit box (x right, y down): a top, b top right,
# c bottom right, d bottom, e bottom left, f top left, g middle.
SEGMENTS = {
    "a": ((0, 0), (1, 0)), "b": ((1, 0), (1, 1)), "c": ((1, 1), (1, 2)),
    "d": ((0, 2), (1, 2)), "e": ((0, 1), (0, 2)), "f": ((0, 0), (0, 1)), "g": ((0, 1), (1, 1)),
}
DIGITS = ["abcdef", "bc", "abged", "abgcd", "fgbc", "afgcd", "afgedc", "abc", "abcdefg", "abcdfg"]
DEFAULT_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def draw_digit(digit, rng):
    """One 28x28 uint8 image of ``digit``."""
    width = rng.uniform(7, 11)
    height = rng.uniform(8, 10)  # per half: the digit is 2*height tall
    slant = rng.uniform(-0.25, 0.25)
    left = rng.uniform(4, SIZE - 4 - width)
    top = rng.uniform(3, SIZE - 3 - 2 * height)
    stroke = rng.uniform(1.0, 2.0)
    segments = np.array([SEGMENTS[name] for name in DIGITS[digit]], dtype=float)
    # Scale into the image, then slant: x moves with the distance from the bottom.
    points = segments * [width, height] + [left, top]
    points[..., 0] += slant * (top + 2 * height - points[..., 1])
    ys, xs = np.mgrid[0:SIZE, 0:SIZE]
    pixels = np.stack([xs.ravel(), ys.ravel()], axis=1).astype(float)
    distance = np.min([_distance_to_segment(pixels, start, end) for start, end in points], axis=0)
    ink = np.clip(stroke + 0.5 - distance, 0.0, 1.0) * rng.uniform(0.7, 1.0)
    noisy = ink + rng.normal(0.0, 0.08, ink.shape)
    return (np.clip(noisy, 0.0, 1.0) * 255).astype(np.uint8).reshape(SIZE, SIZE)


def _distance_to_segment(pixels, start, end):
    direction = end - start
    t = np.clip((pixels - start) @ direction / max(direction @ direction, 1e-9), 0.0, 1.0)
    nearest = start + t[:, None] * direction
    return np.linalg.norm(pixels - nearest, axis=1)


def make_set(count, rng):
    labels = rng.integers(0, 10, size=count).astype(np.uint8)
    images = np.stack([draw_digit(int(label), rng) for label in labels])
    return images, labels


def generate(folder=DEFAULT_FOLDER, train_count=2000, test_count=500, seed=0):
    """Write the four idx files into ``folder``; return their paths."""
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(seed)
    train_images, train_labels = make_set(train_count, rng)
    test_images, test_labels = make_set(test_count, rng)
    paths = [os.path.join(folder, name) for name in idx_format.FILES]
    idx_format.write_images(paths[0], train_images)
    idx_format.write_labels(paths[1], train_labels)
    idx_format.write_images(paths[2], test_images)
    idx_format.write_labels(paths[3], test_labels)
    return paths


def ensure(folder, explicit):
    """Generate the synthetic set into ``folder`` when it lacks the MNIST files, unless the
    folder was given explicitly: then stop, naming what is missing."""
    missing = [name for name in idx_format.FILES if not os.path.isfile(os.path.join(folder, name))]
    if not missing:
        return
    if explicit:
        sys.exit("%s lacks %s. Point --data-folder at the MNIST files, or run "
                 "generate_data.py --out %s for a synthetic set." % (folder, ", ".join(missing), folder))
    print("No MNIST files in %s: generating a small synthetic set (generate_data.py)." % folder)
    generate(folder)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=DEFAULT_FOLDER, help="folder for the four .gz files")
    parser.add_argument("--train-count", type=int, default=2000)
    parser.add_argument("--test-count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    for path in generate(args.out, args.train_count, args.test_count, args.seed):
        print("wrote", path)


if __name__ == "__main__":
    main()
