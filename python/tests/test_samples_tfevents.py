"""The samples' TensorBoard event-file writer (samples/*/tfevents.py), byte for byte against
records TensorFlow wrote: the golden Keras records of the shared reference and the real
fixture files in ../shared/test-data/tfevents/ (read from there, never copied)."""

import glob
import math
import os
import re
import struct
import unittest

from tests import tfevents_records as records
from tests.samples_support import TFEVENTS_FIXTURES as FIXTURES
from tests.samples_support import load_sample_module
from tests.support import SAMPLES_DIR, HarnessTestCase, read_bytes

# What Keras names its files (TF's writer with filename_suffix ".v2"): time, host, pid, counter.
KERAS_FILE_NAME = re.compile(r"^events\.out\.tfevents\.\d{10}\..+\.\d+\.\d+\.v2$")

# Records 0 and 3 of a Keras validation file (TheCodeheadMT/TensorBoard-Tutorial, imdb-model-1690485351),
# as decoded in deploy-register-tensorboard.md section 4.6: framing, masked CRCs and payload.
GOLDEN_FILE_VERSION = bytes.fromhex(
    "3e00000000000000" "d9d240e7"
    "090000c09bb030d9411a0d627261696e2e4576656e743a3252240a2274656e736f72666c6f772e636f72652e7574696c2e"
    "6576656e74735f777269746572" "3105e930")
GOLDEN_EPOCH_LOSS = bytes.fromhex(
    "3200000000000000" "241956ec"
    "095af6009cb030d9412a270a250a0a65706f63685f6c6f7373420a080112002204a15bda3e4a0b0a090a077363616c617273"
    "2d9915b4")


def float32(value):
    return struct.unpack("<f", struct.pack("<f", value))[0]


def fixture_files():
    files = sorted(glob.glob(os.path.join(FIXTURES, "**", "events.out.tfevents.*"), recursive=True))
    if not files:
        raise AssertionError("no event files in %s: the shared test data must lie beside the project" % FIXTURES)
    return files


class WriterEncodingTest(unittest.TestCase):
    def setUp(self):
        self.tfevents = load_sample_module("mnist", "tfevents")

    def test_crc32c_known_values(self):
        self.assertEqual(self.tfevents.crc32c(b""), 0)
        self.assertEqual(self.tfevents.crc32c(b"123456789"), 0xE3069283)  # the CRC-32C check value
        data = bytes(range(256)) * 3
        self.assertEqual(self.tfevents.crc32c(data), records.crc32c_bitwise(data))

    def test_golden_keras_records_byte_for_byte(self):
        file_version = self.tfevents.event(1690485359.0, file_version="brain.Event:2",
                                           source_writer="tensorflow.core.util.events_writer")
        self.assertEqual(self.tfevents.frame(file_version), GOLDEN_FILE_VERSION)
        wall_time = struct.unpack("<d", bytes.fromhex("5af6009cb030d941"))[0]
        self.assertAlmostEqual(wall_time, 1690485360.015036, places=5)
        loss = struct.unpack("<f", bytes.fromhex("a15bda3e"))[0]  # 0.42648032
        scalar = self.tfevents.event(wall_time, 0, summary_values=[self.tfevents.scalar_value("epoch_loss", loss)])
        self.assertEqual(self.tfevents.frame(scalar), GOLDEN_EPOCH_LOSS)

    def test_frames_every_record_of_the_real_files_as_they_are(self):
        seen = 0
        for path in fixture_files():
            data = read_bytes(path)
            found, end = records.split_records(data)
            for offset, record, payload in found:
                self.assertEqual(self.tfevents.frame(payload), record, "%s at %d" % (path, offset))
            seen += len(found)
            if "mintomics" in path:
                self.assertEqual((len(found), end < len(data)), (71, True), "the cut record is left")
            else:
                self.assertEqual(end, len(data), path)
        self.assertGreater(seen, 1500)

    def test_writes_tf2_scalar_events_exactly_as_tensorflow_did(self):
        # katib-tf2: tf.summary.scalar in TF2, tensor-encoded float32 with the scalars plugin.
        [path] = glob.glob(os.path.join(FIXTURES, "katib-tf2", "train", "events.out.tfevents.*"))
        found, _end = records.split_records(read_bytes(path))
        events = [records.decode_event(payload) for _o, _r, payload in found]
        self.assertEqual(events[0]["file_version"], "brain.Event:2")
        self.assertEqual(self.tfevents.event(events[0]["wall_time"], file_version="brain.Event:2"), found[0][2])
        scalar_events = 0
        for (_offset, _record, payload), event in zip(found[1:], events[1:]):
            [value] = event["values"]
            self.assertEqual((value["encoding"], value["plugin"]), ("tensor_content_f32", "scalars"))
            written = self.tfevents.event(event["wall_time"], event["step"],
                                          summary_values=[self.tfevents.scalar_value(value["tag"], value["value"])])
            self.assertEqual(written, payload, "step %d %s" % (event["step"], value["tag"]))
            scalar_events += 1
        self.assertEqual(scalar_events, len(found) - 1)
        self.assertGreater(scalar_events, 10)

    def test_steps_and_values_at_the_edges(self):
        tf = self.tfevents
        for step in (1, 127, 128, 2 ** 31, 2 ** 62):
            event = records.decode_event(tf.event(1.5, step, summary_values=[tf.scalar_value("t", 0.25)]))
            self.assertEqual((event["step"], event["values"][0]["value"]), (step, 0.25))
        self.assertEqual([number for number, _w, _v in records.fields(tf.event(1.5, 0))], [1],
                         "step 0 is left out, as proto3 leaves defaults out")
        self.assertEqual(records.fields(tf.event(1.5, -1))[1], (2, 0, 2 ** 64 - 1), "int64 -1 as ten bytes")
        for value, expected in ((1e39, math.inf), (-1e39, -math.inf), (math.inf, math.inf)):
            decoded = records.decode_event(tf.event(0.0, summary_values=[tf.scalar_value("t", value)]))
            self.assertEqual(decoded["values"][0]["value"], expected)
        nan = records.decode_event(tf.event(0.0, summary_values=[tf.scalar_value("t", math.nan)]))
        self.assertTrue(math.isnan(nan["values"][0]["value"]))
        tag = records.decode_event(tf.event(0.0, summary_values=[tf.scalar_value("train/précision", 1.0)]))
        self.assertEqual(tag["values"][0]["tag"], "train/précision")

    def test_each_sample_has_the_same_writer(self):
        # A job uploads only its script's folder, so each sample carries its own copy: one file, kept identical.
        self.assertEqual(read_bytes(SAMPLES_DIR, "mnist", "tfevents.py"), read_bytes(SAMPLES_DIR, "currency", "tfevents.py"))


class WriterFilesTest(HarnessTestCase):
    def setUp(self):
        super().setUp()
        self.tfevents = load_sample_module("mnist", "tfevents")

    def test_a_new_file_starts_with_its_file_version_and_is_named_as_keras_names_it(self):
        writer = self.tfevents.EventFileWriter(os.path.join(self.tmp, "logs", "train"))
        self.addCleanup(writer.close)
        name = os.path.basename(writer.path)
        self.assertRegex(name, KERAS_FILE_NAME)
        self.assertIn(".%d." % os.getpid(), name)
        for real in glob.glob(os.path.join(FIXTURES, "tfx-keras", "*", "events.out.tfevents.*")):
            self.assertRegex(os.path.basename(real), KERAS_FILE_NAME, "the pattern is Keras' own")
        [first] = records.read_events(writer.path)  # already on disk, before any scalar or close
        self.assertEqual(first["file_version"], "brain.Event:2")
        self.assertEqual(first["wall_time"], int(first["wall_time"]), "whole seconds, as TensorFlow writes it")
        self.assertEqual(name.split(".")[3], "%d" % first["wall_time"])
        self.assertEqual(first["writer"], "azureml_explorer.samples.tfevents")

    def test_scalars_are_on_disk_as_soon_as_they_are_added(self):
        writer = self.tfevents.EventFileWriter(self.tmp)
        self.addCleanup(writer.close)
        writer.add_scalars(0, {"epoch_loss": 0.5, "epoch_accuracy": 0.75}, wall_time=100.25)
        # Read through another handle while the writer still has the file open.
        events = records.read_events(writer.path)
        self.assertEqual(records.scalars(events), {"epoch_loss": [(0, 0.5)], "epoch_accuracy": [(0, 0.75)]})
        self.assertEqual([e["wall_time"] for e in events[1:]], [100.25, 100.25])
        writer.add_scalars(1, {"epoch_loss": 0.25})
        self.assertEqual(records.scalars(records.read_events(writer.path))["epoch_loss"], [(0, 0.5), (1, 0.25)])

    def test_two_writers_of_one_second_get_two_files(self):
        folder = os.path.join(self.tmp, "logs")
        first = self.tfevents.EventFileWriter(folder)
        second = self.tfevents.EventFileWriter(folder)
        first.close()
        second.close()
        self.assertNotEqual(first.path, second.path)
        self.assertEqual(len(os.listdir(folder)), 2)

    def test_keras_layout_matches_the_real_keras_files(self):
        logs = self.tfevents.KerasLogs(os.path.join(self.tmp, "logs"))
        for epoch, (loss, val_loss) in enumerate([(0.9, 1.0), (0.5, 0.6), (0.25, 0.4)]):
            logs.epoch_end(epoch, {"loss": loss, "accuracy": 1 - loss}, {"loss": val_loss, "accuracy": 1 - val_loss})
            # A reader following the files sees the epoch as soon as it ends.
            live = records.scalars(records.read_events(logs.validation.path))
            self.assertEqual(live["epoch_loss"][-1], (epoch, float32(val_loss)))
        logs.close()
        ours = self._layout(os.path.join(self.tmp, "logs"))
        real = self._layout(os.path.join(FIXTURES, "tfx-keras"))
        self.assertEqual(sorted(ours), sorted(real), "the same sub-folders: train/ and validation/")
        self.assertIn("epoch_loss", real["validation"], "Keras names an epoch's metric epoch_<name>")
        self.assertEqual(ours["train"]["epoch_loss"], [(0, float32(0.9)), (1, 0.5), (2, 0.25)])
        self.assertEqual(ours["validation"]["epoch_loss"], [(0, 1.0), (1, float32(0.6)), (2, float32(0.4))])
        self.assertEqual([step for step, _v in ours["validation"]["epoch_accuracy"]], [0, 1, 2])
        self.assertEqual(sorted(ours["train"]), ["epoch_accuracy", "epoch_loss"])

    @staticmethod
    def _layout(folder):
        """{sub-folder: {tag: [(step, value)]}} of the event files below ``folder``."""
        layout = {}
        for sub in sorted(os.listdir(folder)):
            [path] = glob.glob(os.path.join(folder, sub, "events.out.tfevents.*"))
            layout[sub] = records.scalars(records.read_events(path))
        return layout


if __name__ == "__main__":
    unittest.main()
