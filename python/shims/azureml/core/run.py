"""Stand-in for ``azureml.core.Run`` (SDK v1) inside run_local.py.

``Run.get_context()`` is the run the harness started; what a script logs goes
into it in MLflow's file-store layout, the way Azure ML maps v1 logging onto
MLflow:

  log(name, v)            metric ``name``; a name logged again and again is a
                          series: step N for its N-th value (from 0) unless a
                          step is given, the order in which Azure ML charts them
  log_list(name, vs)      metric ``name``, every value at step 0 with strictly
                          increasing timestamps, like MLflow's log_batch of a list
                          (readers keep file order for equal steps)
  log_row(name, c=v, ...) metric ``name/c`` per column, step = row number (from 0)
                          of that table; Azure ML's migration guide logs each
                          column as a metric, and the ``name/`` prefix keeps
                          tables apart and groups their columns
  log_table(name, cols)   ``log_row`` for each row of {column: [values]}
  tag, set_tags,          tags (MLflow has no properties; a tag set without a
  add_properties          value is "")
  fail()                  tag ``azuremlExplorer.error``; the harness then marks
                          the run FAILED even if the script exits with 0
"""

import numbers
import os
import shutil

from _azureml_explorer_tracking import FAIL_REQUEST_TAG, RunWriter


class Experiment:
    def __init__(self, name, experiment_id):
        self.name = name
        self.id = experiment_id


class Run:
    _context = None

    def __init__(self, writer):
        self._writer = writer
        # Values logged so far per metric, and rows per table, for v1 steps.
        self._counts = {}
        self._rows = {}
        self.id = writer.run_id
        self.experiment = Experiment(os.environ.get("MLFLOW_EXPERIMENT_NAME"), writer.experiment_id)

    @classmethod
    def get_context(cls, allow_offline=True, **_unused):
        if cls._context is None:
            cls._context = cls(RunWriter.from_environment())
        return cls._context

    @property
    def display_name(self):
        return self._writer.read_tag("mlflow.runName")

    def log(self, name, value, description="", step=None):
        if not _is_number(value):
            # v1 also records strings; an MLflow metric is a number, so it is a tag.
            self._writer.set_tag(name, value)
            return
        index = self._take_indexes(name, 1)
        self._writer.log_metric(name, value, index if step is None else step)

    def log_list(self, name, value, description=""):
        self._take_indexes(name, len(value))
        for item in value:
            self._writer.log_metric(name, item, 0, self._writer.next_timestamp(name))

    def log_row(self, name, description=None, **kwargs):
        if name not in self._rows:
            self._rows[name] = max([self._writer.metric_count(name + "/" + c) for c in kwargs] or [0])
        row = self._rows[name]
        self._rows[name] += 1
        timestamp = None
        for column, value in kwargs.items():
            key = name + "/" + column
            timestamp = self._writer.next_timestamp(key) if timestamp is None else timestamp
            self._writer.log_metric(key, value, row, timestamp)

    def log_table(self, name, value, description=""):
        length = max([len(column) for column in value.values()] or [0])
        for index in range(length):
            self.log_row(name, **{c: v[index] for c, v in value.items() if index < len(v)})

    def tag(self, key, value=None):
        self._writer.set_tag(key, "" if value is None else value)

    def set_tags(self, tags):
        if isinstance(tags, dict):
            for key, value in tags.items():
                self.tag(key, value)
        else:
            for key in tags:
                self.tag(key)

    def add_properties(self, properties):
        for key, value in properties.items():
            self.tag(key, value)

    def complete(self, _set_status=True):
        """Nothing to do: the harness records the status when the script exits."""

    def fail(self, error_details=None, error_code=None, _set_status=True):
        self._writer.set_tag(FAIL_REQUEST_TAG, error_details or "Run.fail() was called")

    def get_metrics(self, name=None, recursive=False, run_type=None, populate=False):
        """{name: value} for a metric with one value, {name: [values]} for a series."""
        metrics = {}
        for key, entries in self._writer.read_metrics().items():
            if name is not None and key != name:
                continue
            values = [value for _timestamp, value, _step in entries]
            metrics[key] = values[0] if len(values) == 1 else values
        return metrics

    def upload_file(self, name, path_or_stream):
        """Copy a file (or the contents of a binary stream) to artifact ``name``."""
        folder, _slash, filename = name.replace("\\", "/").rpartition("/")
        target = os.path.join(self._writer.artifact_dir(folder), filename)
        if isinstance(path_or_stream, (str, os.PathLike)):
            shutil.copyfile(path_or_stream, target)
        else:
            with open(target, "wb") as handle:
                shutil.copyfileobj(path_or_stream, handle)

    def _take_indexes(self, name, count):
        """The index of the next value of ``name``, reserving ``count`` of them."""
        if name not in self._counts:
            self._counts[name] = self._writer.metric_count(name)
        first = self._counts[name]
        self._counts[name] += count
        return first


def _is_number(value):
    return isinstance(value, numbers.Number) and not isinstance(value, bool)
