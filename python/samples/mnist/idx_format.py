"""Reads and writes the MNIST idx format, gzipped as the data set is distributed.

images: 16-byte header (magic 2051, count, rows, cols), then count*rows*cols bytes
labels:  8-byte header (magic 2049, count), then count bytes
All header fields are big-endian unsigned 32-bit integers.
"""

import gzip
import struct

import numpy as np

IMAGES_MAGIC = 2051
LABELS_MAGIC = 2049

TRAIN_IMAGES = "train-images-idx3-ubyte.gz"
TRAIN_LABELS = "train-labels-idx1-ubyte.gz"
TEST_IMAGES = "t10k-images-idx3-ubyte.gz"
TEST_LABELS = "t10k-labels-idx1-ubyte.gz"
FILES = (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)


def _open(path, mode):
    # The files are gzipped as distributed; an unpacked copy reads the same.
    return gzip.open(path, mode) if str(path).endswith(".gz") else open(path, mode)


def read_images(path):
    """uint8 array of shape (count, rows, cols)."""
    with _open(path, "rb") as handle:
        magic, count, rows, cols = struct.unpack(">IIII", _read_exactly(handle, 16, path))
        if magic != IMAGES_MAGIC:
            raise ValueError("%s: magic %d is not an idx image file (%d)" % (path, magic, IMAGES_MAGIC))
        pixels = _read_exactly(handle, count * rows * cols, path)
    return np.frombuffer(pixels, dtype=np.uint8).reshape(count, rows, cols)


def read_labels(path):
    """uint8 array of shape (count,)."""
    with _open(path, "rb") as handle:
        magic, count = struct.unpack(">II", _read_exactly(handle, 8, path))
        if magic != LABELS_MAGIC:
            raise ValueError("%s: magic %d is not an idx label file (%d)" % (path, magic, LABELS_MAGIC))
        return np.frombuffer(_read_exactly(handle, count, path), dtype=np.uint8).copy()


def _read_exactly(handle, size, path):
    data = handle.read(size)
    if len(data) != size:
        raise ValueError("%s: truncated (wanted %d bytes, got %d)" % (path, size, len(data)))
    return data


def write_images(path, images):
    images = np.asarray(images, dtype=np.uint8)
    count, rows, cols = images.shape
    # mtime=0 makes the same data give the same file.
    with gzip.GzipFile(path, "wb", mtime=0) as handle:
        handle.write(struct.pack(">IIII", IMAGES_MAGIC, count, rows, cols))
        handle.write(images.tobytes())


def write_labels(path, labels):
    labels = np.asarray(labels, dtype=np.uint8)
    with gzip.GzipFile(path, "wb", mtime=0) as handle:
        handle.write(struct.pack(">II", LABELS_MAGIC, labels.shape[0]))
        handle.write(labels.tobytes())
