"""The run writer shared by the harness and the stand-ins: file formats and key rules."""

import os
import shutil
import tempfile
import unittest

from localrun.tracking import RunWriter, validate_key

from tests.support import metric_lines, read_text


class KeyTest(unittest.TestCase):
    def test_mlflow_names_are_accepted(self):
        for key in ("loss", "train/loss", "a b", "x.y-z_1", "deep/er/key", "Ünïcode"):
            validate_key(key)

    def test_names_that_are_not_unique_paths_or_have_odd_characters_are_refused(self):
        for key in ("", ".", "..", "../x", "a/../b", "/abs", "a//b", "a/", "./a", "a:b", "a\nb",
                    "a\\b", "loss (train)", "x" * 251, None, 3):
            with self.assertRaises(ValueError, msg=repr(key)):
                validate_key(key)


class WriterTest(unittest.TestCase):
    def setUp(self):
        self.run_dir = tempfile.mkdtemp(prefix="azureml-explorer-test-")
        self.addCleanup(shutil.rmtree, self.run_dir, ignore_errors=True)
        self.writer = RunWriter(self.run_dir)

    def test_metric_lines(self):
        self.writer.log_metric("loss", 0.5, step=0, timestamp=1000)
        self.writer.log_metric("loss", 3, step=7, timestamp=1001)
        self.writer.log_metric("train/acc", float("nan"))
        self.assertEqual(read_text(self.run_dir, "metrics", "loss"), "1000 0.5 0\n1001 3.0 7\n")
        line = read_text(self.run_dir, "metrics", "train", "acc")
        self.assertRegex(line, r"^\d{13} nan 0\n$")

    def test_metric_values_and_steps_must_be_numbers(self):
        for value in ("1.0", None, True):
            with self.assertRaises(ValueError):
                self.writer.log_metric("loss", value)
        with self.assertRaises(ValueError):
            self.writer.log_metric("loss", 1.0, step="3")

    def test_params_and_tags_are_plain_text_files(self):
        self.writer.log_param("lr", 0.01)
        self.writer.set_tag("note", "hello\nworld")
        self.assertEqual(read_text(self.run_dir, "params", "lr"), "0.01")
        self.assertEqual(read_text(self.run_dir, "tags", "note"), "hello\nworld")
        self.assertEqual(self.writer.read_tag("note"), "hello\nworld")
        self.assertIsNone(self.writer.read_tag("missing"))

    def test_a_param_keeps_its_first_value(self):
        self.writer.log_param("lr", 0.01)
        self.writer.log_param("lr", "0.01")
        with self.assertRaisesRegex(ValueError, "Changing param values is not allowed"):
            self.writer.log_param("lr", 0.02)

    def test_a_key_cannot_be_both_a_file_and_a_folder(self):
        self.writer.log_metric("train", 1.0)
        with self.assertRaisesRegex(ValueError, "clashes"):
            self.writer.log_metric("train/loss", 1.0)

    def test_next_timestamp_increases_strictly(self):
        self.writer.log_metric("x", 1.0, timestamp=10 ** 13)
        first = self.writer.next_timestamp("x")
        self.assertEqual(first, 10 ** 13 + 1)
        reread = RunWriter(self.run_dir)
        self.assertEqual(reread.next_timestamp("x"), 10 ** 13 + 1)

    def test_read_metrics_and_count(self):
        self.writer.log_metric("a/b", 1.0, step=1, timestamp=5)
        self.writer.log_metric("a/b", 2.0, step=2, timestamp=6)
        self.assertEqual(self.writer.read_metrics(), {"a/b": [(5, 1.0, 1), (6, 2.0, 2)]})
        self.assertEqual(self.writer.metric_count("a/b"), 2)
        self.assertEqual(self.writer.metric_count("none"), 0)
        self.assertEqual(metric_lines(self.run_dir, "a/b"), [(5, 1.0, 1), (6, 2.0, 2)])

    def test_artifacts(self):
        source = os.path.join(self.run_dir, "model.bin")
        with open(source, "wb") as handle:
            handle.write(b"\x00\x01")
        self.writer.log_artifact(source, "models/v1")
        self.writer.write_artifact_text("notes/readme.txt", "hi")
        self.assertEqual(read_text(self.run_dir, "artifacts", "notes", "readme.txt"), "hi")
        self.assertTrue(os.path.isfile(os.path.join(self.run_dir, "artifacts", "models", "v1", "model.bin")))
        with self.assertRaises(ValueError):
            self.writer.artifact_dir("../escape")

    def test_from_environment(self):
        writer = RunWriter.from_environment({
            "MLFLOW_TRACKING_URI": "file:///tmp/my%20store", "MLFLOW_EXPERIMENT_ID": "3",
            "MLFLOW_RUN_ID": "abc"})
        self.assertEqual(writer.run_dir, os.path.join("/tmp/my store", "3", "abc"))
        self.assertEqual((writer.experiment_id, writer.run_id), ("3", "abc"))
        with self.assertRaisesRegex(RuntimeError, "MLFLOW_RUN_ID"):
            RunWriter.from_environment({"MLFLOW_TRACKING_URI": "file:///x", "MLFLOW_EXPERIMENT_ID": "1"})


if __name__ == "__main__":
    unittest.main()
