"""Experiments and runs in the MLflow file-store layout."""

import os
import shutil
import tempfile
import threading
import unittest

from localrun import store

from tests.support import read_meta, read_text


class StoreTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="azureml-explorer-test-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.store = os.path.join(self.tmp, "mlruns")


class ExperimentTest(StoreTestCase):
    def test_new_store_gets_trash_and_the_default_experiment(self):
        store.ensure_store(self.store)
        self.assertTrue(os.path.isdir(os.path.join(self.store, ".trash")))
        meta = read_meta(os.path.join(self.store, "0"))
        self.assertEqual(meta["name"], "Default")
        self.assertEqual(meta["experiment_id"], "0")

    def test_store_holding_only_local_data_assets_still_gets_the_default_experiment(self):
        os.makedirs(self.store)
        with open(os.path.join(self.store, "azureml-explorer-data.json"), "w") as handle:
            handle.write('{"assets": []}')
        store.ensure_store(self.store)
        self.assertEqual(read_meta(os.path.join(self.store, "0"))["name"], "Default")

    def test_experiment_meta_has_mlflow_fields(self):
        store.ensure_store(self.store)
        experiment_id = store.get_or_create_experiment(self.store, "demo")
        self.assertEqual(experiment_id, "1")
        folder = os.path.join(self.store, "1")
        meta = read_meta(folder)
        self.assertEqual(sorted(meta), ["artifact_location", "creation_time", "experiment_id",
                                        "last_update_time", "lifecycle_stage", "name"])
        self.assertEqual(meta["artifact_location"], "file://" + folder)
        self.assertEqual(meta["lifecycle_stage"], "active")
        self.assertEqual(meta["creation_time"], meta["last_update_time"])
        self.assertIn("experiment_id: '1'\n", read_text(folder, "meta.yaml"))

    def test_existing_experiment_is_reused_by_name(self):
        store.ensure_store(self.store)
        first = store.get_or_create_experiment(self.store, "demo")
        store.get_or_create_experiment(self.store, "other")
        self.assertEqual(store.get_or_create_experiment(self.store, "demo"), first)
        self.assertEqual(store.get_or_create_experiment(self.store, "Default"), "0")

    def test_new_id_follows_the_highest_including_deleted_experiments(self):
        store.ensure_store(self.store)
        os.makedirs(os.path.join(self.store, "7"))
        os.makedirs(os.path.join(self.store, ".trash", "12"))
        os.makedirs(os.path.join(self.store, "not-a-number"))
        self.assertEqual(store.get_or_create_experiment(self.store, "demo"), "13")

    def test_experiments_are_not_reused_from_the_trash(self):
        store.ensure_store(self.store)
        old = store.get_or_create_experiment(self.store, "demo")
        os.rename(os.path.join(self.store, old), os.path.join(self.store, ".trash", old))
        self.assertNotEqual(store.get_or_create_experiment(self.store, "demo"), old)

    def test_concurrent_creation_of_one_name_gives_one_experiment(self):
        store.ensure_store(self.store)
        ids = []
        barrier = threading.Barrier(8)

        def create(name):
            barrier.wait()
            ids.append((name, store.get_or_create_experiment(self.store, name)))

        threads = [threading.Thread(target=create, args=("same" if i % 2 else "other-%d" % i,))
                   for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        same = {eid for name, eid in ids if name == "same"}
        others = [eid for name, eid in ids if name != "same"]
        self.assertEqual(len(same), 1)
        self.assertEqual(len(set(others) | same), 5)
        folders = [n for n in os.listdir(self.store) if not n.startswith(".")]
        self.assertEqual(sorted(folders, key=int), [str(i) for i in range(6)])


class RunIdTest(StoreTestCase):
    def test_invalid_ids(self):
        store.ensure_store(self.store)
        for run_id in ("", "-x", "a/b", "../x", "a b", "tags", "x" * 257, "é"):
            self.assertIn("invalid run id", store.run_id_problem(self.store, run_id), run_id)
        self.assertIsNone(store.run_id_problem(self.store, "Run_1-a"))

    def test_ids_in_use_anywhere_are_refused(self):
        store.ensure_store(self.store)
        os.makedirs(os.path.join(self.store, "0", "taken"))
        os.makedirs(os.path.join(self.store, ".trash", "5", "deleted"))
        self.assertIn("already exists", store.run_id_problem(self.store, "taken"))
        self.assertIn("already exists", store.run_id_problem(self.store, "deleted"))


class RunRecordTest(StoreTestCase):
    def make_record(self):
        store.ensure_store(self.store)
        experiment_id = store.get_or_create_experiment(self.store, "demo")
        record = store.RunRecord(self.store, experiment_id, "r1", "my run", "ada")
        record.create()
        return record

    def test_running_meta(self):
        record = self.make_record()
        meta = read_meta(record.run_dir)
        self.assertEqual(meta, {
            "artifact_uri": "file://" + record.artifacts_dir, "end_time": None, "entry_point_name": "",
            "experiment_id": "1", "lifecycle_stage": "active", "run_id": "r1", "run_name": "my run",
            "run_uuid": "r1", "source_name": "", "source_type": 4, "source_version": "",
            "start_time": meta["start_time"], "status": store.RUNNING, "tags": [], "user_id": "ada",
        })
        for folder in ("metrics", "params", "tags", "artifacts"):
            self.assertTrue(os.path.isdir(os.path.join(record.run_dir, folder)))

    def test_finish_sets_status_and_end_time_and_keeps_outside_changes(self):
        record = self.make_record()
        meta = read_meta(record.run_dir)
        meta["run_name"] = "renamed by mlflow"
        store.write_meta(record.run_dir, meta)
        record.finish(store.KILLED)
        final = read_meta(record.run_dir)
        self.assertEqual(final["status"], 5)
        self.assertGreaterEqual(final["end_time"], final["start_time"])
        self.assertEqual(final["run_name"], "renamed by mlflow")
        self.assertEqual(os.listdir(record.run_dir).count("meta.yaml"), 1)
        self.assertFalse([n for n in os.listdir(record.run_dir) if n.endswith(".tmp")])

    @unittest.skipIf(os.name == "nt", "POSIX permissions")
    def test_meta_yaml_is_readable_by_others_as_mlflow_writes_it(self):
        umask = os.umask(0o022)
        self.addCleanup(os.umask, umask)
        record = self.make_record()
        self.assertEqual(os.stat(os.path.join(record.run_dir, "meta.yaml")).st_mode & 0o777, 0o644)

    def test_the_same_run_cannot_be_created_twice(self):
        record = self.make_record()
        with self.assertRaises(FileExistsError):
            store.RunRecord(self.store, record.experiment_id, "r1", "again", "ada").create()

    def test_status_numbers_are_mlflows(self):
        self.assertEqual((store.RUNNING, store.SCHEDULED, store.FINISHED, store.FAILED, store.KILLED),
                         (1, 2, 3, 4, 5))


if __name__ == "__main__":
    unittest.main()
