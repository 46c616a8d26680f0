"""The samples' score.py, called as Azure ML's inference server calls it: AZUREML_MODEL_DIR set to
a registered model's folder, init() once, then run() with the request body as text. The models
are trained for real, through the harness, once for the class."""

import contextlib
import http.client
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest
from unittest import mock

try:
    import numpy as np
except ImportError:
    np = None

from tests.samples_support import load_sample_module
from tests.support import PYTHON_DIR, RUN_LOCAL, SAMPLES_DIR, read_text

SERVE_LOCAL = os.path.join(PYTHON_DIR, "serve_local.py")

# The digits of the first three images of the synthetic validation set that sample-request.json holds.
MNIST_REQUEST_DIGITS = [4, 6, 8]


def train(sample, folder, *args):
    """The outputs/ folder of a run of the sample's train.py through the harness."""
    store = os.path.join(folder, "store")
    completed = subprocess.run(
        [sys.executable, RUN_LOCAL, "--store", store, "--experiment", sample, "--",
         os.path.join(SAMPLES_DIR, sample, "train.py")] + list(args),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    ended = json.loads(completed.stdout.splitlines()[-1])
    started = json.loads(completed.stdout.splitlines()[0])
    if ended["status"] != "FINISHED":
        raise AssertionError(read_text(started["run_dir"], "artifacts", "azureml-logs", "70_driver_log.txt"))
    return os.path.join(started["run_dir"], "artifacts", "outputs")


class ScoringTests:
    """What both samples' score.py must do; a test class mixes it in with its sample and training."""

    sample = None
    train_args = ()
    noun = None  # what a request's "data" lists

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="azureml-explorer-scoring-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, ignore_errors=True)
        cls.outputs = train(cls.sample, cls.tmp, *cls.train_args)
        cls.request = read_text(SAMPLES_DIR, cls.sample, "sample-request.json")

    def load_score(self):
        """A fresh score module, as the server imports the entry script."""
        return load_sample_module(self.sample, "score", module_name="%s_score_%d" % (self.sample, id(self)))

    def scorer(self, model_dir):
        """score.py after init() with AZUREML_MODEL_DIR = ``model_dir``."""
        score = self.load_score()
        printed = io.StringIO()
        with mock.patch.dict(os.environ, {"AZUREML_MODEL_DIR": model_dir}), contextlib.redirect_stdout(printed):
            score.init()
        self.assertRegex(printed.getvalue(), r"^loaded .*model\.npz\n$", "init() tells the log which file it loaded")
        return score

    def registered(self, *layout):
        """A model folder as the service mounts it (azureml-models/<name>/<version>/), holding the trained
        model.npz at ``layout`` inside it."""
        folder = tempfile.mkdtemp(prefix="model-", dir=self.tmp)
        version = os.path.join(folder, "azureml-models", self.sample, "1")
        os.makedirs(os.path.join(version, *layout[:-1]), exist_ok=True)
        shutil.copy(os.path.join(self.outputs, "model.npz"), os.path.join(version, *layout))
        return version

    def model(self):
        return load_sample_module(self.sample, "model").load(os.path.join(self.outputs, "model.npz"))

    def assert_refused(self, score, body, message):
        with self.assertRaisesRegex(ValueError, message):
            score.run(body)

    def test_answers_in_json_as_it_is(self):
        result = self.scorer(self.outputs).run(self.request)
        self.assertEqual(json.loads(json.dumps(result)), result)
        self.assertEqual(len(result["predictions"]), len(json.loads(self.request)["data"]))

    def test_finds_the_model_registered_as_the_file_or_as_the_outputs_folder(self):
        expected = self.scorer(self.outputs).run(self.request)
        for layout in (("model.npz",), ("outputs", "model.npz")):
            self.assertEqual(self.scorer(self.registered(*layout)).run(self.request), expected, layout)

    def test_refuses_a_request_that_is_not_a_list_of_data(self):
        score = self.scorer(self.outputs)
        self.assert_refused(score, "{", "the request is not JSON")
        self.assert_refused(score, "[1, 2]", r'a JSON object \{"data": \[%s, ...\]\}' % self.noun)
        self.assert_refused(score, '{"inputs": []}', r'a JSON object \{"data"')
        self.assert_refused(score, '{"data": []}', '"data" must be a non-empty list of %ss' % self.noun)
        self.assert_refused(score, '{"data": "7"}', '"data" must be a non-empty list of %ss' % self.noun)

    def test_says_what_is_missing_before_init_or_without_a_model(self):
        score = self.load_score()
        with self.assertRaisesRegex(RuntimeError, r"init\(\) has not run"):
            score.run(self.request)
        empty = tempfile.mkdtemp(dir=self.tmp)
        with mock.patch.dict(os.environ, {"AZUREML_MODEL_DIR": empty}):
            with self.assertRaisesRegex(FileNotFoundError, "no model.npz under AZUREML_MODEL_DIR"):
                score.init()
        with mock.patch.dict(os.environ, {}, clear=True):
            with self.assertRaisesRegex(RuntimeError, "AZUREML_MODEL_DIR is not set"):
                score.init()

    def test_runs_in_a_process_of_its_own_with_its_own_model_module(self):
        # As the server runs it: another working folder, and a "model" module elsewhere on the path.
        decoy = tempfile.mkdtemp(prefix="decoy-", dir=self.tmp)
        with open(os.path.join(decoy, "model.py"), "w") as handle:
            handle.write("raise ImportError('the wrong model.py')\n")
        program = textwrap.dedent("""\
            import importlib.util, json, sys
            spec = importlib.util.spec_from_file_location("score", sys.argv[1])
            score = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(score)
            score.init()
            print(json.dumps(score.run(open(sys.argv[2], encoding="utf-8").read())))
        """)
        completed = subprocess.run(
            [sys.executable, "-B", "-c", program, os.path.join(SAMPLES_DIR, self.sample, "score.py"),
             os.path.join(SAMPLES_DIR, self.sample, "sample-request.json")],
            cwd=decoy, env=dict(os.environ, AZUREML_MODEL_DIR=self.registered("outputs", "model.npz"), PYTHONPATH=decoy),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        self.assertEqual(completed.returncode, 0, completed.stderr.decode())
        expected = json.loads(json.dumps(self.scorer(self.outputs).run(self.request)))
        self.assertEqual(json.loads(completed.stdout.decode().splitlines()[-1]), expected)


    def test_served_by_serve_local_answers_what_run_returns(self):
        # The local endpoint: serve_local.py in the sample's folder, the model folder as registered.
        process = subprocess.Popen(
            [sys.executable, "-u", SERVE_LOCAL, "--entry_script", "score.py", "--model_dir",
             self.registered("outputs", "model.npz"), "--stop_on_stdin_eof"],
            cwd=os.path.join(SAMPLES_DIR, self.sample), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        try:
            line = b""
            while not line.startswith(b"Listening on "):
                line = process.stdout.readline()
                if not line:
                    self.fail("serve_local.py ended before listening: " + process.stderr.read().decode())
            port = int(line.decode().strip().rsplit(":", 1)[1])
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("POST", "/score", body=self.request.encode("utf-8"),
                               headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            answer = json.loads(response.read())
            connection.close()
        finally:
            process.stdin.close()
            process.wait(timeout=60)
            process.stdout.close()
            process.stderr.close()
        self.assertEqual(response.status, 200)
        self.assertEqual(answer, json.loads(json.dumps(self.scorer(self.outputs).run(self.request))))


@unittest.skipIf(np is None, "numpy is not installed")
class MnistScoringTest(ScoringTests, unittest.TestCase):
    sample = "mnist"
    train_args = ("--epochs", "3")
    noun = "image"

    def test_scores_the_sample_request_with_the_models_own_predictions(self):
        score = self.scorer(self.outputs)
        result = score.run(self.request)
        images = np.array(json.loads(self.request)["data"])
        self.assertEqual(images.shape, (3, 28, 28))
        probabilities = self.model().predict(images)
        self.assertEqual(result["predictions"], probabilities.argmax(axis=1).tolist())
        np.testing.assert_allclose(result["probabilities"], probabilities, rtol=1e-6)
        self.assertEqual(result["predictions"], MNIST_REQUEST_DIGITS, "the trained model reads the digits")

    def test_takes_flat_images_bytes_and_a_parsed_body(self):
        score = self.scorer(self.outputs)
        expected = score.run(self.request)
        images = json.loads(self.request)["data"]
        flat = json.dumps({"data": [np.ravel(image).tolist() for image in images]})
        self.assertEqual(score.run(flat), expected)
        self.assertEqual(score.run(flat.encode()), expected)
        self.assertEqual(score.run({"data": images}), expected)

    def test_refuses_bad_data_saying_what_is_wrong(self):
        score = self.scorer(self.outputs)
        image = json.loads(self.request)["data"][0]
        self.assert_refused(score, json.dumps({"data": [image, image[:27]]}), r"data\[1\] is not an image: give 28 lists")
        self.assert_refused(score, json.dumps({"data": [[0.5] * 783]}), r"data\[0\] is not an image")
        self.assert_refused(score, json.dumps({"data": [[["x"] * 28] * 28]}), r"data\[0\] is not an image")
        self.assert_refused(score, json.dumps({"data": [[[255] * 28] * 28]}), r"data\[0\]: pixels must be numbers from 0 to 1")
        self.assert_refused(score, '{"data": [[%s]]}' % ", ".join(["NaN"] * 784), r"pixels must be numbers from 0 to 1")

    def test_the_sample_request_is_the_first_validation_images(self):
        make_request = load_sample_module("mnist", "make_request")
        generator = load_sample_module("mnist", "generate_data")
        folder = os.path.join(self.tmp, "data")
        generator.generate(folder)  # the synthetic set a default run trains and validates on
        images, labels = make_request.first_validation_images(folder, 3)
        self.assertEqual(make_request.request_text(images), self.request)
        self.assertEqual(labels.tolist(), MNIST_REQUEST_DIGITS)


@unittest.skipIf(np is None, "numpy is not installed")
class CurrencyScoringTest(ScoringTests, unittest.TestCase):
    sample = "currency"
    train_args = ("--epochs", "5")
    noun = "window"

    def test_scores_the_sample_request_with_the_models_own_forecasts(self):
        score = self.scorer(self.outputs)
        result = score.run(self.request)
        windows = np.array(json.loads(self.request)["data"])
        self.assertEqual(windows.shape, (3, 20))
        model = self.model()
        forecasts = model.predict(windows)
        np.testing.assert_allclose(result["predictions"], forecasts, rtol=1e-12)
        np.testing.assert_allclose(result["closes"], model.unscale(forecasts), rtol=1e-12)
        scaler = json.loads(read_text(self.outputs, "scaler.json"))
        self.assertEqual(result["scaler"], scaler)
        # The windows are the last of the series: the closes that followed are the CSV's last three.
        series = load_sample_module("currency", "series")
        generator = load_sample_module("currency", "generate_data")
        closes = series.read_closes(generator.generate(os.path.join(self.tmp, "usd_twd.csv")))
        np.testing.assert_allclose(result["closes"], closes[-3:], atol=0.25, err_msg="near the real next closes")

    def test_refuses_bad_data_saying_what_is_wrong(self):
        score = self.scorer(self.outputs)
        window = json.loads(self.request)["data"][0]
        self.assert_refused(score, json.dumps({"data": [window, window[1:]]}),
                            r"data\[1\] is not a window: give a list of the last 20 closes, oldest first")
        self.assert_refused(score, json.dumps({"data": [window + [0.5]]}), r"data\[0\] is not a window")
        self.assert_refused(score, json.dumps({"data": [[30.1] * 20]}), r"data\[0\]: closes must be scaled 0..1 as \(close - ")
        self.assert_refused(score, '{"data": [[%s]]}' % ", ".join(["Infinity"] * 20), "closes must be scaled 0..1")

    def test_the_sample_request_is_the_last_validation_windows(self):
        make_request = load_sample_module("currency", "make_request")
        series = load_sample_module("currency", "series")
        generator = load_sample_module("currency", "generate_data")
        closes = series.read_closes(generator.generate(os.path.join(self.tmp, "usd_twd.csv")))
        x_val = series.split_windows(closes, 20, 0.2)[3]
        self.assertEqual(make_request.request_text(x_val[-3:]), self.request)


if __name__ == "__main__":
    unittest.main()
