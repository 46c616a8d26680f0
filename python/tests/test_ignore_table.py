"""The shared table of gitignore cases that the TypeScript snapshot is tested against too.

Local and Azure must leave out the same files, or a script that runs on Local
fails on Azure (or the other way round).
"""

import json
import os
import unittest

from localrun.ignore import IgnoreRules

TABLE = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "ignoreRules.json")


class SharedTableTest(unittest.TestCase):
    def test_every_case_of_the_shared_table(self):
        with open(TABLE, encoding="utf-8") as handle:
            groups = json.load(handle)["groups"]
        self.assertGreater(len(groups), 20)
        for group in groups:
            rules = IgnoreRules.parse("\n".join(group["patterns"]))
            for path, expected in group["cases"].items():
                with self.subTest(group=group["name"], path=path):
                    self.assertEqual(rules.excludes(path.rstrip("/"), path.endswith("/")), expected)


if __name__ == "__main__":
    unittest.main()
