"""Helpers for the harness tests: temporary folders, running run_local.py, reading a run."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

from localrun import yamlio

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN_LOCAL = os.path.join(PYTHON_DIR, "run_local.py")
SAMPLES_DIR = os.path.join(PYTHON_DIR, "samples")
DRIVER_LOG = os.path.join("artifacts", "azureml-logs", "70_driver_log.txt")


class HarnessResult:
    def __init__(self, returncode, stdout, stderr):
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        lines = stdout.splitlines()
        self.started = _event(lines[0]) if lines else None
        self.ended = _event(lines[-1]) if len(lines) > 1 else None
        # What the harness echoed between its two protocol lines.
        body = stdout.split(b"\n", 1)[1] if self.ended else b""
        self.echoed = body[: body.rstrip(b"\n").rfind(b"\n") + 1]

    @property
    def run_dir(self):
        return self.started["run_dir"]


def _event(line):
    try:
        return json.loads(line.decode("utf-8"))
    except ValueError:
        return None


class HarnessTestCase(unittest.TestCase):
    """A temporary folder per test, with a source folder and a store inside it."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="azureml-explorer-test-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.source = os.path.join(self.tmp, "src")
        self.store = os.path.join(self.tmp, "store")
        os.mkdir(self.source)

    def write(self, relative_path, text, folder=None):
        path = os.path.join(folder or self.source, relative_path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(textwrap.dedent(text))
        return path

    def harness_command(self, script, *args, experiment="tests", options=()):
        return ([sys.executable, RUN_LOCAL, "--store", self.store, "--experiment", experiment]
                + list(options) + ["--", script] + list(args))

    def run_harness(self, script, *args, experiment="tests", options=(), env=None, timeout=60):
        """Run the harness on ``script`` (relative to the test's source folder)."""
        if not os.path.isabs(script) and "--source" not in options:
            script = os.path.join(self.source, script)
        completed = subprocess.run(
            self.harness_command(script, *args, experiment=experiment, options=options),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, timeout=timeout)
        return HarnessResult(completed.returncode, completed.stdout, completed.stderr)

    def start_harness(self, script, *args, options=()):
        """The harness as a running process (stdout piped, stderr to a file)."""
        stderr = open(os.path.join(self.tmp, "harness-stderr.txt"), "wb")
        self.addCleanup(stderr.close)
        process = subprocess.Popen(
            self.harness_command(os.path.join(self.source, script), *args, options=options),
            stdout=subprocess.PIPE, stderr=stderr)
        self.addCleanup(_reap, process)
        return process


def _reap(process):
    if process.poll() is None:
        process.kill()
    process.wait()
    process.stdout.close()


def read_meta(folder):
    with open(os.path.join(folder, "meta.yaml"), encoding="utf-8") as handle:
        return yamlio.loads(handle.read())


def read_text(*parts):
    with open(os.path.join(*parts), encoding="utf-8") as handle:
        return handle.read()


def read_bytes(*parts):
    with open(os.path.join(*parts), "rb") as handle:
        return handle.read()


def metric_lines(run_dir, key):
    """[(timestamp, value, step)] of a metric, in file order."""
    entries = []
    for line in read_text(run_dir, "metrics", *key.split("/")).splitlines():
        timestamp, value, step = line.split(" ")
        entries.append((int(timestamp), float(value), int(step)))
    return entries


def wait_for(condition, timeout=15.0, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("timed out waiting for " + message)


def process_gone(pid):
    """True once ``pid`` has exited; a zombie counts as gone, since nothing runs in it
    and an orphan's zombie lingers wherever the container's init does not reap."""
    if os.name == "nt":
        return _windows_process_gone(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        with open("/proc/%d/stat" % pid, "rb") as handle:
            stat = handle.read()
    except OSError:
        return False
    return stat[stat.rfind(b")") + 2 :].split()[0] == b"Z"


def _windows_process_gone(pid):
    # os.kill(pid, 0) would terminate the process on Windows: ask for its exit code instead.
    import ctypes

    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return True
    try:
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value != 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
