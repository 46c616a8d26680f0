"""The run's driver log (``artifacts/azureml-logs/70_driver_log.txt``), echoed to stdout.

The script's bytes are appended and flushed chunk by chunk, so readers tailing
the file see output, partial lines included, as soon as it is written. The
harness's own messages go to the log and to stderr, never to stdout, which
carries only the script's output between the two JSON protocol lines.
"""

import os
import sys
import threading

RELATIVE_PATH = os.path.join("azureml-logs", "70_driver_log.txt")


class DriverLog:
    def __init__(self, artifacts_dir, echo=None, notes=None):
        path = os.path.join(artifacts_dir, RELATIVE_PATH)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self._file = open(path, "ab")
        self._echo = echo if echo is not None else getattr(sys.stdout, "buffer", None)
        self._notes = notes if notes is not None else sys.stderr
        self._lock = threading.Lock()
        self._closed = False
        # Whether the last byte written was not a newline, so that a note or
        # the final protocol line starts on a line of its own.
        self._log_mid_line = False
        self._echo_mid_line = False

    def write(self, chunk):
        with self._lock:
            if self._closed:
                return
            self._file.write(chunk)
            self._file.flush()
            self._log_mid_line = not chunk.endswith(b"\n")
            self._echo_bytes(chunk)

    def _echo_bytes(self, chunk):
        if self._echo is None:
            return
        try:
            self._echo.write(chunk)
            self._echo.flush()
            self._echo_mid_line = not chunk.endswith(b"\n")
        except (OSError, ValueError):
            # Whoever reads stdout went away; the log file still gets everything.
            self._echo = None

    def note(self, message):
        """A message of the harness: one line in the log and on stderr."""
        line = message.rstrip("\n") + "\n"
        with self._lock:
            if self._closed:
                return
            if self._log_mid_line:
                self._file.write(b"\n")
                self._log_mid_line = False
            self._file.write(line.encode("utf-8", "replace"))
            self._file.flush()
            try:
                self._notes.write(line)
                self._notes.flush()
            except (OSError, ValueError):
                pass

    def close(self):
        """Stop writing; a late chunk from a straggling process is dropped.

        Ends stdout's last line, so what the caller prints next starts a line.
        """
        with self._lock:
            self._closed = True
            self._file.close()
            if self._echo_mid_line:
                self._echo_bytes(b"\n")
