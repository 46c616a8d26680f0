"""The run's logs/ kept current while the script runs, as Azure ML syncs it: appended, not rewritten."""

import json
import os
import shutil
import tempfile
import unittest

from localrun.livefolder import LiveFolder
from tests.support import HarnessTestCase, read_bytes, wait_for


class LiveFolderTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="azureml-explorer-live-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.source = os.path.join(self.tmp, "snapshot", "logs")
        self.target = os.path.join(self.tmp, "artifacts", "logs")
        self.live = LiveFolder(self.source, self.target)

    def append(self, relative, data):
        path = os.path.join(self.source, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "ab") as handle:
            handle.write(data)

    def test_new_files_at_any_depth_and_their_appended_bytes_only(self):
        self.assertEqual(self.live.sync(), [])  # no logs/ yet: nothing to do
        self.append(os.path.join("train", "events.out.tfevents.1.h.v2"), b"record one")
        self.live.sync()
        target = os.path.join(self.target, "train", "events.out.tfevents.1.h.v2")
        self.assertEqual(read_bytes(target), b"record one")
        inode = os.stat(target).st_ino
        self.append(os.path.join("train", "events.out.tfevents.1.h.v2"), b", record two")
        self.append(os.path.join("validation", "deep", "events.out.tfevents.2.h.v2"), b"v")
        self.live.sync()
        self.assertEqual(read_bytes(target), b"record one, record two")
        self.assertEqual(os.stat(target).st_ino, inode, "appended in place, so a reader's offset stays valid")
        self.assertEqual(read_bytes(self.target, "validation", "deep", "events.out.tfevents.2.h.v2"), b"v")

    def test_a_file_that_shrank_is_copied_anew(self):
        self.append("notes.txt", b"a long first version")
        self.live.sync()
        with open(os.path.join(self.source, "notes.txt"), "wb") as handle:
            handle.write(b"short")
        self.live.sync()
        self.assertEqual(read_bytes(self.target, "notes.txt"), b"short")

    def test_stop_makes_one_last_pass(self):
        self.live.interval = 3600
        self.live.start()
        self.append("last.txt", b"written just before the end")
        self.assertEqual(self.live.stop(), [])
        self.assertEqual(read_bytes(self.target, "last.txt"), b"written just before the end")


class HarnessLiveLogsTest(HarnessTestCase):
    def test_logs_reach_the_artifacts_while_the_script_runs(self):
        go_file = os.path.join(self.tmp, "go")
        self.write("train.py", """\
            import os, time
            os.makedirs(os.path.join("logs", "train"))
            with open(os.path.join("logs", "train", "events.out.tfevents.1.h.v2"), "wb") as f:
                f.write(b"epoch 0")
                f.flush()
                while not os.path.exists(%r):
                    time.sleep(0.01)
                f.write(b", epoch 1")
        """ % go_file)
        process = self.start_harness("train.py")
        started = json.loads(process.stdout.readline())
        live = os.path.join(started["run_dir"], "artifacts", "logs", "train", "events.out.tfevents.1.h.v2")
        wait_for(lambda: os.path.isfile(live) and read_bytes(live) == b"epoch 0", message="logs/ mirrored while the script runs")
        self.assertIsNone(process.poll())
        open(go_file, "w").close()
        self.assertEqual(process.wait(timeout=60), 0)
        self.assertEqual(read_bytes(live), b"epoch 0, epoch 1")


if __name__ == "__main__":
    unittest.main()
