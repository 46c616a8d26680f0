"""Cancelling a run: the whole process tree goes, the run is KILLED, outputs are kept."""

import json
import os
import signal
import time
import unittest

from tests.support import DRIVER_LOG, HarnessTestCase, process_gone, read_meta, read_text, wait_for

# A script that starts a helper process, records both process ids, saves a
# partial output and then sleeps until it is stopped.
SPAWNING_SCRIPT = """\
    import json, os, signal, subprocess, sys, time
    ignore_term = "--ignore-term" in sys.argv
    if ignore_term:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    helper_code = "import signal, time\\n"
    if ignore_term:
        helper_code += "signal.signal(signal.SIGTERM, signal.SIG_IGN)\\n"
    helper_code += "time.sleep(120)\\n"
    helper = subprocess.Popen([sys.executable, "-c", helper_code])
    os.makedirs("outputs")
    with open("outputs/partial.txt", "w") as handle:
        handle.write("epoch 1")
    with open(sys.argv[1] + ".tmp", "w") as handle:
        json.dump({"script": os.getpid(), "helper": helper.pid}, handle)
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    print("ready", flush=True)
    time.sleep(120)
"""


class SpawningRunCase(HarnessTestCase):
    def start_spawning_run(self, *extra_args, options=()):
        self.write("long.py", SPAWNING_SCRIPT)
        pid_file = os.path.join(self.tmp, "pids.json")
        process = self.start_harness("long.py", pid_file, *extra_args, options=options)
        started = json.loads(process.stdout.readline())
        wait_for(lambda: os.path.exists(pid_file), message="the script to start its helper")
        with open(pid_file) as handle:
            pids = json.load(handle)
        self.addCleanup(_kill_quietly, pids)
        self.assertEqual(process.stdout.readline(), b"ready\n")
        return process, started, pids

    def assertKilled(self, process, started, pids, exit_code, reason):
        self.assertEqual(process.wait(timeout=30), exit_code)
        ended = json.loads(process.stdout.read().decode().splitlines()[-1])
        self.assertEqual(ended, {"event": "ended", "status": "KILLED", "exit_code": exit_code})
        run_dir = started["run_dir"]
        meta = read_meta(run_dir)
        self.assertEqual(meta["status"], 5)
        self.assertIsNotNone(meta["end_time"])
        self.assertEqual(read_text(run_dir, "tags", "azuremlExplorer.exitCode"), str(exit_code))
        self.assertEqual(read_text(run_dir, "artifacts", "outputs", "partial.txt"), "epoch 1")
        self.assertIn("Cancelled (%s)" % reason, read_text(run_dir, DRIVER_LOG))
        for name, pid in pids.items():
            self.assertTrue(process_gone(pid), "the %s process %d is still running" % (name, pid))


class StopFileTest(SpawningRunCase):
    """The stop request every OS shares: no signal is sent to the harness."""

    def request_stop(self, started):
        with open(os.path.join(started["run_dir"], "azureml-explorer.stop"), "w"):
            pass

    def test_the_stop_file_stops_the_script_and_its_helper(self):
        process, started, pids = self.start_spawning_run()
        self.request_stop(started)
        self.assertKilled(process, started, pids, 143, "stop requested")
        # The finished run's folder holds no request any more.
        self.assertFalse(os.path.exists(os.path.join(started["run_dir"], "azureml-explorer.stop")))

    def test_the_stop_file_forces_processes_that_do_not_stop_after_the_grace_period(self):
        process, started, pids = self.start_spawning_run("--ignore-term", options=["--kill-grace", "0.5"])
        self.request_stop(started)
        self.assertKilled(process, started, pids, 143, "stop requested")

    def test_a_run_that_ends_by_itself_is_finished_and_leaves_no_stop_file(self):
        self.write("quick.py", "print('done')\n")
        result = self.run_harness("quick.py")
        self.assertEqual(result.ended, {"event": "ended", "status": "FINISHED", "exit_code": 0})
        self.assertEqual(sorted(os.listdir(result.run_dir)), ["artifacts", "meta.yaml", "metrics", "params", "tags"])


@unittest.skipIf(os.name == "nt", "POSIX signals")
class CancelTest(SpawningRunCase):
    def assertKilledBy(self, process, started, pids, signum):
        self.assertKilled(process, started, pids, 128 + signum, signal.Signals(signum).name)

    def test_sigterm_stops_the_script_and_its_helper(self):
        process, started, pids = self.start_spawning_run()
        began = time.monotonic()
        process.send_signal(signal.SIGTERM)
        self.assertKilledBy(process, started, pids, signal.SIGTERM)
        # Both obeyed SIGTERM: no wait for the grace period.
        self.assertLess(time.monotonic() - began, 4.0)

    def test_sigint_forces_processes_that_ignore_sigterm(self):
        process, started, pids = self.start_spawning_run("--ignore-term", options=["--kill-grace", "0.5"])
        process.send_signal(signal.SIGINT)
        self.assertKilledBy(process, started, pids, signal.SIGINT)

    def test_a_second_signal_skips_the_grace_period(self):
        process, started, pids = self.start_spawning_run("--ignore-term", options=["--kill-grace", "60"])
        began = time.monotonic()
        process.send_signal(signal.SIGINT)
        time.sleep(0.3)
        self.assertIsNone(process.poll())
        process.send_signal(signal.SIGINT)
        self.assertKilledBy(process, started, pids, signal.SIGINT)
        self.assertLess(time.monotonic() - began, 10.0)

    def test_helpers_left_running_by_a_finished_script_are_stopped(self):
        self.write("leaves.py", """\
            import subprocess, sys
            helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
            print(helper.pid)
        """)
        began = time.monotonic()
        result = self.run_harness("leaves.py", timeout=30)
        self.assertLess(time.monotonic() - began, 10.0)
        self.assertEqual(result.ended["status"], "FINISHED")
        helper = int(result.echoed)
        self.addCleanup(_kill_quietly, {"helper": helper})
        self.assertTrue(process_gone(helper), "the helper %d is still running" % helper)


def _kill_quietly(pids):
    """Kill what a failed test left running, checking first that the process id
    still names a process of this test and not a newcomer that reused it."""
    for pid in pids.values():
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as handle:
                command = handle.read()
        except OSError:
            continue
        if b"time.sleep(120)" in command or b"long.py" in command:
            os.kill(pid, signal.SIGKILL)


if __name__ == "__main__":
    unittest.main()
