"""Helpers for the samples' tests: importing a sample's module, training a sample through the harness."""

import importlib.util
import os
import sys

from tests.support import PYTHON_DIR, SAMPLES_DIR

# The real event files other tools wrote, beside the project (../shared), never copied into it.
TFEVENTS_FIXTURES = os.path.join(os.path.dirname(PYTHON_DIR), "..", "shared", "test-data", "tfevents")


def load_sample_module(sample, name, module_name=None):
    """Import samples/<sample>/<name>.py as the script would (its folder first on sys.path while
    it loads), under a name of its own, without writing __pycache__ into the sample."""
    folder = os.path.join(SAMPLES_DIR, sample)
    sys.path.insert(0, folder)
    writes_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        spec = importlib.util.spec_from_file_location(module_name or "%s_%s" % (sample, name),
                                                      os.path.join(folder, name + ".py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.dont_write_bytecode = writes_bytecode
        sys.path.remove(folder)
