"""Keeps a folder of the run's artifacts current while the script runs, as Azure ML syncs ./logs.

A reader follows an event file or a log there by byte offset, so files are mirrored by
appending what is new: a file that grew gets its new bytes, a new file is created, and one that
shrank (rewritten by the script) is copied anew. Standard library only.
"""

import os
import threading

_CHUNK = 1024 * 1024


class LiveFolder:
    """Mirrors ``source`` into ``target`` every ``interval`` seconds from start() to stop()."""

    def __init__(self, source, target, interval=1.0):
        self.source = source
        self.target = target
        self.interval = interval
        self._stop = threading.Event()
        self._thread = None

    def start(self):
        self._thread = threading.Thread(target=self._loop, name="live-folder", daemon=True)
        self._thread.start()

    def stop(self):
        """Stops mirroring after one last pass; returns the errors of that pass."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        return self.sync()

    def _loop(self):
        while not self._stop.wait(self.interval):
            self.sync()

    def sync(self):
        """One pass over the source; returns the files that could not be mirrored, with why."""
        errors = []
        if not os.path.isdir(self.source):
            return errors
        for dirpath, _dirnames, filenames in os.walk(self.source):
            for name in filenames:
                source = os.path.join(dirpath, name)
                target = os.path.join(self.target, os.path.relpath(source, self.source))
                try:
                    _copy_new_bytes(source, target)
                except OSError as error:
                    errors.append((source, error))
        return errors


def _copy_new_bytes(source, target):
    size = os.path.getsize(source)
    done = os.path.getsize(target) if os.path.exists(target) else None
    if done == size:
        return
    if done is None or size < done:
        mode, offset = "wb", 0
    else:
        mode, offset = "ab", done
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(source, "rb") as reader, open(target, mode) as writer:
        reader.seek(offset)
        # Up to the size seen, not to the end: a write racing this pass is taken whole next time.
        left = size - offset
        while left > 0:
            chunk = reader.read(min(_CHUNK, left))
            if not chunk:
                break
            writer.write(chunk)
            left -= len(chunk)
