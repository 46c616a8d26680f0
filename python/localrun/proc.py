"""The script's process: started in a group of its own, its output relayed, the whole
group stopped on cancel or when the script exits and leaves helpers behind.

POSIX uses a new session (its own process group) and signals the group, so
grandchildren go too. Windows, untested here, gets a new process group, CTRL_BREAK
to ask it to stop, and ``taskkill /T /F`` to force it.
"""

import os
import signal
import subprocess
import threading
import time

_WINDOWS = os.name == "nt"
_POLL_SECONDS = 0.05


def start(argv, cwd, env):
    options = dict(cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT, bufsize=0)
    if _WINDOWS:
        options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        options["start_new_session"] = True
    return subprocess.Popen(argv, **options)


def ask_to_stop(child):
    if _WINDOWS:
        child.send_signal(signal.CTRL_BREAK_EVENT)
    else:
        _signal_group(child.pid, signal.SIGTERM)


def force_stop(child):
    if _WINDOWS:
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(child.pid)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        _signal_group(child.pid, signal.SIGKILL)


def _signal_group(group_id, signum):
    try:
        os.killpg(group_id, signum)
    except (ProcessLookupError, PermissionError):
        # Gone already (macOS answers EPERM for a group of zombies).
        pass


def group_alive(child):
    """Whether a process of the script's group still runs (zombies do not count)."""
    if _WINDOWS:
        return child.poll() is None
    if os.path.isdir("/proc/self"):
        return _group_has_live_member_in_proc(child.pid)
    try:
        os.killpg(child.pid, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False


def _group_has_live_member_in_proc(group_id):
    # killpg(group, 0) also succeeds for zombies, and orphaned zombies linger
    # for long where the container's init does not reap them; /proc tells.
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name, "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # "pid (comm) state ppid pgrp ..." where comm may hold spaces and parentheses.
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 2 and int(fields[2]) == group_id and fields[0] != b"Z":
            return True
    return False


def stop_group(child, grace_seconds):
    """Ask the group to stop, wait up to ``grace_seconds`` for all of it, then force it."""
    if not group_alive(child):
        return
    ask_to_stop(child)
    deadline = time.monotonic() + grace_seconds
    while time.monotonic() < deadline:
        child.poll()
        if not group_alive(child):
            return
        time.sleep(_POLL_SECONDS)
    force_stop(child)


def wait(child, should_stop, should_force, grace_seconds, on_stop):
    """Wait for the script to exit; once ``should_stop()`` is true, stop its group,
    forcing it after ``grace_seconds`` or as soon as ``should_force()`` is true.

    ``on_stop`` is called once, when stopping begins. Returns the exit code.
    """
    deadline = None
    forced = False
    while True:
        try:
            return child.wait(timeout=_POLL_SECONDS)
        except subprocess.TimeoutExpired:
            pass
        if deadline is None:
            if should_stop():
                on_stop()
                ask_to_stop(child)
                deadline = time.monotonic() + grace_seconds
        elif not forced and (time.monotonic() >= deadline or should_force()):
            force_stop(child)
            forced = True


class OutputPump(threading.Thread):
    """Moves the script's output, as it comes, chunk by chunk, into ``sink.write``.

    Reads raw bytes, never waiting for a newline, so a partial line reaches the
    log at once.
    """

    def __init__(self, stream, sink):
        super().__init__(name="output-pump", daemon=True)
        self._stream = stream
        self._sink = sink

    def run(self):
        descriptor = self._stream.fileno()
        while True:
            try:
                chunk = os.read(descriptor, 65536)
            except OSError:
                break
            if not chunk:
                break
            self._sink.write(chunk)
