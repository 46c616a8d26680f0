"""The two samples: their data formats, and a full run of each through the harness.

They use numpy (the harness does not); without it these tests are skipped.
"""

import gzip
import importlib.util
import json
import os
import struct
import sys
import unittest

try:
    import numpy as np
except ImportError:
    np = None

from tests.support import SAMPLES_DIR, HarnessTestCase, metric_lines, read_text


def load_sample_module(sample, name):
    """Import samples/<sample>/<name>.py as the script would, without writing __pycache__."""
    folder = os.path.join(SAMPLES_DIR, sample)
    sys.path.insert(0, folder)
    writes_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        spec = importlib.util.spec_from_file_location("%s_%s" % (sample, name), os.path.join(folder, name + ".py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.dont_write_bytecode = writes_bytecode
        sys.path.remove(folder)


@unittest.skipIf(np is None, "numpy is not installed")
class MnistDataTest(HarnessTestCase):
    def setUp(self):
        super().setUp()
        self.idx = load_sample_module("mnist", "idx_format")
        self.generator = load_sample_module("mnist", "generate_data")

    def test_idx_round_trip_and_header_bytes(self):
        images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
        labels = np.array([7, 1], dtype=np.uint8)
        images_path = os.path.join(self.tmp, "images-idx3-ubyte.gz")
        labels_path = os.path.join(self.tmp, "labels-idx1-ubyte.gz")
        self.idx.write_images(images_path, images)
        self.idx.write_labels(labels_path, labels)
        with gzip.open(images_path, "rb") as handle:
            raw = handle.read()
        self.assertEqual(struct.unpack(">IIII", raw[:16]), (2051, 2, 3, 4))
        self.assertEqual(raw[16:], images.tobytes())
        with gzip.open(labels_path, "rb") as handle:
            self.assertEqual(handle.read(), struct.pack(">II", 2049, 2) + b"\x07\x01")
        np.testing.assert_array_equal(self.idx.read_images(images_path), images)
        np.testing.assert_array_equal(self.idx.read_labels(labels_path), labels)

    def test_reader_refuses_wrong_magic_and_truncated_files(self):
        labels_path = os.path.join(self.tmp, "labels.gz")
        self.idx.write_labels(labels_path, list(range(10)))
        with self.assertRaisesRegex(ValueError, "magic 2049"):
            self.idx.read_images(labels_path)
        truncated = os.path.join(self.tmp, "truncated.gz")
        with gzip.open(truncated, "wb") as handle:
            handle.write(struct.pack(">II", 2049, 10) + b"\x01\x02")
        with self.assertRaisesRegex(ValueError, "truncated"):
            self.idx.read_labels(truncated)

    def test_generator_writes_the_four_mnist_files(self):
        folder = os.path.join(self.tmp, "data")
        paths = self.generator.generate(folder, train_count=120, test_count=30, seed=3)
        self.assertEqual([os.path.basename(p) for p in paths], list(self.idx.FILES))
        images = self.idx.read_images(paths[0])
        labels = self.idx.read_labels(paths[1])
        self.assertEqual((images.shape, images.dtype, labels.shape), ((120, 28, 28), np.uint8, (120,)))
        self.assertEqual(set(labels.tolist()), set(range(10)))
        self.assertEqual(self.idx.read_images(paths[2]).shape, (30, 28, 28))
        # Digits are drawn: ink on a dark background, and different digits differ.
        self.assertGreater(images.max(), 200)
        self.assertLess(np.median(images), 60)
        ones, eights = images[labels == 1].mean(axis=0), images[labels == 8].mean(axis=0)
        self.assertGreater(eights.sum(), ones.sum() * 1.5)


@unittest.skipIf(np is None, "numpy is not installed")
class CurrencySeriesTest(HarnessTestCase):
    def setUp(self):
        super().setUp()
        self.series = load_sample_module("currency", "series")

    def test_reads_a_real_export_in_date_order(self):
        path = self.write("usd_twd.csv", """\
            Date,Open,High,Low,Close,Adj Close,Volume
            2024-01-03,30.9,31.0,30.8,30.95,30.95,0
            2024-01-01,null,null,null,null,null,null
            2024-01-02,30.7,30.9,30.6,30.80,30.80,0
            2024-01-04,31.0,31.2,30.9,31.10,31.10,0
        """)
        np.testing.assert_allclose(self.series.read_closes(path), [30.80, 30.95, 31.10])

    def test_refuses_a_file_without_usable_rows(self):
        path = self.write("bad.csv", "Day,Price\n2024-01-01,1\n")
        with self.assertRaisesRegex(ValueError, "no rows"):
            self.series.read_closes(path)

    def test_scaler_and_windows(self):
        scaler = self.series.MinMaxScaler.fit([28.0, 30.0, 32.0])
        np.testing.assert_allclose(scaler.scale([28.0, 31.0]), [0.0, 0.75])
        np.testing.assert_allclose(scaler.unscale([0.5]), [30.0])
        inputs, targets = self.series.make_windows(np.arange(6.0), 4)
        np.testing.assert_array_equal(inputs, [[0, 1, 2, 3], [1, 2, 3, 4]])
        np.testing.assert_array_equal(targets, [4, 5])
        with self.assertRaises(ValueError):
            self.series.MinMaxScaler.fit([1.0, 1.0])


@unittest.skipIf(np is None, "numpy is not installed")
class SampleRunTest(HarnessTestCase):
    """Each sample trained through the harness, with data generated in its snapshot."""

    def run_sample(self, sample, *args):
        script = os.path.join(SAMPLES_DIR, sample, "train.py")
        result = self.run_harness(script, *args, experiment=sample, timeout=120)
        log = read_text(result.run_dir, "artifacts", "azureml-logs", "70_driver_log.txt")
        self.assertEqual(result.ended["status"], "FINISHED", log)
        return result

    def test_mnist_learns_and_saves_its_model(self):
        result = self.run_sample("mnist", "--epochs", "3")
        for key in ("train_loss", "train_accuracy", "val_loss", "val_accuracy"):
            self.assertEqual([step for _t, _v, step in metric_lines(result.run_dir, key)], [1, 2, 3], key)
        accuracy = [value for _t, value, _s in metric_lines(result.run_dir, "val_accuracy")]
        self.assertGreater(accuracy[-1], 0.6)
        loss = [value for _t, value, _s in metric_lines(result.run_dir, "train_loss")]
        self.assertLess(loss[-1], loss[0])
        self.assertEqual(read_text(result.run_dir, "params", "epochs"), "3")
        model = np.load(os.path.join(result.run_dir, "artifacts", "outputs", "model.npz"))
        self.assertEqual(model["w1"].shape, (784, 64))

    def test_mnist_refuses_an_explicit_folder_without_data(self):
        script = os.path.join(SAMPLES_DIR, "mnist", "train.py")
        result = self.run_harness(script, "--data-folder", os.path.join(self.tmp, "empty"))
        self.assertEqual(result.ended["status"], "FAILED")
        self.assertIn("generate_data.py", read_text(result.run_dir, "artifacts", "azureml-logs",
                                                    "70_driver_log.txt"))

    def test_currency_logs_v1_series_and_saves_model_and_scaler(self):
        result = self.run_sample("currency", "--epochs", "4")
        for key in ("train_loss", "val_loss"):
            self.assertEqual([step for _t, _v, step in metric_lines(result.run_dir, key)], [0, 1, 2, 3], key)
        self.assertEqual(len(metric_lines(result.run_dir, "val_rmse")), 1)
        outputs = os.path.join(result.run_dir, "artifacts", "outputs")
        scaler = json.loads(read_text(outputs, "scaler.json"))
        self.assertLess(scaler["min"], scaler["max"])
        self.assertEqual(scaler["window"], 20)
        self.assertEqual(set(np.load(os.path.join(outputs, "model.npz")).files), {"wx", "wh", "bh", "wy", "by"})


if __name__ == "__main__":
    unittest.main()
