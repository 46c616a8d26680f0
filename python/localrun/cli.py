"""Command line of run_local.py: run a Python script as a job on local compute.

stdout protocol, for the extension: the first line is
  {"event": "started", "run_id": ..., "experiment_id": ..., "run_dir": ...}
and the last line
  {"event": "ended", "status": "FINISHED" | "FAILED" | "KILLED", "exit_code": N}
with the script's output, byte for byte, in between. A run that could not be
created prints neither line (usage errors: exit code 2).
"""

import argparse
import getpass
import json
import os
import sys
import time
import traceback
import uuid

from . import store
from .driverlog import DriverLog
from .inputs import InputError, parse_inputs, substitute_inputs
from .job import STOP_FILE, CancelRequest, LocalJob, StopFileWatcher
from .tracking import RunWriter

EXIT_HARNESS_FAILURE = 1
EXIT_USAGE = 2

TAG_RUN_NAME = "mlflow.runName"
TAG_SOURCE_NAME = "mlflow.source.name"
TAG_SOURCE_TYPE = "mlflow.source.type"
TAG_USER = "mlflow.user"
TAG_EXIT_CODE = "azuremlExplorer.exitCode"
TAG_ARGS = "azuremlExplorer.args"
TAG_PYTHON = "azuremlExplorer.python"
TAG_INPUTS = "azuremlExplorer.inputs"

DEFAULT_KILL_GRACE_SECONDS = 5.0

USAGE = ("run_local.py --store DIR --experiment NAME [--run-id ID] [--run-name NAME] "
         "[--source DIR] [--include-outside-links] [--kill-grace SECONDS] [--input NAME=FOLDER ...] "
         "-- SCRIPT.py [ARGS...]")


class UsageError(Exception):
    pass


class Invocation:
    """What to run and where to record it, checked and made absolute."""

    def __init__(self, store, experiment, run_id, run_name, source, script, args, kill_grace,
                 include_outside_links=False, inputs=None):
        self.store = store
        self.experiment = experiment
        self.run_id = run_id
        self.run_name = run_name
        self.source = source
        # Relative to source, "/"-separated.
        self.script = script
        self.args = args
        self.kill_grace = kill_grace
        # Follow symbolic links that lead out of the source folder (the user agreed).
        self.include_outside_links = include_outside_links
        # {name: absolute folder}: the script gets each as ${{inputs.<name>}} in its arguments
        # and as the environment variable AZURE_ML_INPUT_<name>, as on Azure ML.
        self.inputs = inputs or {}


def _parser():
    parser = argparse.ArgumentParser(
        prog="run_local.py", usage=USAGE,
        description="Run a Python script as a local Azure ML job, recorded in an MLflow file store.")
    parser.add_argument("--store", required=True, help="MLflow file store folder (created if missing)")
    parser.add_argument("--experiment", required=True, help="experiment name (created if missing)")
    parser.add_argument("--run-id", help="id of the new run (default: a random hex uuid)")
    parser.add_argument("--run-name", help="display name (default: <script>_<date>_<time>)")
    parser.add_argument("--source", help="folder to snapshot (default: the script's folder); "
                                         "a relative script path is then relative to it")
    parser.add_argument("--include-outside-links", action="store_true",
                        help="copy what symbolic links outside the source folder point to "
                             "(default: leave such links out)")
    parser.add_argument("--kill-grace", type=float, default=DEFAULT_KILL_GRACE_SECONDS,
                        help="seconds the script gets to stop on cancel before it is killed (default: 5)")
    parser.add_argument("--input", action="append", default=[], metavar="NAME=FOLDER",
                        help="a folder the script reads as ${{inputs.NAME}} and $AZURE_ML_INPUT_NAME "
                             "(repeatable)")
    return parser


def parse_arguments(argv):
    split = argv.index("--") if "--" in argv else len(argv)
    parser = _parser()
    # Parsed first, so that --help and missing options are reported as usual.
    options, unknown = parser.parse_known_args(argv[:split])
    if split == len(argv):
        raise UsageError("expected '-- SCRIPT.py [ARGS...]' after the options")
    if unknown:
        parser.error("unrecognized arguments: %s" % " ".join(unknown))
    rest = argv[split + 1 :]
    if not rest:
        raise UsageError("no script given after '--'")
    if not options.experiment.strip() or len(options.experiment) > store.MAX_EXPERIMENT_NAME_LENGTH:
        raise UsageError("the experiment name must have 1 to %d characters" % store.MAX_EXPERIMENT_NAME_LENGTH)
    if options.kill_grace < 0:
        raise UsageError("--kill-grace must not be negative")
    source, script = _resolve_script(options.source, rest[0])
    try:
        inputs = parse_inputs(options.input)
        # Checked now, so a reference to a missing input is refused before the run exists.
        substitute_inputs(rest[1:], inputs)
    except InputError as error:
        raise UsageError(str(error))
    return Invocation(
        store=os.path.abspath(options.store),
        experiment=options.experiment,
        run_id=options.run_id or uuid.uuid4().hex,
        run_name=options.run_name or "%s_%s" % (os.path.splitext(os.path.basename(script))[0],
                                                time.strftime("%Y%m%d_%H%M%S")),
        source=source,
        script=script,
        args=rest[1:],
        kill_grace=options.kill_grace,
        include_outside_links=options.include_outside_links,
        inputs=inputs,
    )


def _resolve_script(source_option, script_arg):
    """(absolute source folder, script path relative to it with "/" separators)."""
    if source_option:
        source = os.path.abspath(source_option)
        script_path = os.path.normpath(os.path.join(source, script_arg))
    else:
        script_path = os.path.abspath(script_arg)
        source = os.path.dirname(script_path)
    try:
        relative = os.path.relpath(script_path, source)
    except ValueError:
        relative = os.pardir  # another drive, on Windows
    if relative == os.pardir or relative.startswith(os.pardir + os.sep) or relative == os.curdir:
        raise UsageError("the script %s is not inside the source folder %s" % (script_path, source))
    return source, relative.replace(os.sep, "/")


def _user():
    try:
        return getpass.getuser()
    except Exception:  # no login name anywhere (getpass raises several kinds)
        return "unknown"


def _print_event(**event):
    try:
        sys.stdout.write(json.dumps(event) + "\n")
        sys.stdout.flush()
    except (OSError, ValueError):
        pass


def _create_run(invocation):
    """The new run's record, RUNNING, with the harness's tags."""
    # Checked before the store is touched: a refused run leaves no trace.
    problem = store.run_id_problem(invocation.store, invocation.run_id)
    if problem:
        raise UsageError(problem)
    store.ensure_store(invocation.store)
    experiment_id = store.get_or_create_experiment(invocation.store, invocation.experiment)
    record = store.RunRecord(invocation.store, experiment_id, invocation.run_id,
                             invocation.run_name, _user())
    try:
        record.create()
    except FileExistsError:
        raise UsageError("run id %r already exists" % invocation.run_id)
    writer = RunWriter(record.run_dir)
    try:
        for key, value in (
            (TAG_RUN_NAME, invocation.run_name),
            (TAG_SOURCE_NAME, invocation.script),
            (TAG_SOURCE_TYPE, "LOCAL"),
            (TAG_USER, record.user_id),
            (TAG_ARGS, json.dumps(invocation.args)),
            (TAG_PYTHON, sys.executable),
        ) + (((TAG_INPUTS, json.dumps(invocation.inputs)),) if invocation.inputs else ()):
            writer.set_tag(key, value)
    except OSError:
        # Not left RUNNING for ever: nothing will ever end it.
        record.finish(store.FAILED)
        raise
    return record, writer


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    # Installed first, so a cancel that comes while the run is being set up is
    # not lost: the job sees it before it starts the script.
    cancel = CancelRequest()
    cancel.install()
    try:
        invocation = parse_arguments(argv)
        record, writer = _create_run(invocation)
    except UsageError as error:
        sys.stderr.write("run_local.py: error: %s\n" % error)
        return EXIT_USAGE
    except OSError as error:
        sys.stderr.write("run_local.py: error: cannot create the run: %s\n" % error)
        return EXIT_HARNESS_FAILURE

    _print_event(event="started", run_id=record.run_id, experiment_id=record.experiment_id,
                 run_dir=record.run_dir)
    log = DriverLog(record.artifacts_dir)
    watcher = StopFileWatcher(os.path.join(record.run_dir, STOP_FILE), cancel)
    watcher.start()
    try:
        status, exit_code = LocalJob(invocation, record, writer, log, cancel).run()
    except Exception:
        log.note("run_local.py failed:\n" + traceback.format_exc())
        status, exit_code = store.FAILED, EXIT_HARNESS_FAILURE
    watcher.close()
    writer.set_tag(TAG_EXIT_CODE, exit_code)
    record.finish(status)
    log.close()
    _print_event(event="ended", status=store.STATUS_NAMES[status], exit_code=exit_code)
    return exit_code
