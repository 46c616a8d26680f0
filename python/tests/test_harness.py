"""run_local.py end to end: the run it records, its output, its exit codes."""

import json
import os
import signal
import subprocess
import sys
import unittest

from tests.support import (DRIVER_LOG, HarnessTestCase, read_bytes, read_meta,
                           read_text, wait_for)


class RunLayoutTest(HarnessTestCase):
    def test_successful_run(self):
        self.write("train.py", """\
            import sys
            print("hello", sys.argv[1:])
        """)
        result = self.run_harness("train.py", "--epochs", "2", "a b",
                                  options=["--run-id", "run1", "--run-name", "first try"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.started, {"event": "started", "run_id": "run1", "experiment_id": "1",
                                          "run_dir": os.path.join(self.store, "1", "run1")})
        self.assertEqual(result.ended, {"event": "ended", "status": "FINISHED", "exit_code": 0})
        self.assertEqual(result.echoed, b"hello ['--epochs', '2', 'a b']\n")
        self.assertEqual(result.stderr, b"")

        meta = read_meta(result.run_dir)
        self.assertEqual(meta["status"], 3)
        self.assertEqual(meta["run_name"], "first try")
        self.assertEqual((meta["run_id"], meta["run_uuid"], meta["experiment_id"]), ("run1", "run1", "1"))
        self.assertEqual(meta["artifact_uri"], "file://" + os.path.join(result.run_dir, "artifacts"))
        self.assertGreaterEqual(meta["end_time"], meta["start_time"])
        self.assertEqual(meta["source_type"], 4)
        self.assertEqual(meta["lifecycle_stage"], "active")
        self.assertEqual(read_meta(os.path.join(self.store, "1"))["name"], "tests")

        tags = {name: read_text(result.run_dir, "tags", name)
                for name in os.listdir(os.path.join(result.run_dir, "tags"))}
        self.assertEqual(tags["mlflow.runName"], "first try")
        self.assertEqual(tags["mlflow.source.name"], "train.py")
        self.assertEqual(tags["mlflow.source.type"], "LOCAL")
        self.assertTrue(tags["mlflow.user"])
        self.assertEqual(tags["azuremlExplorer.exitCode"], "0")
        self.assertEqual(json.loads(tags["azuremlExplorer.args"]), ["--epochs", "2", "a b"])
        self.assertEqual(tags["azuremlExplorer.python"], sys.executable)

    def test_default_run_id_and_name(self):
        self.write("train.py", "")
        result = self.run_harness("train.py")
        run_id = result.started["run_id"]
        self.assertRegex(run_id, r"^[0-9a-f]{32}$")
        self.assertRegex(read_meta(result.run_dir)["run_name"], r"^train_\d{8}_\d{6}$")

    def test_experiment_is_reused_by_name(self):
        self.write("train.py", "")
        first = self.run_harness("train.py", experiment="shared")
        other = self.run_harness("train.py", experiment="another")
        second = self.run_harness("train.py", experiment="shared")
        self.assertEqual(first.started["experiment_id"], second.started["experiment_id"])
        self.assertNotEqual(first.started["experiment_id"], other.started["experiment_id"])
        runs = [n for n in os.listdir(os.path.join(self.store, first.started["experiment_id"]))
                if n != "meta.yaml"]
        self.assertEqual(len(runs), 2)

    def test_source_folder_and_script_in_a_subfolder(self):
        self.write("src/train.py", """\
            import os, sys
            import helper
            print(os.path.basename(os.getcwd()) != "src", os.path.isfile("data.txt"), helper.VALUE)
        """)
        self.write("src/helper.py", "VALUE = 7\n")
        self.write("data.txt", "x")
        result = self.run_harness("src/train.py", options=["--source", self.source])
        self.assertEqual(result.echoed, b"True True 7\n")
        self.assertEqual(read_text(result.run_dir, "tags", "mlflow.source.name"), "src/train.py")

    def test_environment_of_the_script(self):
        self.write("env.py", """\
            import os
            for name in ("MLFLOW_TRACKING_URI", "MLFLOW_EXPERIMENT_ID", "MLFLOW_RUN_ID",
                         "MLFLOW_EXPERIMENT_NAME", "PYTHONUNBUFFERED"):
                print(name, os.environ.get(name))
        """)
        result = self.run_harness("env.py", options=["--run-id", "envrun"])
        self.assertEqual(result.echoed.decode().splitlines(), [
            "MLFLOW_TRACKING_URI file://" + self.store, "MLFLOW_EXPERIMENT_ID 1",
            "MLFLOW_RUN_ID envrun", "MLFLOW_EXPERIMENT_NAME tests", "PYTHONUNBUFFERED 1"])

    def test_outputs_and_logs_become_artifacts(self):
        self.write("train.py", """\
            import os
            os.makedirs("outputs/sub")
            os.makedirs("logs")
            open("outputs/model.bin", "wb").write(b"\\x00\\x01")
            open("outputs/sub/note.txt", "w").write("n")
            open("logs/events.txt", "w").write("e")
            open("elsewhere.txt", "w").write("x")
        """)
        result = self.run_harness("train.py")
        artifacts = os.path.join(result.run_dir, "artifacts")
        self.assertEqual(read_bytes(artifacts, "outputs", "model.bin"), b"\x00\x01")
        self.assertEqual(read_text(artifacts, "outputs", "sub", "note.txt"), "n")
        self.assertEqual(read_text(artifacts, "logs", "events.txt"), "e")
        self.assertFalse(os.path.exists(os.path.join(artifacts, "elsewhere.txt")))

    def test_snapshot_is_removed_and_the_source_untouched(self):
        self.write("train.py", """\
            import os
            print(os.getcwd())
            open("outputs.txt", "w").write("x")
        """)
        result = self.run_harness("train.py")
        snapshot = result.echoed.decode().strip()
        self.assertFalse(os.path.exists(snapshot))
        self.assertEqual(os.listdir(self.source), ["train.py"])


class LogCaptureTest(HarnessTestCase):
    def test_stdout_and_stderr_are_interleaved_in_the_order_written(self):
        self.write("interleave.py", """\
            import sys
            for i in range(200):
                stream = sys.stdout if i % 3 else sys.stderr
                stream.write("%s %d\\n" % ("out" if i % 3 else "err", i))
                if i % 7 == 0:
                    sys.stderr.write("half-")
                    sys.stdout.write("line %d\\n" % i)
        """)
        expected = []
        for i in range(200):
            expected.append("%s %d\n" % ("out" if i % 3 else "err", i))
            if i % 7 == 0:
                expected.append("half-line %d\n" % i)
        result = self.run_harness("interleave.py")
        self.assertEqual(read_text(result.run_dir, DRIVER_LOG), "".join(expected))
        self.assertEqual(result.echoed.decode(), "".join(expected))

    def test_partial_line_reaches_the_log_before_the_script_ends(self):
        go_file = os.path.join(self.tmp, "go")
        self.write("partial.py", """\
            import os, sys, time
            sys.stdout.write("no newline yet")
            while not os.path.exists(%r):
                time.sleep(0.01)
            print(" - done")
        """ % go_file)
        process = self.start_harness("partial.py")
        started = json.loads(process.stdout.readline())
        log_path = os.path.join(started["run_dir"], DRIVER_LOG)
        wait_for(lambda: os.path.isfile(log_path) and read_text(log_path) == "no newline yet",
                 message="the partial line in the driver log")
        self.assertIsNone(process.poll())
        open(go_file, "w").close()
        self.assertEqual(process.wait(timeout=30), 0)
        self.assertEqual(read_text(log_path), "no newline yet - done\n")

    def test_output_without_final_newline_keeps_the_protocol_lines_whole(self):
        self.write("tail.py", "import sys; sys.stdout.write('last words')\n")
        result = self.run_harness("tail.py")
        self.assertEqual(result.ended["status"], "FINISHED")
        self.assertEqual(read_text(result.run_dir, DRIVER_LOG), "last words")

    def test_binary_and_non_utf8_output_is_kept_byte_for_byte(self):
        self.write("binary.py", "import sys; sys.stdout.buffer.write(bytes(range(256)))\n")
        result = self.run_harness("binary.py")
        self.assertEqual(read_bytes(result.run_dir, DRIVER_LOG), bytes(range(256)))

    def test_script_does_not_wait_on_the_harness_stdin(self):
        # The harness's stdin is a pipe that stays open; a script reading it
        # would hang if it inherited it instead of reading the null device.
        self.write("ask.py", "import sys; sys.stdin.read(); print('read done')\n")
        process = subprocess.Popen(self.harness_command(os.path.join(self.source, "ask.py")),
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.addCleanup(process.stdout.close)
        self.addCleanup(process.stdin.close)
        try:
            self.assertEqual(process.wait(timeout=30), 0)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            self.fail("the script waited on the harness's stdin")
        self.assertIn(b"read done\n", process.stdout.read())


class FailureTest(HarnessTestCase):
    def test_exception_fails_the_run_with_the_traceback_in_the_log(self):
        self.write("crash.py", """\
            def train():
                raise ValueError("boom at epoch 3")
            print("starting")
            train()
        """)
        result = self.run_harness("crash.py")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.ended, {"event": "ended", "status": "FAILED", "exit_code": 1})
        self.assertEqual(read_meta(result.run_dir)["status"], 4)
        log = read_text(result.run_dir, DRIVER_LOG)
        self.assertTrue(log.startswith("starting\nTraceback (most recent call last):\n"), log)
        self.assertIn('crash.py", line 2, in train', log)
        self.assertTrue(log.endswith("ValueError: boom at epoch 3\n"), log)
        self.assertEqual(read_text(result.run_dir, "tags", "azuremlExplorer.exitCode"), "1")

    def test_exit_code_is_passed_through(self):
        self.write("exit.py", "import sys; sys.exit(3)\n")
        result = self.run_harness("exit.py")
        self.assertEqual(result.returncode, 3)
        self.assertEqual(result.ended["exit_code"], 3)
        self.assertEqual(read_meta(result.run_dir)["status"], 4)

    @unittest.skipIf(os.name == "nt", "POSIX signals")
    def test_script_killed_by_a_signal(self):
        self.write("die.py", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)\n")
        result = self.run_harness("die.py")
        self.assertEqual(result.returncode, 128 + signal.SIGKILL)
        self.assertEqual(result.ended["status"], "FAILED")
        self.assertIn("ended by signal 9", read_text(result.run_dir, DRIVER_LOG))

    def test_missing_script(self):
        result = self.run_harness("nope.py")
        message = "Script not found: nope.py (looked in %s)" % self.source
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.ended, {"event": "ended", "status": "FAILED", "exit_code": 1})
        self.assertEqual(result.stderr.decode(), message + "\n")
        self.assertEqual(read_text(result.run_dir, DRIVER_LOG), message + "\n")
        self.assertEqual(read_meta(result.run_dir)["status"], 4)

    def test_missing_source_folder(self):
        result = self.run_harness("train.py", options=["--source", os.path.join(self.tmp, "gone")])
        self.assertEqual(result.returncode, 1)
        self.assertIn(b"Script not found: train.py", result.stderr)
        self.assertNotIn(b"Traceback", result.stderr)


class InputsTest(HarnessTestCase):
    """--input NAME=FOLDER: the script sees the folder as Azure ML shows a job its inputs."""

    def test_input_folder_reaches_the_arguments_and_the_environment(self):
        data = os.path.join(self.tmp, "my data")
        self.write("labels.csv", "id,label\n1,7\n", folder=data)
        self.write("train.py", """\
            import os, sys
            folder = sys.argv[2]
            print(sys.argv[1:], os.environ["AZURE_ML_INPUT_training_data"] == folder)
            print(open(os.path.join(folder, "labels.csv")).read().splitlines()[1])
        """)
        result = self.run_harness("train.py", "--data", "${{inputs.training_data}}", "x${{ inputs.training_data }}/y",
                                  options=["--input", "training_data=" + data])
        self.assertEqual(result.returncode, 0, result.stderr)
        folder = os.path.abspath(data)
        self.assertEqual(result.echoed.decode().splitlines(),
                         [str(["--data", folder, "x" + folder + "/y"]) + " True", "1,7"])
        tags = os.path.join(result.run_dir, "tags")
        # The arguments as given (as Azure ML keeps the command), the inputs beside them.
        self.assertEqual(json.loads(read_text(tags, "azuremlExplorer.args")),
                         ["--data", "${{inputs.training_data}}", "x${{ inputs.training_data }}/y"])
        self.assertEqual(json.loads(read_text(tags, "azuremlExplorer.inputs")), {"training_data": folder})

    def test_relative_input_folder_is_made_absolute(self):
        os.mkdir(os.path.join(self.tmp, "data"))
        self.write("train.py", "import os; print(os.environ['AZURE_ML_INPUT_data'])\n")
        completed = subprocess.run(
            self.harness_command(os.path.join(self.source, "train.py"), options=["--input", "data=data"]),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=self.tmp, timeout=60)
        self.assertEqual(completed.returncode, 0, completed.stderr)
        self.assertIn(os.path.join(self.tmp, "data").encode(), completed.stdout)


class UsageTest(HarnessTestCase):
    def setUp(self):
        super().setUp()
        self.write("train.py", "print('ran')\n")

    def assertRefused(self, result, message):
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stdout, b"")
        self.assertIn(message.encode(), result.stderr)

    def test_invalid_run_id(self):
        result = self.run_harness("train.py", options=["--run-id", "../escape"])
        self.assertRefused(result, "invalid run id '../escape'")
        self.assertFalse(os.path.exists(self.store))

    def test_existing_run_id_is_refused_and_the_run_untouched(self):
        first = self.run_harness("train.py", options=["--run-id", "same"])
        before = read_bytes(first.run_dir, "meta.yaml")
        result = self.run_harness("train.py", options=["--run-id", "same"])
        self.assertRefused(result, "run id 'same' already exists")
        self.assertEqual(read_bytes(first.run_dir, "meta.yaml"), before)

    def test_script_outside_the_source_folder(self):
        result = self.run_harness(os.path.join(self.source, "train.py"),
                                  options=["--source", os.path.join(self.tmp, "other")])
        self.assertRefused(result, "is not inside the source folder")

    def test_missing_double_dash(self):
        completed = subprocess.run(self.harness_command("train.py")[:-2] + ["train.py"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.assertEqual(completed.returncode, 2)
        self.assertIn(b"expected '-- SCRIPT.py [ARGS...]'", completed.stderr)

    def test_empty_experiment_name(self):
        self.assertRefused(self.run_harness("train.py", experiment=""), "experiment name")

    def test_missing_input_folder_is_refused_before_the_run_exists(self):
        gone = os.path.join(self.tmp, "gone")
        result = self.run_harness("train.py", options=["--input", "data=" + gone])
        self.assertRefused(result, "input data: the folder %s does not exist" % gone)
        self.assertFalse(os.path.exists(self.store))

    def test_input_that_is_a_file_is_refused(self):
        result = self.run_harness("train.py", options=["--input", "data=" + os.path.join(self.source, "train.py")])
        self.assertRefused(result, "(or is not a folder)")

    def test_bad_input_values_are_refused(self):
        for value, message in (("data", "expected NAME=FOLDER"), ("data=", "expected NAME=FOLDER"),
                               ("1st=" + self.tmp, "not starting with a digit"),
                               ("my-data=" + self.tmp, "letters, digits and '_'")):
            with self.subTest(value=value):
                self.assertRefused(self.run_harness("train.py", options=["--input", value]), message)
        twice = ["--input", "a=" + self.tmp, "--input", "a=" + self.source]
        self.assertRefused(self.run_harness("train.py", options=twice), "--input a is given twice")

    def test_reference_to_an_input_not_given_is_refused(self):
        result = self.run_harness("train.py", "${{inputs.data}}")
        self.assertRefused(result, "the arguments use ${{inputs.data}}, but no --input data=FOLDER is given")
        self.assertFalse(os.path.exists(self.store))


if __name__ == "__main__":
    unittest.main()
