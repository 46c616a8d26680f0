"""gitwildmatch rules: the examples of git's own documentation and the corner cases."""

import unittest

from localrun.ignore import IgnoreRules


def rules(*lines):
    return IgnoreRules.parse("\n".join(lines))


class PatternTest(unittest.TestCase):
    def assertExcluded(self, ignore, path, is_dir=False):
        self.assertTrue(ignore.excludes(path, is_dir), "%r should be excluded by %r" % (path, ignore.rules))

    def assertKept(self, ignore, path, is_dir=False):
        self.assertFalse(ignore.excludes(path, is_dir), "%r should be kept by %r" % (path, ignore.rules))

    def test_blank_lines_and_comments_are_not_patterns(self):
        ignore = rules("", "# a comment", "   ", "\\#literal")
        self.assertEqual([rule.pattern for rule in ignore.rules], ["\\#literal"])
        self.assertExcluded(ignore, "#literal")
        self.assertKept(ignore, "# a comment")

    def test_name_without_slash_matches_at_any_depth(self):
        ignore = rules("*.html", "hello.*")
        self.assertExcluded(ignore, "index.html")
        self.assertExcluded(ignore, "docs/deep/page.html")
        self.assertExcluded(ignore, "src/hello.c")
        self.assertKept(ignore, "index.htm")

    def test_leading_slash_anchors_to_the_source_folder(self):
        ignore = rules("/*.c")
        self.assertExcluded(ignore, "cat-file.c")
        self.assertKept(ignore, "mozilla-sha1/sha1.c")

    def test_middle_slash_anchors_too(self):
        ignore = rules("doc/frotz")
        self.assertExcluded(ignore, "doc/frotz")
        self.assertExcluded(ignore, "doc/frotz", is_dir=True)
        self.assertKept(ignore, "a/doc/frotz")

    def test_trailing_slash_matches_directories_only(self):
        ignore = rules("frotz/")
        self.assertExcluded(ignore, "frotz", is_dir=True)
        self.assertExcluded(ignore, "a/frotz", is_dir=True)
        self.assertExcluded(ignore, "a/frotz/inside.txt")
        self.assertKept(ignore, "frotz")
        self.assertKept(ignore, "a/frotz")

    def test_anchored_directory_pattern(self):
        ignore = rules("doc/frotz/")
        self.assertExcluded(ignore, "doc/frotz", is_dir=True)
        self.assertKept(ignore, "a/doc/frotz", is_dir=True)

    def test_star_and_question_mark_stay_inside_one_folder(self):
        ignore = rules("foo/*", "a?c")
        self.assertTrue(ignore.matches("foo/test.json", False))
        self.assertTrue(ignore.matches("foo/bar", True))
        self.assertFalse(ignore.matches("foo/bar/hello.c", False))
        self.assertTrue(ignore.matches("abc", False))
        self.assertFalse(ignore.matches("a/c", False))

    def test_leading_double_star_matches_in_all_folders(self):
        ignore = rules("**/foo", "**/x/bar")
        self.assertExcluded(ignore, "foo")
        self.assertExcluded(ignore, "a/b/foo")
        self.assertExcluded(ignore, "x/bar")
        self.assertExcluded(ignore, "a/x/bar")
        self.assertKept(ignore, "a/x/y/bar")

    def test_trailing_double_star_matches_everything_inside(self):
        ignore = rules("abc/**")
        self.assertTrue(ignore.matches("abc/x", False))
        self.assertTrue(ignore.matches("abc/x/y/z", False))
        self.assertFalse(ignore.matches("abc", True))
        self.assertKept(ignore, "xabc/y")

    def test_middle_double_star_matches_zero_or_more_folders(self):
        ignore = rules("a/**/b")
        for path in ("a/b", "a/x/b", "a/x/y/b"):
            self.assertExcluded(ignore, path)
        self.assertKept(ignore, "a/xb")
        self.assertKept(ignore, "x/a/b")

    def test_double_star_alone_matches_everything(self):
        ignore = rules("**")
        self.assertExcluded(ignore, "file")
        self.assertExcluded(ignore, "a/b/c")

    def test_double_star_inside_a_name_is_a_plain_star(self):
        ignore = rules("a**z")
        self.assertExcluded(ignore, "abcz")
        self.assertFalse(ignore.matches("a/z", False))

    def test_negation_re_includes_and_the_last_match_wins(self):
        ignore = rules("*.log", "!keep.log", "keep.log.bak")
        self.assertExcluded(ignore, "debug.log")
        self.assertKept(ignore, "keep.log")
        self.assertKept(ignore, "logs/keep.log")
        self.assertExcluded(ignore, "keep.log.bak")
        again = rules("!keep.log", "*.log")
        self.assertExcluded(again, "keep.log")

    def test_nothing_inside_an_excluded_folder_can_be_re_included(self):
        ignore = rules("build/", "!build/keep.txt")
        self.assertExcluded(ignore, "build/keep.txt")

    def test_everything_but_one_nested_path(self):
        # git's documentation: exclude everything except foo/bar.
        ignore = rules("/*", "!/foo", "/foo/*", "!/foo/bar")
        self.assertExcluded(ignore, "other.txt")
        self.assertExcluded(ignore, "foo/baz", is_dir=True)
        self.assertKept(ignore, "foo", is_dir=True)
        self.assertKept(ignore, "foo/bar", is_dir=True)
        self.assertKept(ignore, "foo/bar/deep.txt")

    def test_escaped_exclamation_mark_is_literal(self):
        ignore = rules("\\!important.txt")
        self.assertFalse(ignore.rules[0].negated)
        self.assertExcluded(ignore, "!important.txt")
        self.assertKept(ignore, "important.txt")

    def test_trailing_spaces_are_dropped_unless_escaped(self):
        ignore = rules("plain   ", "spaced\\ ")
        self.assertExcluded(ignore, "plain")
        self.assertKept(ignore, "plain ")
        self.assertExcluded(ignore, "spaced ")
        self.assertKept(ignore, "spaced")

    def test_windows_line_endings(self):
        ignore = IgnoreRules.parse("*.tmp\r\ndata/\r\n")
        self.assertExcluded(ignore, "x.tmp")
        self.assertExcluded(ignore, "data", is_dir=True)

    def test_character_classes(self):
        ignore = rules("[abc].txt", "[!x-z]1.md", "*.py[co]", "[]]x")
        self.assertExcluded(ignore, "b.txt")
        self.assertKept(ignore, "d.txt")
        self.assertExcluded(ignore, "a1.md")
        self.assertKept(ignore, "y1.md")
        self.assertExcluded(ignore, "m.pyc")
        self.assertExcluded(ignore, "m.pyo")
        self.assertKept(ignore, "m.py")
        self.assertExcluded(ignore, "]x")

    def test_character_classes_never_match_a_slash(self):
        self.assertFalse(rules("a[/x]b").matches("a/b", False))
        self.assertFalse(rules("a[!x]b").matches("a/b", False))
        self.assertTrue(rules("a[-x]b").matches("a-b", False))

    def test_regex_characters_are_literal(self):
        ignore = rules("a+b(c).{d}$")
        self.assertExcluded(ignore, "a+b(c).{d}$")
        self.assertKept(ignore, "aab(c)x{d}")

    def test_no_rules_exclude_nothing(self):
        self.assertKept(IgnoreRules(), "anything/at/all")


if __name__ == "__main__":
    unittest.main()
