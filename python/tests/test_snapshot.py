"""Which files reach a run's snapshot: .amlignore / .gitignore and the store folder."""

import os
import shutil
import unittest

from localrun.ignore import IgnoreRules
from localrun.snapshot import copy_snapshot

from tests.support import HarnessTestCase, read_text


def listing(folder):
    found = set()
    for parent, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            found.add(os.path.relpath(os.path.join(parent, name), folder).replace(os.sep, "/"))
    return found


class SnapshotTest(HarnessTestCase):
    def snapshot(self, skip_dirs=()):
        destination = os.path.join(self.tmp, "snapshot")
        os.mkdir(destination)
        copy_snapshot(self.source, destination, IgnoreRules.for_source(self.source), skip_dirs)
        return listing(destination)

    def test_amlignore_replaces_gitignore(self):
        self.write(".gitignore", "*.csv\n")
        self.write(".amlignore", "*.bin\n")
        self.write("data.csv", "x")
        self.write("blob.bin", "x")
        files = self.snapshot()
        self.assertIn("data.csv", files)
        self.assertNotIn("blob.bin", files)
        self.assertIn(".amlignore", files)

    def test_gitignore_applies_without_amlignore(self):
        self.write(".gitignore", "*.csv\n")
        self.write("data.csv", "x")
        self.write("train.py", "x")
        self.assertEqual(self.snapshot(), {".gitignore", "train.py"})

    def test_only_the_root_ignore_file_counts(self):
        self.write("sub/.gitignore", "*.txt\n")
        self.write("sub/notes.txt", "x")
        self.assertIn("sub/notes.txt", self.snapshot())

    def test_excluded_folder_is_not_entered(self):
        self.write(".amlignore", "data/\n!data/keep.txt\n*.log\n!important.log\n")
        self.write("data/keep.txt", "x")
        self.write("data/big.bin", "x")
        self.write("run.log", "x")
        self.write("important.log", "x")
        self.write("nested/data", "a file, not a folder")
        self.assertEqual(self.snapshot(), {".amlignore", "important.log", "nested", "nested/data"})

    def test_anchored_and_double_star_patterns(self):
        self.write(".amlignore", "/top.txt\nlogs/**/*.tmp\n")
        self.write("top.txt", "x")
        self.write("sub/top.txt", "x")
        self.write("logs/a/b/c.tmp", "x")
        self.write("logs/a/keep.txt", "x")
        files = self.snapshot()
        self.assertNotIn("top.txt", files)
        self.assertIn("sub/top.txt", files)
        self.assertNotIn("logs/a/b/c.tmp", files)
        self.assertIn("logs/a/keep.txt", files)

    def test_nothing_is_left_out_implicitly(self):
        self.write("__pycache__/mod.cpython-311.pyc", "x")
        self.write(".git/HEAD", "x")
        self.write(".hidden", "x")
        self.assertEqual(self.snapshot(), {"__pycache__", "__pycache__/mod.cpython-311.pyc",
                                           ".git", ".git/HEAD", ".hidden"})

    def test_store_inside_the_source_is_skipped(self):
        self.write("mlruns/0/meta.yaml", "x")
        self.write("train.py", "x")
        files = self.snapshot(skip_dirs=[os.path.join(self.source, "mlruns")])
        self.assertEqual(files, {"train.py"})

    def test_file_contents_are_copied(self):
        self.write("pkg/module.py", "VALUE = 42\n")
        destination = os.path.join(self.tmp, "snapshot")
        os.mkdir(destination)
        copy_snapshot(self.source, destination, IgnoreRules())
        self.assertEqual(read_text(destination, "pkg", "module.py"), "VALUE = 42\n")

    def copy(self, **options):
        destination = os.path.join(self.tmp, "snapshot")
        os.mkdir(destination)
        copy_snapshot(self.source, destination, IgnoreRules.for_source(self.source), **options)
        return destination

    @unittest.skipIf(os.name == "nt", "symbolic links need a privilege on Windows")
    def test_links_inside_the_folder_are_followed_as_on_azure(self):
        self.write("real/file.txt", "x")
        os.symlink("real", os.path.join(self.source, "linked"))
        os.symlink(os.path.join(self.source, "real", "file.txt"), os.path.join(self.source, "alias.txt"))
        os.symlink(self.source, os.path.join(self.source, "real", "loop"))
        destination = self.copy()
        self.assertFalse(os.path.islink(os.path.join(destination, "linked")))
        self.assertEqual(read_text(destination, "linked", "file.txt"), "x")
        self.assertEqual(read_text(destination, "alias.txt"), "x")
        self.assertNotIn("real/loop", listing(destination))

    @unittest.skipIf(os.name == "nt", "symbolic links need a privilege on Windows")
    def test_links_outside_the_folder_need_consent_and_dangling_ones_are_left_out(self):
        outside = os.path.join(self.tmp, "aws")
        os.mkdir(outside)
        with open(os.path.join(outside, "credentials"), "w") as handle:
            handle.write("secret")
        os.symlink(outside, os.path.join(self.source, "creds"))
        os.symlink(os.path.join(self.tmp, "missing"), os.path.join(self.source, "dangling"))
        self.write("train.py", "print(1)")
        self.assertEqual(listing(self.copy()), {"train.py"})
        shutil.rmtree(os.path.join(self.tmp, "snapshot"))
        destination = self.copy(include_outside_links=True)
        self.assertEqual(listing(destination), {"train.py", "creds", "creds/credentials"})


class SnapshotThroughHarnessTest(HarnessTestCase):
    def test_script_sees_its_snapshot_without_the_store_or_ignored_files(self):
        self.store = os.path.join(self.source, "mlruns")
        self.write(".amlignore", "secret.txt\n")
        self.write("secret.txt", "x")
        self.write("helper.py", "x")
        self.write("list.py", """\
            import os
            print(sorted(os.listdir(".")))
            print(os.getcwd() != %r)
        """ % self.source)
        # A first run puts the store, with content, inside the source folder.
        self.assertEqual(self.run_harness("list.py").returncode, 0)
        result = self.run_harness("list.py")
        log = read_text(result.run_dir, "artifacts", "azureml-logs", "70_driver_log.txt")
        self.assertEqual(log, "['.amlignore', 'helper.py', 'list.py']\nTrue\n")

    @unittest.skipIf(os.name == "nt", "symbolic links need a privilege on Windows")
    def test_outside_links_reach_the_script_only_with_the_option(self):
        outside = os.path.join(self.tmp, "shared")
        os.mkdir(outside)
        with open(os.path.join(outside, "vocab.txt"), "w") as handle:
            handle.write("words")
        os.symlink(outside, os.path.join(self.source, "shared"))
        self.write("list.py", "import os\nprint(os.path.exists('shared/vocab.txt'))\n")
        for options, seen in (((), "False\n"), (("--include-outside-links",), "True\n")):
            result = self.run_harness("list.py", options=options)
            self.assertEqual(read_text(result.run_dir, "artifacts", "azureml-logs", "70_driver_log.txt"), seen)

    def test_script_left_out_by_amlignore_fails_clearly(self):
        self.write(".amlignore", "*.py\n")
        self.write("train.py", "print('never')\n")
        result = self.run_harness("train.py")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.ended["status"], "FAILED")
        self.assertIn(b"train.py is left out of the snapshot by", result.stderr)
        self.assertIn(".amlignore", read_text(result.run_dir, "artifacts", "azureml-logs", "70_driver_log.txt"))


if __name__ == "__main__":
    unittest.main()
