"""Builds the folder of stand-ins put first on the script's PYTHONPATH.

A stand-in is added only when the real package cannot be imported by this
interpreter (the script runs with the same one), so an installed ``mlflow`` or
``azureml-core`` is never shadowed. The stand-ins come from ``python/shims/``;
the one module they share, ``tracking.py``, is copied next to them under a
private name because the harness's own package is not on the script's path
(and must not be: its names would leak into the user's code).
"""

import importlib.util
import os
import shutil
import tempfile

from . import tracking

SHIMS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "shims")
TRACKING_MODULE = "_azureml_explorer_tracking"
# (module a script imports, folder in python/shims/ that provides it)
STAND_INS = (("mlflow", "mlflow"), ("azureml.core", "azureml"))


def importable(module):
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        # A parent package that is missing or broken: not importable either.
        return False


def needed_stand_ins():
    return [folder for module, folder in STAND_INS if not importable(module)]


def build_shim_dir():
    """A temporary folder holding the needed stand-ins, or None when none is needed."""
    folders = needed_stand_ins()
    if not folders:
        return None
    shim_dir = tempfile.mkdtemp(prefix="azureml-explorer-shims-")
    for folder in folders:
        shutil.copytree(os.path.join(SHIMS_DIR, folder), os.path.join(shim_dir, folder),
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(tracking.__file__, os.path.join(shim_dir, TRACKING_MODULE + ".py"))
    return shim_dir
