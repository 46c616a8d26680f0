"""Copies a source folder into a run's snapshot, leaving out what the ignore rules exclude.

Nothing is left out implicitly (Azure ML does not either), except the run store
itself when it lies inside the source folder: runs must never snapshot earlier
runs.

Symbolic links are treated as the extension's Azure upload treats them (which
follows them, as azure-ai-ml does): what a link points to is copied, as long as
it lies inside the source folder. A link that leads outside it is followed only
when the user agreed (``include_outside_links``); otherwise it is left out, and
so is a dangling link.
"""

import os
import shutil


def copy_snapshot(source, destination, rules, skip_dirs=(), include_outside_links=False):
    """Copy ``source`` into the existing folder ``destination``; return the number of files.

    A folder the rules exclude is not entered, so nothing inside it can be
    re-included (git's behaviour); a link back to a folder being copied is not
    entered again.
    """
    skipped = {os.path.realpath(path) for path in skip_dirs}
    real_source = os.path.realpath(source)
    copied = 0

    def walk(folder, prefix, target_folder, ancestors):
        nonlocal copied
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            relative = prefix + name
            if os.path.islink(path) and not follows_link(path, real_source, include_outside_links):
                continue
            if os.path.isdir(path):
                real = os.path.realpath(path)
                if real in skipped or real in ancestors or rules.matches(relative, True):
                    continue
                os.mkdir(os.path.join(target_folder, name))
                walk(path, relative + "/", os.path.join(target_folder, name), ancestors | {real})
            elif os.path.isfile(path) and not rules.matches(relative, False):
                shutil.copy2(path, os.path.join(target_folder, name))
                copied += 1

    walk(source, "", destination, {real_source})
    return copied


def follows_link(path, real_source, include_outside_links):
    """Whether the copy goes through the link at ``path``."""
    if not os.path.exists(path):
        return False
    return include_outside_links or is_inside(real_source, os.path.realpath(path))


def is_inside(root, target):
    try:
        return os.path.commonpath([root, target]) == root
    except ValueError:
        # Another drive on Windows.
        return False
