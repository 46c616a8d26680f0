"""The harness's own faults and a cancel that comes before the script starts.

The harness runs in a wrapper that replaces one of its functions first, the
only way to make it fail on purpose at a chosen moment.
"""

import os
import signal
import subprocess
import textwrap
import unittest

from tests.support import (DRIVER_LOG, PYTHON_DIR, HarnessResult, HarnessTestCase, process_gone,
                           read_meta, read_text)

WRAPPER = """\
import sys
sys.path.insert(0, %(python_dir)r)
from localrun import cli, job
%(patch)s
sys.exit(cli.main(sys.argv[1:]))
"""


class FaultTest(HarnessTestCase):
    def run_patched(self, patch, script="train.py"):
        wrapper = self.write("wrapper.py", WRAPPER % {"python_dir": PYTHON_DIR, "patch": textwrap.dedent(patch)},
                             folder=self.tmp)
        command = self.harness_command(os.path.join(self.source, script))
        command[1] = wrapper
        completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        return HarnessResult(completed.returncode, completed.stdout, completed.stderr)

    def test_unexpected_error_fails_the_run_with_the_traceback_in_the_log(self):
        self.write("train.py", "print('never runs')\n")
        result = self.run_patched("""\
            def broken(*args, **kwargs):
                raise RuntimeError("disk on fire")
            job.copy_snapshot = broken
        """)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.ended, {"event": "ended", "status": "FAILED", "exit_code": 1})
        self.assertEqual(read_meta(result.run_dir)["status"], 4)
        log = read_text(result.run_dir, DRIVER_LOG)
        self.assertTrue(log.startswith("run_local.py failed:\nTraceback (most recent call last):\n"), log)
        self.assertIn("RuntimeError: disk on fire", log)

    @unittest.skipIf(os.name == "nt", "POSIX process groups")
    def test_unexpected_error_while_the_script_runs_still_stops_it(self):
        pid_file = os.path.join(self.tmp, "pid")
        self.write("train.py", """\
            import os, time
            open(%r, "w").write(str(os.getpid()))
            time.sleep(120)
        """ % pid_file)
        result = self.run_patched("""\
            import os, time
            def broken(*args, **kwargs):
                while not os.path.exists(%r):
                    time.sleep(0.01)
                time.sleep(0.1)
                raise RuntimeError("lost track of the script")
            job.proc.wait = broken
        """ % pid_file)
        self.assertEqual(result.ended["status"], "FAILED")
        self.assertIn("RuntimeError: lost track of the script", read_text(result.run_dir, DRIVER_LOG))
        with open(pid_file) as handle:
            self.assertTrue(process_gone(int(handle.read())))

    @unittest.skipIf(os.name == "nt", "POSIX signals")
    def test_cancel_before_the_script_starts(self):
        self.write("train.py", "open('ran', 'w')\n")
        result = self.run_patched("""\
            import os, signal
            copy = job.copy_snapshot
            def copy_then_cancel(*args, **kwargs):
                os.kill(os.getpid(), signal.SIGTERM)
                return copy(*args, **kwargs)
            job.copy_snapshot = copy_then_cancel
        """)
        self.assertEqual(result.returncode, 128 + signal.SIGTERM)
        self.assertEqual(result.ended["status"], "KILLED")
        self.assertEqual(read_meta(result.run_dir)["status"], 5)
        self.assertEqual(read_text(result.run_dir, DRIVER_LOG), "Cancelled before the script started.\n")


if __name__ == "__main__":
    unittest.main()
