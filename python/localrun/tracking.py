"""Writes metrics, params, tags and artifacts into one run of an MLflow file store.

This module is used by the harness and, copied under a private name, by the
``mlflow`` and ``azureml`` stand-ins inside the script's own interpreter. It
must therefore import nothing but the standard library and nothing from its
own package.

Formats are those of MLflow's FileStore:
  metrics/<key>  one line per value: "<timestamp_ms> <value> <step>\\n"
  params/<key>   the value as text, no newline
  tags/<key>     the value as text, no newline
Keys may contain "/", which makes sub-folders, as in MLflow.
"""

import numbers
import os
import posixpath
import re
import shutil
import time
from urllib.parse import urlparse
from urllib.request import url2pathname

# The tag a script sets (v1 ``Run.fail()``) to have an exit code 0 recorded as FAILED.
FAIL_REQUEST_TAG = "azuremlExplorer.error"

# MLflow's own rules (mlflow/utils/validation.py).
_VALID_KEY = re.compile(r"^[/\w.\- ]*$")
_MAX_KEY_LENGTH = 250
_RUN_ID = re.compile(r"^[a-zA-Z0-9][\w\-]{0,255}$", re.ASCII)


def now_ms():
    return int(time.time() * 1000)


def validate_key(key, kind="metric"):
    """Raise ValueError unless MLflow would accept ``key`` as a metric, param or tag name."""
    if not isinstance(key, str):
        raise ValueError("%s name must be a string, got %r" % (kind, key))
    if not _VALID_KEY.match(key):
        raise ValueError(
            "Invalid %s name: %r. Names may only contain alphanumerics, underscores (_), "
            "dashes (-), periods (.), spaces ( ), and slashes (/)." % (kind, key)
        )
    normalized = posixpath.normpath(key)
    if normalized != key or normalized == "." or normalized.startswith(("..", "/")):
        raise ValueError(
            "Invalid %s name: %r. Names are used as file paths and must not resolve to "
            "another name (this one resolves to %r)." % (kind, key, normalized)
        )
    if len(key) > _MAX_KEY_LENGTH:
        raise ValueError("%s name %r is longer than %d characters" % (kind, key, _MAX_KEY_LENGTH))


def is_valid_run_id(run_id):
    return bool(_RUN_ID.match(run_id))


def file_uri_to_path(uri):
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        raise ValueError("expected a file: URI, got %r" % uri)
    # url2pathname also undoes the percent-encoding (and, on Windows, "/C:/x").
    return url2pathname(parsed.path)


class RunWriter:
    """Appends to the run folder ``<store>/<experiment_id>/<run_id>``."""

    def __init__(self, run_dir):
        self.run_dir = run_dir
        self.artifacts_dir = os.path.join(run_dir, "artifacts")
        self._last_timestamps = {}

    @classmethod
    def from_environment(cls, environ=None):
        """The run the harness started, named by the variables it sets for the script."""
        environ = os.environ if environ is None else environ
        names = ("MLFLOW_TRACKING_URI", "MLFLOW_EXPERIMENT_ID", "MLFLOW_RUN_ID")
        missing = [name for name in names if not environ.get(name)]
        if missing:
            raise RuntimeError(
                "This stand-in only works inside a run started by run_local.py; "
                "%s not set." % ", ".join(missing)
            )
        store = file_uri_to_path(environ["MLFLOW_TRACKING_URI"])
        return cls(os.path.join(store, environ["MLFLOW_EXPERIMENT_ID"], environ["MLFLOW_RUN_ID"]))

    @property
    def run_id(self):
        return os.path.basename(self.run_dir)

    @property
    def experiment_id(self):
        return os.path.basename(os.path.dirname(self.run_dir))

    def log_metric(self, key, value, step=0, timestamp=None):
        validate_key(key, "metric")
        if isinstance(value, bool) or not isinstance(value, numbers.Number):
            raise ValueError("Got invalid value %r for metric %r: it must be a number" % (value, key))
        if isinstance(step, bool) or not isinstance(step, numbers.Number):
            raise ValueError("Got invalid step %r for metric %r: it must be an integer" % (step, key))
        timestamp = now_ms() if timestamp is None else int(timestamp)
        line = "%d %r %d\n" % (timestamp, float(value), int(step))
        with _open_for_key(self.run_dir, "metrics", key, "a") as handle:
            handle.write(line)
        self._last_timestamps[key] = timestamp

    def next_timestamp(self, key):
        """Now, or one millisecond after this key's last value if that is not earlier.

        Values logged in one burst would otherwise share a timestamp; strictly
        increasing timestamps keep their order for readers that sort by time.
        """
        validate_key(key, "metric")
        last = self._last_timestamps.get(key)
        if last is None:
            last = _last_timestamp_in_file(os.path.join(self.run_dir, "metrics", key))
        return max(now_ms(), last + 1) if last is not None else now_ms()

    def metric_count(self, key):
        """How many values the key has, counting what other processes appended."""
        validate_key(key, "metric")
        path = os.path.join(self.run_dir, "metrics", key)
        if not os.path.isfile(path):
            return 0
        with open(path, encoding="utf-8") as handle:
            return sum(1 for line in handle if line.strip())

    def read_metrics(self):
        """{key: [(timestamp, value, step), ...]} in file order."""
        root = os.path.join(self.run_dir, "metrics")
        metrics = {}
        for folder, _dirs, files in os.walk(root):
            for name in files:
                path = os.path.join(folder, name)
                key = os.path.relpath(path, root).replace(os.sep, "/")
                with open(path, encoding="utf-8") as handle:
                    metrics[key] = [_parse_metric_line(line) for line in handle if line.strip()]
        return metrics

    def log_param(self, key, value):
        validate_key(key, "param")
        text = str(value)
        path = os.path.join(self.run_dir, "params", key)
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as handle:
                existing = handle.read()
            if existing != text:
                raise ValueError(
                    "Changing param values is not allowed. Param with key=%r was already "
                    "logged with value=%r for run ID=%r. Attempted logging new value %r."
                    % (key, existing, self.run_id, text)
                )
            return
        with _open_for_key(self.run_dir, "params", key, "w") as handle:
            handle.write(text)

    def set_tag(self, key, value):
        validate_key(key, "tag")
        with _open_for_key(self.run_dir, "tags", key, "w") as handle:
            handle.write(str(value))

    def read_tag(self, key):
        path = os.path.join(self.run_dir, "tags", key)
        if not os.path.isfile(path):
            return None
        with open(path, encoding="utf-8") as handle:
            return handle.read()

    def artifact_dir(self, artifact_path=None):
        """The folder for ``artifact_path`` inside the run's artifacts, created."""
        folder = self.artifacts_dir
        if artifact_path:
            normalized = posixpath.normpath(artifact_path.replace("\\", "/"))
            if normalized.startswith(("..", "/")) or normalized == ".":
                raise ValueError("artifact_path must be a relative path inside the run: %r" % artifact_path)
            folder = os.path.join(folder, *normalized.split("/"))
        os.makedirs(folder, exist_ok=True)
        return folder

    def log_artifact(self, local_path, artifact_path=None):
        target = os.path.join(self.artifact_dir(artifact_path), os.path.basename(local_path))
        if os.path.isdir(local_path):
            shutil.copytree(local_path, target, dirs_exist_ok=True)
        else:
            shutil.copy2(local_path, target)

    def log_artifacts(self, local_dir, artifact_path=None):
        shutil.copytree(local_dir, self.artifact_dir(artifact_path), dirs_exist_ok=True)

    def write_artifact_text(self, artifact_file, text):
        folder, name = posixpath.split(artifact_file.replace("\\", "/"))
        if not name:
            raise ValueError("artifact_file must name a file: %r" % artifact_file)
        with open(os.path.join(self.artifact_dir(folder), name), "w", encoding="utf-8") as handle:
            handle.write(text)


def _open_for_key(run_dir, folder, key, mode):
    path = os.path.join(run_dir, folder, *key.split("/"))
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return open(path, mode, encoding="utf-8")
    except (FileExistsError, NotADirectoryError, IsADirectoryError):
        raise ValueError(
            "%s key %r clashes with another key: one names a folder of the other" % (folder, key)
        )


def _parse_metric_line(line):
    timestamp, value, step = line.split()
    return int(timestamp), float(value), int(step)


def _last_timestamp_in_file(path):
    if not os.path.isfile(path):
        return None
    last_line = None
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                last_line = line
    return _parse_metric_line(last_line)[0] if last_line else None
