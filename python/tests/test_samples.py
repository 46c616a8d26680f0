"""The two samples: their data formats, and full runs of each through the harness.

They use numpy (the harness does not); without it these tests are skipped.
"""

import glob
import gzip
import json
import os
import struct
import unittest

try:
    import numpy as np
except ImportError:
    np = None

from tests import tfevents_records
from tests.samples_support import load_sample_module
from tests.support import SAMPLES_DIR, HarnessTestCase, metric_lines, read_text


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

    def test_split_scales_by_the_training_part_and_keeps_validation_after_it(self):
        closes = np.array([10.0, 12.0, 11.0, 14.0, 13.0, 20.0, 8.0, 15.0, 16.0, 17.0])
        scaler, x_train, y_train, x_val, y_val = self.series.split_windows(closes, 3, 0.3)
        self.assertEqual((scaler.low, scaler.high), (8.0, 20.0), "fitted on the first 7 closes")
        np.testing.assert_allclose(scaler.unscale(x_train[0]), [10.0, 12.0, 11.0])
        np.testing.assert_allclose(scaler.unscale(y_train), [14.0, 13.0, 20.0, 8.0])
        np.testing.assert_allclose(scaler.unscale(y_val), [15.0, 16.0, 17.0], err_msg="days past the split")
        np.testing.assert_allclose(scaler.unscale(x_val[-1]), [8.0, 15.0, 16.0])
        with self.assertRaisesRegex(ValueError, "between 0 and 1"):
            self.series.split_windows(closes, 3, 1.0)
        with self.assertRaisesRegex(ValueError, "leave no training windows"):
            self.series.split_windows(closes, 8, 0.2)

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
        result = self.run_harness(script, *args, experiment=sample, timeout=180)
        log = read_text(result.run_dir, "artifacts", "azureml-logs", "70_driver_log.txt")
        self.assertEqual(result.ended["status"], "FINISHED", log)
        return result, log

    def event_scalars(self, log_folder):
        """{"train"/"validation": {tag: [(step, value)]}} of the one event file in each sub-folder."""
        self.assertEqual(sorted(os.listdir(log_folder)), ["train", "validation"])
        layout = {}
        for sub in ("train", "validation"):
            [path] = glob.glob(os.path.join(log_folder, sub, "*"))
            self.assertRegex(os.path.basename(path), r"^events\.out\.tfevents\.\d{10}\..+\.\d+\.\d+\.v2$")
            events = tfevents_records.read_events(path)
            self.assertEqual(events[0]["file_version"], "brain.Event:2")
            layout[sub] = tfevents_records.scalars(events)
        return layout

    def assert_events_match_metrics(self, run_dir, events, pairs):
        """Each (sub-folder, tag, metric) holds the metric's values (as float32) at step = its index from 0."""
        for sub, tag, key in pairs:
            logged = [value for _t, value, _s in metric_lines(run_dir, key)]
            expected = [(step, struct.unpack("<f", struct.pack("<f", value))[0]) for step, value in enumerate(logged)]
            self.assertEqual(events[sub][tag], expected, "%s/%s against %s" % (sub, tag, key))

    def test_mnist_lenet_learns_logs_both_ways_and_saves_its_model(self):
        result, log = self.run_sample("mnist", "--epochs", "3")
        self.assertIn("data: 2000 training and 500 validation images", log)
        for key in ("train_loss", "train_accuracy", "val_loss", "val_accuracy"):
            self.assertEqual([step for _t, _v, step in metric_lines(result.run_dir, key)], [1, 2, 3], key)
        accuracy = [value for _t, value, _s in metric_lines(result.run_dir, "val_accuracy")]
        self.assertGreater(accuracy[-1], 0.8)
        loss = [value for _t, value, _s in metric_lines(result.run_dir, "train_loss")]
        self.assertLess(loss[-1], loss[0])
        self.assertEqual(read_text(result.run_dir, "params", "epochs"), "3")
        self.assertEqual(read_text(result.run_dir, "params", "model"), "LeNet-5")
        self.assertEqual([line.split("  ")[0] for line in log.splitlines() if line.startswith("epoch ")],
                         ["epoch 1/3", "epoch 2/3", "epoch 3/3"])

        artifacts = os.path.join(result.run_dir, "artifacts")
        model = load_sample_module("mnist", "model").load(os.path.join(artifacts, "outputs", "model.npz"))
        self.assertEqual(model.params["conv2_w"].shape, (16, 6, 5, 5))
        # Keras' layout under the default --log-folder ./logs, which the harness keeps as artifacts/logs.
        events = self.event_scalars(os.path.join(artifacts, "logs"))
        self.assertEqual({sub: sorted(tags) for sub, tags in events.items()},
                         {"train": ["epoch_accuracy", "epoch_loss"], "validation": ["epoch_accuracy", "epoch_loss"]})
        self.assert_events_match_metrics(result.run_dir, events, [
            ("train", "epoch_loss", "train_loss"), ("train", "epoch_accuracy", "train_accuracy"),
            ("validation", "epoch_loss", "val_loss"), ("validation", "epoch_accuracy", "val_accuracy")])

    def test_mnist_uses_the_first_images_it_is_told_and_logs_where_it_is_told(self):
        result, log = self.run_sample("mnist", "--epochs", "1", "--train-count", "300", "--val-count", "100",
                                      "--log-folder", "outputs/tensorboard")
        self.assertIn("data: 300 training and 100 validation images", log)
        self.assertEqual(read_text(result.run_dir, "params", "train_images"), "300")
        artifacts = os.path.join(result.run_dir, "artifacts")
        self.assertFalse(os.path.exists(os.path.join(artifacts, "logs")))
        events = self.event_scalars(os.path.join(artifacts, "outputs", "tensorboard"))
        self.assertEqual([step for step, _v in events["validation"]["epoch_accuracy"]], [0])

    def test_mnist_refuses_bad_counts_before_it_reads_anything(self):
        script = os.path.join(SAMPLES_DIR, "mnist", "train.py")
        result = self.run_harness(script, "--train-count", "-1")
        self.assertEqual(result.ended["status"], "FAILED")
        self.assertIn("--train-count must be 0 (all) or more",
                      read_text(result.run_dir, "artifacts", "azureml-logs", "70_driver_log.txt"))

    def test_mnist_refuses_an_explicit_folder_without_data(self):
        script = os.path.join(SAMPLES_DIR, "mnist", "train.py")
        result = self.run_harness(script, "--data-folder", os.path.join(self.tmp, "empty"))
        self.assertEqual(result.ended["status"], "FAILED")
        self.assertIn("generate_data.py", read_text(result.run_dir, "artifacts", "azureml-logs",
                                                    "70_driver_log.txt"))

    def test_currency_lstm_logs_v1_series_and_event_files_and_saves_model_and_scaler(self):
        result, log = self.run_sample("currency", "--epochs", "4")
        for key in ("train_loss", "val_loss"):
            self.assertEqual([step for _t, _v, step in metric_lines(result.run_dir, key)], [0, 1, 2, 3], key)
        self.assertEqual(len(metric_lines(result.run_dir, "val_rmse")), 1)
        [(_t, val_rmse, _s)] = metric_lines(result.run_dir, "val_rmse")
        [(_t, naive_rmse, _s)] = metric_lines(result.run_dir, "naive_val_rmse")
        # Starting from the last close, the LSTM is no worse than "tomorrow as today" (+10% for 4 epochs).
        self.assertLess(val_rmse, naive_rmse * 1.1)
        self.assertEqual(read_text(result.run_dir, "tags", "model"), "lstm")
        self.assertIn("next close forecast:", log)
        outputs = os.path.join(result.run_dir, "artifacts", "outputs")
        scaler = json.loads(read_text(outputs, "scaler.json"))
        self.assertLess(scaler["min"], scaler["max"])
        self.assertEqual(scaler["window"], 20)
        model = load_sample_module("currency", "model").load(os.path.join(outputs, "model.npz"))
        self.assertEqual((model.low, model.high, model.window, model.hidden), (scaler["min"], scaler["max"], 20, 32))
        events = self.event_scalars(os.path.join(result.run_dir, "artifacts", "logs"))
        self.assertEqual({sub: sorted(tags) for sub, tags in events.items()},
                         {"train": ["epoch_loss"], "validation": ["epoch_loss"]})
        self.assert_events_match_metrics(result.run_dir, events, [
            ("train", "epoch_loss", "train_loss"), ("validation", "epoch_loss", "val_loss")])


if __name__ == "__main__":
    unittest.main()
