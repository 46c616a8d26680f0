"""Stand-in for the tracking calls of ``mlflow``, used when mlflow is not installed.

run_local.py puts it on the script's path. Everything is written straight into
the run the harness started (named by MLFLOW_TRACKING_URI, MLFLOW_EXPERIMENT_ID
and MLFLOW_RUN_ID), in the same files the real mlflow's file store writes.
There is only that one run: ``start_run`` arguments that would pick or create
another run (run_id, experiment_id, nested, run_name) are ignored, and so are
the arguments of newer mlflow releases that this stand-in has no use for.
"""

import json
import os

from _azureml_explorer_tracking import RunWriter, now_ms

__version__ = "0.0.0+azureml-explorer-stand-in"

_writer = None
_active_run = None


def _run_writer():
    global _writer
    if _writer is None:
        _writer = RunWriter.from_environment()
    return _writer


class RunInfo:
    def __init__(self, writer):
        self.run_id = writer.run_id
        self.run_uuid = writer.run_id
        self.experiment_id = writer.experiment_id
        self.run_name = writer.read_tag("mlflow.runName")
        self.artifact_uri = get_artifact_uri()
        self.status = "RUNNING"
        self.lifecycle_stage = "active"


class Experiment:
    def __init__(self, experiment_id, name):
        self.experiment_id = experiment_id
        self.name = name


class ActiveRun:
    """What ``start_run`` returns; also a context manager, as in mlflow."""

    def __init__(self, writer):
        self.info = RunInfo(writer)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        end_run()
        return False


def start_run(run_id=None, experiment_id=None, run_name=None, nested=False, tags=None,
              description=None, **_unused):
    global _active_run
    if _active_run is None:
        _active_run = ActiveRun(_run_writer())
    if tags:
        set_tags(tags)
    return _active_run


def _ensure_run():
    # Logging without start_run starts the run, as in mlflow.
    return start_run()


def active_run():
    return _active_run


def end_run(status="FINISHED"):
    """Forget the active run; its final status is the harness's to record."""
    global _active_run
    _active_run = None


def log_metric(key, value, step=None, synchronous=None, timestamp=None, run_id=None, **_unused):
    _ensure_run()
    _run_writer().log_metric(key, value, 0 if step is None else step, timestamp)


def log_metrics(metrics, step=None, synchronous=None, run_id=None, timestamp=None, **_unused):
    _ensure_run()
    writer = _run_writer()
    # One timestamp for the batch, as mlflow does.
    timestamp = now_ms() if timestamp is None else timestamp
    for key, value in metrics.items():
        writer.log_metric(key, value, 0 if step is None else step, timestamp)


def log_param(key, value, synchronous=None, **_unused):
    _ensure_run()
    _run_writer().log_param(key, value)
    return value


def log_params(params, synchronous=None, run_id=None, **_unused):
    _ensure_run()
    for key, value in params.items():
        _run_writer().log_param(key, value)


def set_tag(key, value, synchronous=None, **_unused):
    _ensure_run()
    _run_writer().set_tag(key, value)


def set_tags(tags, synchronous=None, **_unused):
    _ensure_run()
    for key, value in tags.items():
        _run_writer().set_tag(key, value)


def log_artifact(local_path, artifact_path=None, run_id=None, **_unused):
    _ensure_run()
    _run_writer().log_artifact(local_path, artifact_path)


def log_artifacts(local_dir, artifact_path=None, run_id=None, **_unused):
    _ensure_run()
    _run_writer().log_artifacts(local_dir, artifact_path)


def log_text(text, artifact_file, run_id=None, **_unused):
    _ensure_run()
    _run_writer().write_artifact_text(artifact_file, text)


def log_dict(dictionary, artifact_file, run_id=None, **_unused):
    """Written as JSON whatever the extension: JSON is also valid YAML, and the
    standard library has no YAML writer."""
    _ensure_run()
    _run_writer().write_artifact_text(artifact_file, json.dumps(dictionary, indent=2))


def get_artifact_uri(artifact_path=None):
    uri = os.environ["MLFLOW_TRACKING_URI"].rstrip("/") + "/%s/%s/artifacts" % (
        _run_writer().experiment_id, _run_writer().run_id)
    return uri + "/" + artifact_path.lstrip("/") if artifact_path else uri


def autolog(*_args, **_kwargs):
    """Does nothing: autologging needs the real mlflow and the frameworks it patches."""


def set_experiment(experiment_name=None, experiment_id=None):
    """Keeps the harness's experiment: a run cannot move once started."""
    return Experiment(_run_writer().experiment_id, os.environ.get("MLFLOW_EXPERIMENT_NAME"))


def get_tracking_uri():
    return os.environ.get("MLFLOW_TRACKING_URI")


def set_tracking_uri(uri):
    """Ignored: the harness decides where the run is stored."""
