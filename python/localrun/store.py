"""Experiments and runs of an MLflow file store: their folders and ``meta.yaml`` files.

Layout (MLflow's FileStore, readable by ``mlflow ui --backend-store-uri <store>``):
  <store>/.trash/                       deleted experiments (MLflow's)
  <store>/<experiment_id>/meta.yaml     artifact_location, creation_time, experiment_id, ...
  <store>/<experiment_id>/<run_id>/meta.yaml, metrics/, params/, tags/, artifacts/
"""

import contextlib
import os
import pathlib
import re
import time
import uuid

from . import yamlio
from .tracking import is_valid_run_id, now_ms

# MLflow's RunStatus numbers, as stored in a run's meta.yaml.
RUNNING, SCHEDULED, FINISHED, FAILED, KILLED = 1, 2, 3, 4, 5
STATUS_NAMES = {RUNNING: "RUNNING", SCHEDULED: "SCHEDULED", FINISHED: "FINISHED", FAILED: "FAILED", KILLED: "KILLED"}

# MLflow's SourceType.LOCAL.
SOURCE_TYPE_LOCAL = 4
DEFAULT_EXPERIMENT_ID = "0"
DEFAULT_EXPERIMENT_NAME = "Default"
MAX_EXPERIMENT_NAME_LENGTH = 500
TRASH = ".trash"
META = "meta.yaml"
# Folders MLflow keeps inside an experiment next to its runs.
RESERVED_RUN_NAMES = {"tags", "datasets", "traces"}
_NUMERIC_ID = re.compile(r"[0-9]+\Z")


def path_to_uri(path):
    return pathlib.Path(os.path.abspath(path)).as_uri()


def read_meta(folder):
    """The folder's meta.yaml as a dict, or None when it is missing or unreadable."""
    try:
        with open(os.path.join(folder, META), encoding="utf-8") as handle:
            return yamlio.loads(handle.read())
    except (OSError, ValueError):
        return None


def write_meta(folder, mapping):
    """Replace meta.yaml in one step, since readers poll it while a run is active."""
    target = os.path.join(folder, META)
    temporary = os.path.join(folder, ".meta.%s.tmp" % uuid.uuid4().hex)
    # Not tempfile.mkstemp: its files are private (0600), meta.yaml must not be.
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(yamlio.dumps(mapping))
        _replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def _replace(source, target, attempts=20):
    for attempt in range(attempts):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            # Windows refuses to replace a file another process has open for a
            # moment (the extension polling meta.yaml); POSIX never gets here.
            if attempt == attempts - 1:
                raise
            time.sleep(0.05)


def _experiment_folders(store):
    """(experiment id, folder) of every experiment, active ones and those in .trash."""
    for root in (store, os.path.join(store, TRASH)):
        try:
            names = os.listdir(root)
        except FileNotFoundError:
            continue
        for name in names:
            folder = os.path.join(root, name)
            if name != TRASH and os.path.isdir(folder):
                yield name, folder


LOCK_FILE = ".azureml-explorer.lock"
# The extension's Local data assets (a JSON file it writes at the store's root): not a sign of MLflow use.
DATA_FILE = "azureml-explorer-data.json"


@contextlib.contextmanager
def _store_lock(store):
    """Serialises experiment creation between harnesses sharing a store.

    An OS lock on a file at the store's root (MLflow only looks at folders
    there); the OS releases it if a harness dies while holding it.
    """
    with open(os.path.join(store, LOCK_FILE), "a+b") as handle:
        if os.name == "nt":
            import msvcrt

            handle.seek(0)
            while True:
                try:
                    # LK_LOCK itself retries for ten seconds before giving up.
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    continue
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def ensure_store(store):
    """Create the store as MLflow does on first use: ``.trash`` and experiment 0, "Default"."""
    os.makedirs(store, exist_ok=True)
    with _store_lock(store):
        if not any(name not in (LOCK_FILE, DATA_FILE) for name in os.listdir(store)):
            _create_experiment(store, DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME)
        os.makedirs(os.path.join(store, TRASH), exist_ok=True)


def find_experiment(store, name):
    """Id of the active experiment called ``name`` (the lowest id if several are), or None."""
    found = []
    for experiment_id, folder in _experiment_folders(store):
        if os.path.dirname(folder) != store:
            continue
        meta = read_meta(folder)
        if meta and meta.get("name") == name and meta.get("lifecycle_stage", "active") == "active":
            found.append(str(meta.get("experiment_id", experiment_id)))
    return min(found, key=_id_order) if found else None


def _id_order(experiment_id):
    return (0, int(experiment_id), "") if _NUMERIC_ID.match(experiment_id) else (1, 0, experiment_id)


def get_or_create_experiment(store, name):
    """Id of the experiment called ``name``; a new one gets the next free number."""
    with _store_lock(store):
        experiment_id = find_experiment(store, name)
        if experiment_id is not None:
            return experiment_id
        numeric = [int(eid) for eid, _folder in _experiment_folders(store) if _NUMERIC_ID.match(eid)]
        candidate = max(numeric) + 1 if numeric else 1
        # The lock keeps harnesses apart; mkdir's exclusivity, ids that another
        # program (mlflow itself) takes meanwhile.
        while not _create_experiment(store, str(candidate), name):
            candidate += 1
        return str(candidate)


def _create_experiment(store, experiment_id, name):
    """Create the experiment folder with its meta.yaml; False if the id is taken."""
    folder = os.path.join(store, experiment_id)
    try:
        os.mkdir(folder)
    except FileExistsError:
        return False
    created = now_ms()
    write_meta(
        folder,
        {
            "artifact_location": path_to_uri(folder),
            "creation_time": created,
            "experiment_id": experiment_id,
            "last_update_time": created,
            "lifecycle_stage": "active",
            "name": name,
        },
    )
    return True


def run_id_problem(store, run_id):
    """Why ``run_id`` cannot be used for a new run, or None."""
    if not is_valid_run_id(run_id) or run_id in RESERVED_RUN_NAMES:
        return (
            "invalid run id %r: use 1 to 256 letters, digits, '_' or '-', "
            "starting with a letter or digit" % run_id
        )
    for experiment_id, folder in _experiment_folders(store):
        if os.path.exists(os.path.join(folder, run_id)):
            return "run id %r already exists (experiment %s)" % (run_id, experiment_id)
    return None


class RunRecord:
    """One run's folder and meta.yaml."""

    def __init__(self, store, experiment_id, run_id, run_name, user_id):
        self.store = store
        self.experiment_id = experiment_id
        self.run_id = run_id
        self.run_name = run_name
        self.user_id = user_id
        self.run_dir = os.path.join(store, experiment_id, run_id)
        self.artifacts_dir = os.path.join(self.run_dir, "artifacts")
        self.start_time = None

    def create(self):
        """Make the run folder and mark it RUNNING; FileExistsError if the id is taken."""
        os.mkdir(self.run_dir)
        for folder in ("metrics", "params", "tags", "artifacts"):
            os.mkdir(os.path.join(self.run_dir, folder))
        self.start_time = now_ms()
        write_meta(self.run_dir, self._meta(RUNNING, None))

    def finish(self, status):
        """Record the final status and end time, keeping fields MLflow itself may have
        changed meanwhile (a script using the real mlflow can rename or delete the run)."""
        meta = read_meta(self.run_dir) or self._meta(status, None)
        meta.update(status=status, end_time=now_ms())
        write_meta(self.run_dir, meta)

    def _meta(self, status, end_time):
        return {
            "artifact_uri": path_to_uri(self.artifacts_dir),
            "end_time": end_time,
            "entry_point_name": "",
            "experiment_id": self.experiment_id,
            "lifecycle_stage": "active",
            "run_id": self.run_id,
            "run_name": self.run_name,
            "run_uuid": self.run_id,
            "source_name": "",
            "source_type": SOURCE_TYPE_LOCAL,
            "source_version": "",
            "start_time": self.start_time,
            "status": status,
            "tags": [],
            "user_id": self.user_id,
        }
