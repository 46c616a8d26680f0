"""The mlflow and azureml.core stand-ins, as a script run by the harness uses them."""

import json
import os

from tests.support import DRIVER_LOG, HarnessTestCase, metric_lines, read_text


class StandInTestCase(HarnessTestCase):
    def run_script(self, text, **kwargs):
        self.write("script.py", text)
        result = self.run_harness("script.py", **kwargs)
        self.assertEqual(result.ended["status"], "FINISHED", read_text(result.run_dir, DRIVER_LOG))
        return result

    def steps_and_values(self, run_dir, key):
        return [(step, value) for _timestamp, value, step in metric_lines(run_dir, key)]


class MlflowStandInTest(StandInTestCase):
    def test_metrics(self):
        result = self.run_script("""\
            import mlflow
            mlflow.log_metric("loss", 0.9)
            mlflow.log_metric("loss", 0.5, step=3)
            mlflow.log_metric("train/acc", 0.25, step=1, timestamp=1234)
            mlflow.log_metrics({"a": 1, "b": 2.5}, step=2)
        """)
        self.assertEqual(self.steps_and_values(result.run_dir, "loss"), [(0, 0.9), (3, 0.5)])
        self.assertEqual(metric_lines(result.run_dir, "train/acc"), [(1234, 0.25, 1)])
        a, b = metric_lines(result.run_dir, "a")[0], metric_lines(result.run_dir, "b")[0]
        self.assertEqual((a[1:], b[1:]), ((1.0, 2), (2.5, 2)))
        self.assertEqual(a[0], b[0])
        self.assertRegex(read_text(result.run_dir, "metrics", "loss"), r"^\d{13} 0\.9 0\n\d{13} 0\.5 3\n$")

    def test_params_tags_and_the_active_run(self):
        result = self.run_script("""\
            import mlflow, os
            print(mlflow.active_run())
            with mlflow.start_run(run_name="ignored", tags={"team": "vision"}) as run:
                print(run.info.run_id == os.environ["MLFLOW_RUN_ID"], mlflow.active_run() is run)
                print(run.info.experiment_id, run.info.artifact_uri.endswith("/artifacts"))
                print(mlflow.log_param("lr", 0.01))
                mlflow.log_params({"epochs": 3, "optimizer": "sgd"})
                mlflow.set_tag("stage", "dev")
                mlflow.set_tags({"x": 1})
            print(mlflow.active_run())
            print(mlflow.get_tracking_uri() == os.environ["MLFLOW_TRACKING_URI"])
            print(mlflow.set_experiment("elsewhere").experiment_id, mlflow.autolog())
            mlflow.set_tracking_uri("http://ignored")
        """, options=["--run-name", "kept"])
        self.assertEqual(result.echoed.decode().splitlines(),
                         ["None", "True True", "1 True", "0.01", "None", "True", "1 None"])
        params = {n: read_text(result.run_dir, "params", n) for n in ("lr", "epochs", "optimizer")}
        self.assertEqual(params, {"lr": "0.01", "epochs": "3", "optimizer": "sgd"})
        for name, value in (("team", "vision"), ("stage", "dev"), ("x", "1"), ("mlflow.runName", "kept")):
            self.assertEqual(read_text(result.run_dir, "tags", name), value)

    def test_artifacts(self):
        result = self.run_script("""\
            import mlflow, os
            os.makedirs("plots")
            open("plots/loss.png", "wb").write(b"png")
            open("notes.txt", "w").write("n")
            mlflow.log_artifact("notes.txt")
            mlflow.log_artifact("plots/loss.png", artifact_path="figures")
            mlflow.log_artifacts("plots", artifact_path="all")
            mlflow.log_text("hello", "texts/hello.txt")
            mlflow.log_dict({"a": [1, 2]}, "config.json")
            print(mlflow.get_artifact_uri("config.json").startswith("file://"))
        """)
        artifacts = os.path.join(result.run_dir, "artifacts")
        self.assertEqual(read_text(artifacts, "notes.txt"), "n")
        self.assertEqual(read_text(artifacts, "figures", "loss.png"), "png")
        self.assertEqual(read_text(artifacts, "all", "loss.png"), "png")
        self.assertEqual(read_text(artifacts, "texts", "hello.txt"), "hello")
        self.assertEqual(json.loads(read_text(artifacts, "config.json")), {"a": [1, 2]})
        self.assertEqual(result.echoed, b"True\n")

    def test_invalid_keys_and_values_raise_as_in_mlflow(self):
        result = self.run_script("""\
            import mlflow
            for call in (lambda: mlflow.log_metric("../up", 1), lambda: mlflow.log_metric("m", "x"),
                         lambda: (mlflow.log_param("p", 1), mlflow.log_param("p", 2))):
                try:
                    call()
                    print("accepted")
                except ValueError as error:
                    print(type(error).__name__)
        """)
        self.assertEqual(result.echoed, b"ValueError\nValueError\nValueError\n")


class AzuremlStandInTest(StandInTestCase):
    def test_log_makes_a_series_in_logging_order(self):
        result = self.run_script("""\
            from azureml.core import Run
            run = Run.get_context()
            for value in (0.9, 0.7, 0.4):
                run.log("loss", value)
            run.log("explicit", 1.0, step=10)
            run.log("message", "not a number")
        """)
        self.assertEqual(self.steps_and_values(result.run_dir, "loss"), [(0, 0.9), (1, 0.7), (2, 0.4)])
        self.assertEqual(self.steps_and_values(result.run_dir, "explicit"), [(10, 1.0)])
        self.assertEqual(read_text(result.run_dir, "tags", "message"), "not a number")

    def test_log_list_is_one_key_with_successive_values(self):
        result = self.run_script("""\
            from azureml.core import Run
            run = Run.get_context()
            run.log_list("accuracies", [0.5, 0.25, 0.75, 0.125])
            run.log("accuracies", 1.0)
        """)
        lines = metric_lines(result.run_dir, "accuracies")
        self.assertEqual([(value, step) for _t, value, step in lines],
                         [(0.5, 0), (0.25, 0), (0.75, 0), (0.125, 0), (1.0, 4)])
        timestamps = [timestamp for timestamp, _v, _s in lines[:4]]
        self.assertEqual(timestamps, sorted(set(timestamps)))

    def test_log_row_and_log_table(self):
        result = self.run_script("""\
            from azureml.core import Run
            run = Run.get_context()
            run.log_row("roc", fpr=0.0, tpr=0.0)
            run.log_row("roc", description="curve", fpr=0.5, tpr=0.9)
            run.log_table("pr", {"precision": [1.0, 0.8], "recall": [0.1, 0.6]})
        """)
        self.assertEqual(self.steps_and_values(result.run_dir, "roc/fpr"), [(0, 0.0), (1, 0.5)])
        self.assertEqual(self.steps_and_values(result.run_dir, "roc/tpr"), [(0, 0.0), (1, 0.9)])
        self.assertEqual(self.steps_and_values(result.run_dir, "pr/recall"), [(0, 0.1), (1, 0.6)])
        row = [metric_lines(result.run_dir, "roc/" + c)[1][0] for c in ("fpr", "tpr")]
        self.assertEqual(row[0], row[1])

    def test_tags_properties_identity_and_metrics(self):
        result = self.run_script("""\
            import os
            from azureml.core import Run
            run = Run.get_context()
            run.tag("reviewed")
            run.tag("owner", "ada")
            run.set_tags({"a": 1})
            run.set_tags(["flag"])
            run.add_properties({"dataset": "mnist"})
            run.log("loss", 0.5)
            run.log("loss", 0.25)
            run.log("acc", 0.9)
            print(run.id == os.environ["MLFLOW_RUN_ID"], run.experiment.name, run.display_name)
            print(sorted(run.get_metrics().items()), run.get_metrics("acc"))
            run.complete()
        """, experiment="v1 style", options=["--run-name", "shown"])
        self.assertEqual(result.echoed.decode().splitlines(), [
            "True v1 style shown", "[('acc', 0.9), ('loss', [0.5, 0.25])] {'acc': 0.9}"])
        tags = {n: read_text(result.run_dir, "tags", n) for n in ("reviewed", "owner", "a", "flag", "dataset")}
        self.assertEqual(tags, {"reviewed": "", "owner": "ada", "a": "1", "flag": "", "dataset": "mnist"})

    def test_upload_file(self):
        result = self.run_script("""\
            import io
            from azureml.core import Run
            open("model.pkl", "wb").write(b"weights")
            run = Run.get_context()
            run.upload_file("outputs/model.pkl", "model.pkl")
            run.upload_file("streamed.bin", io.BytesIO(b"bytes"))
        """)
        artifacts = os.path.join(result.run_dir, "artifacts")
        self.assertEqual(read_text(artifacts, "outputs", "model.pkl"), "weights")
        self.assertEqual(read_text(artifacts, "streamed.bin"), "bytes")

    def test_fail_marks_the_run_failed_despite_exit_code_zero(self):
        self.write("script.py", """\
            from azureml.core import Run
            Run.get_context().fail(error_details="validation data missing")
        """)
        result = self.run_harness("script.py")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.ended["status"], "FAILED")
        self.assertIn("validation data missing", read_text(result.run_dir, DRIVER_LOG))


class RealPackagesTest(StandInTestCase):
    def test_an_installed_package_is_never_shadowed(self):
        installed = os.path.join(self.tmp, "site")
        self.write("mlflow/__init__.py", "def log_metric(*args, **kwargs):\n    print('real mlflow')\n",
                   folder=installed)
        env = dict(os.environ, PYTHONPATH=installed)
        result = self.run_script("""\
            import mlflow
            from azureml.core import Run
            mlflow.log_metric("x", 1)
            print(mlflow.__file__.startswith(%r), Run.__module__)
        """ % installed, env=env)
        self.assertEqual(result.echoed, b"real mlflow\nTrue azureml.core.run\n")
        self.assertFalse(os.path.exists(os.path.join(result.run_dir, "metrics", "x")))

    def test_other_azureml_packages_stay_importable_beside_the_stand_in(self):
        installed = os.path.join(self.tmp, "site")
        self.write("azureml/__init__.py", "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n",
                   folder=installed)
        self.write("azureml/other/__init__.py", "NAME = 'other'\n", folder=installed)
        env = dict(os.environ, PYTHONPATH=installed)
        result = self.run_script("""\
            from azureml.core import Run
            from azureml.other import NAME
            print(NAME, Run.get_context().id)
        """, env=env, options=["--run-id", "ns"])
        self.assertEqual(result.echoed, b"other ns\n")
