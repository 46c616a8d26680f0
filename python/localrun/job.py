"""One local job: snapshot the source folder, run the script there, collect its outputs."""

import os
import shutil
import signal
import sys
import tempfile
import threading

from . import proc, shims, store
from .ignore import IgnoreRules
from .inputs import substitute_inputs
from .livefolder import LiveFolder
from .snapshot import copy_snapshot
from .tracking import FAIL_REQUEST_TAG

# How long to keep reading output after the script's processes are gone: only
# a process that left the group (setsid) can still hold the pipe open then.
_DRAIN_SECONDS = 2.0
# Folders a script writes that become the run's artifacts, as on Azure ML.
OUTPUT_FOLDERS = ("outputs", "logs")
# Created in the run's folder by whoever wants the run stopped (see README.md, "Cancelling").
STOP_FILE = "azureml-explorer.stop"
STOP_REASON = "stop requested"
# As for SIGTERM: a run stopped on request ends the same way on every OS.
STOP_EXIT_CODE = 143
_STOP_FILE_POLL_SECONDS = 0.1
# Of those, the one kept current while the script runs (Azure ML syncs ./logs live), so its
# TensorBoard event files can be charted during training.
LIVE_FOLDER = "logs"


class CancelRequest:
    """Remembers the first stop request (SIGTERM, SIGINT or the run's stop file),
    and whether another one followed."""

    def __init__(self):
        self.reason = None
        self.code = None
        self.repeated = False

    def install(self):
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._handle)

    def _handle(self, signum, _frame):
        self.request(signal.Signals(signum).name, 128 + signum)

    def request(self, reason, exit_code):
        """Ask for the run to stop; ``reason`` is shown in the log, ``exit_code`` is the harness's."""
        if self.reason is None:
            self.code = exit_code
            self.reason = reason
        else:
            self.repeated = True

    def requested(self):
        return self.reason is not None

    def insisted(self):
        """A second request: stop waiting for the grace period (Ctrl+C twice)."""
        return self.repeated

    def exit_code(self):
        return self.code


class StopFileWatcher(threading.Thread):
    """Turns the appearance of the run's stop file into a stop request.

    A file, not a signal, so that a stop asked for by another process works the
    same on every OS (Windows has no SIGTERM a handler could catch) and also
    reaches a harness whose parent has gone (a reloaded editor window).
    """

    def __init__(self, path, cancel):
        super().__init__(name="stop-file", daemon=True)
        self.path = path
        self._cancel = cancel
        self._done = threading.Event()

    def run(self):
        while not self._done.is_set():
            if os.path.exists(self.path):
                self._cancel.request(STOP_REASON, STOP_EXIT_CODE)
                return
            self._done.wait(_STOP_FILE_POLL_SECONDS)

    def close(self):
        """Stop watching and remove the file, so the finished run folder holds none."""
        self._done.set()
        try:
            os.remove(self.path)
        except OSError:
            pass


class LocalJob:
    def __init__(self, invocation, record, writer, log, cancel):
        self.invocation = invocation
        self.record = record
        self.writer = writer
        self.log = log
        self.cancel = cancel

    def run(self):
        """(status, exit code) of the job."""
        source, script = self.invocation.source, self.invocation.script
        if not os.path.isfile(os.path.join(source, *script.split("/"))):
            self.log.note("Script not found: %s (looked in %s)" % (script, source))
            return store.FAILED, 1
        rules = IgnoreRules.for_source(source)
        if rules.excludes(script, False):
            self.log.note("Script %s is left out of the snapshot by %s" % (script, rules.origin))
            return store.FAILED, 1
        snapshot_dir = tempfile.mkdtemp(prefix="azureml-explorer-snapshot-")
        try:
            try:
                copy_snapshot(source, snapshot_dir, rules, skip_dirs=[self.invocation.store],
                              include_outside_links=self.invocation.include_outside_links)
            except OSError as error:
                self.log.note("Could not copy %s into the snapshot: %s" % (source, error))
                return store.FAILED, 1
            if self.cancel.requested():
                self.log.note("Cancelled before the script started.")
                return store.KILLED, self.cancel.exit_code()
            live = LiveFolder(os.path.join(snapshot_dir, LIVE_FOLDER), os.path.join(self.record.artifacts_dir, LIVE_FOLDER))
            live.start()
            try:
                return self._run_in(snapshot_dir)
            finally:
                for path, error in live.stop():
                    self.log.note("Could not copy %s to the run's artifacts: %s" % (path, error))
        finally:
            self._collect_outputs(snapshot_dir)
            shutil.rmtree(snapshot_dir, ignore_errors=True)

    def _run_in(self, snapshot_dir):
        shim_dir = shims.build_shim_dir()
        child = None
        finished = False
        try:
            argv = [sys.executable, "-u", os.path.join(*self.invocation.script.split("/"))]
            try:
                args = substitute_inputs(self.invocation.args, self.invocation.inputs)
                child = proc.start(argv + args, snapshot_dir, self._environment(shim_dir))
            except OSError as error:
                self.log.note("Could not start the script: %s" % error)
                return store.FAILED, 1
            pump = proc.OutputPump(child.stdout, self.log)
            pump.start()
            grace = self.invocation.kill_grace
            returncode = proc.wait(child, self.cancel.requested, self.cancel.insisted, grace, self._note_cancel)
            # Helpers the script started and left running go too, as on Azure ML.
            proc.stop_group(child, 0 if self.cancel.insisted() else grace)
            finished = True
            pump.join(_DRAIN_SECONDS)
            return self._outcome(returncode)
        finally:
            if child is not None and not finished:
                proc.force_stop(child)
                child.wait()
            if shim_dir:
                shutil.rmtree(shim_dir, ignore_errors=True)

    def _environment(self, shim_dir):
        env = dict(os.environ)
        env.update(
            PYTHONUNBUFFERED="1",
            MLFLOW_TRACKING_URI=store.path_to_uri(self.invocation.store),
            MLFLOW_EXPERIMENT_ID=self.record.experiment_id,
            MLFLOW_EXPERIMENT_NAME=self.invocation.experiment,
            MLFLOW_RUN_ID=self.record.run_id,
        )
        for name, folder in self.invocation.inputs.items():
            env["AZURE_ML_INPUT_" + name] = folder
        # The driver log is read as UTF-8 whatever the platform's locale.
        env.setdefault("PYTHONIOENCODING", "utf-8")
        if shim_dir:
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [shim_dir, env.get("PYTHONPATH")]))
        return env

    def _note_cancel(self):
        self.log.note("Cancelled (%s): stopping the script and every process it started." % self.cancel.reason)

    def _outcome(self, returncode):
        if self.cancel.requested():
            return store.KILLED, self.cancel.exit_code()
        if returncode < 0:
            self.log.note("The script was ended by signal %d." % -returncode)
            return store.FAILED, 128 - returncode
        if returncode > 0:
            return store.FAILED, returncode
        failure = self.writer.read_tag(FAIL_REQUEST_TAG)
        if failure is not None:
            self.log.note("The script marked the run as failed: %s" % failure)
            return store.FAILED, 1
        return store.FINISHED, 0

    def _collect_outputs(self, snapshot_dir):
        for name in OUTPUT_FOLDERS:
            folder = os.path.join(snapshot_dir, name)
            if name == LIVE_FOLDER and os.path.isdir(os.path.join(self.record.artifacts_dir, name)):
                # Already mirrored, file by file; copying it again would rewrite files a reader follows.
                continue
            if not os.path.isdir(folder):
                continue
            try:
                shutil.copytree(folder, os.path.join(self.record.artifacts_dir, name), dirs_exist_ok=True)
            except (OSError, shutil.Error) as error:
                self.log.note("Could not copy all of %s/ to the run's artifacts: %s" % (name, error))
