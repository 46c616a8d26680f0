"""meta.yaml writing and reading, in the shapes MLflow (PyYAML) writes."""

import unittest

from localrun import yamlio

try:
    import yaml
except ImportError:
    yaml = None

TRICKY_STRINGS = [
    "", "1", "0.5", "1e3", "0x1F", "1_000", "12:30", "2024-01-01", "yes", "No", "ON", "off", "y", "n",
    "true", "False", "null", "Null", "~", "-", "- x", "-1", "+1", ".inf", ".nan", "#comment",
    "a #b", "a: b", "a:", ":a", "key:value", "[x]", "{x}", "*alias", "&anchor", "!tag", "|", ">",
    "@at", "`tick", "%percent", "'", "''", '"', "it's", ' lead', 'trail ', "tab\there", "new\nline",
    "two\n\nbreaks", "back\\slash", "café", "日本語", "emoji \U0001F600", "\x01control", "\x7f",
    "\u2028separator", "file:///tmp/mlruns/1", "demo", "train/loss", "run_2024_01_01",
    "long " * 40,
]


class DumpTest(unittest.TestCase):
    def test_run_meta_is_written_as_mlflow_writes_it(self):
        text = yamlio.dumps({
            "run_uuid": "abc123", "run_id": "abc123", "experiment_id": "1", "status": 1,
            "start_time": 1700000000000, "end_time": None, "tags": [], "source_type": 4,
            "entry_point_name": "", "artifact_uri": "file:///tmp/store/1/abc123/artifacts",
            "lifecycle_stage": "active", "run_name": "train_20240101_120000", "user_id": "ada",
            "source_name": "", "source_version": "",
        })
        self.assertEqual(text, (
            "artifact_uri: file:///tmp/store/1/abc123/artifacts\n"
            "end_time: null\n"
            "entry_point_name: ''\n"
            "experiment_id: '1'\n"
            "lifecycle_stage: active\n"
            "run_id: abc123\n"
            "run_name: train_20240101_120000\n"
            "run_uuid: abc123\n"
            "source_name: ''\n"
            "source_type: 4\n"
            "source_version: ''\n"
            "start_time: 1700000000000\n"
            "status: 1\n"
            "tags: []\n"
            "user_id: ada\n"
        ))

    def test_strings_that_look_like_other_types_are_quoted(self):
        for value in ("1", "", "yes", "null", "~", "true", "-1", "2024-01-01", "12:30"):
            self.assertEqual(yamlio.scalar(value)[0], "'", value)

    def test_quotes_are_doubled_in_single_quotes(self):
        self.assertEqual(yamlio.scalar("it's"), "'it''s'")

    def test_line_breaks_and_control_characters_use_double_quotes(self):
        self.assertEqual(yamlio.scalar("a\nb"), '"a\\nb"')
        self.assertEqual(yamlio.scalar("\x01"), '"\\x01"')

    def test_round_trip(self):
        for value in TRICKY_STRINGS + [0, 42, -7, None, True, False, []]:
            self.assertEqual(yamlio.loads(yamlio.dumps({"key": value})), {"key": value}, repr(value))

    def test_unsupported_values_are_refused(self):
        with self.assertRaises(TypeError):
            yamlio.dumps({"key": 1.5})
        with self.assertRaises(ValueError):
            yamlio.dumps({"key": [1]})


class LoadTest(unittest.TestCase):
    def test_folded_plain_value(self):
        text = "name: a long experiment name that PyYAML folds when it is longer than\n  eighty characters\nx: 1\n"
        self.assertEqual(yamlio.loads(text), {
            "name": "a long experiment name that PyYAML folds when it is longer than eighty characters",
            "x": 1})

    def test_folded_single_quoted_value_with_an_empty_line(self):
        self.assertEqual(yamlio.loads("k: 'first\n\n  second'\n"), {"k": "first\nsecond"})

    def test_double_quoted_value_with_an_escaped_line_break(self):
        self.assertEqual(yamlio.loads('k: "abc\\\n  \\ def"\n'), {"k": "abc def"})

    def test_legacy_integer_experiment_id(self):
        self.assertEqual(yamlio.loads("experiment_id: 3\n"), {"experiment_id": 3})

    def test_malformed_text_is_refused(self):
        for text in ("no colon here\n", "k: 'unterminated\n", '  leading: continuation\n'):
            with self.assertRaises(ValueError, msg=text):
                yamlio.loads(text)


@unittest.skipIf(yaml is None, "PyYAML is not installed: no cross-check against it")
class PyYamlCrossCheckTest(unittest.TestCase):
    def test_pyyaml_reads_what_we_write(self):
        for value in TRICKY_STRINGS:
            self.assertEqual(yaml.safe_load(yamlio.dumps({"key": value})), {"key": value}, repr(value))

    def test_we_read_what_pyyaml_writes(self):
        # PyYAML writes U+0085/U+2028/U+2029 as raw line breaks, which the reader
        # does not fold (a documented limit: no name in practice holds them).
        unsupported = {"\u2028separator"}
        for value in [v for v in TRICKY_STRINGS if v not in unsupported] + ["word " * 30 + "\nafter break " * 5]:
            text = yaml.safe_dump({"key": value, "zz": "1"}, default_flow_style=False, allow_unicode=True)
            self.assertEqual(yamlio.loads(text), {"key": value, "zz": "1"}, text)


if __name__ == "__main__":
    unittest.main()
