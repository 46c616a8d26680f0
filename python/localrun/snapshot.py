"""Copies a source folder into a run's snapshot, leaving out what the ignore rules exclude.

Nothing is left out implicitly (Azure ML does not either), except the run store
itself when it lies inside the source folder: runs must never snapshot earlier
runs.
"""

import os
import shutil


def copy_snapshot(source, destination, rules, skip_dirs=()):
    """Copy ``source`` into the existing folder ``destination``; return the number of files.

    Symbolic links are copied as links. A folder the rules exclude is not
    entered, so nothing inside it can be re-included (git's behaviour).
    """
    skipped = {os.path.realpath(path) for path in skip_dirs}
    copied = 0
    for folder, dirnames, filenames in os.walk(source):
        relative_folder = os.path.relpath(folder, source)
        prefix = "" if relative_folder == "." else relative_folder.replace(os.sep, "/") + "/"
        target_folder = os.path.join(destination, relative_folder)
        kept = []
        for name in sorted(dirnames):
            path = os.path.join(folder, name)
            if os.path.realpath(path) in skipped or rules.matches(prefix + name, True):
                continue
            if os.path.islink(path):
                _copy_link(path, os.path.join(target_folder, name))
                copied += 1
                continue
            os.mkdir(os.path.join(target_folder, name))
            kept.append(name)
        # os.walk descends only into the folders left in dirnames.
        dirnames[:] = kept
        for name in sorted(filenames):
            if rules.matches(prefix + name, False):
                continue
            path = os.path.join(folder, name)
            if os.path.islink(path):
                _copy_link(path, os.path.join(target_folder, name))
            else:
                shutil.copy2(path, os.path.join(target_folder, name))
            copied += 1
    return copied


def _copy_link(path, target):
    try:
        os.symlink(os.readlink(path), target, target_is_directory=os.path.isdir(path))
    except OSError:
        # Windows refuses symlinks without a privilege: copy what the link points to.
        if os.path.isdir(path):
            shutil.copytree(path, target, symlinks=True)
        elif os.path.exists(path):
            shutil.copy2(path, target)
        else:
            raise
