"""Loading the entry script and calling init() and run() as azmlinfsrv calls them."""

import importlib.util
import inspect
import os
import sys
import threading


class ScriptError(Exception):
    """The entry script cannot serve: it could not be imported, lacks init() or run(), or init() raised."""


class ScoringScript:
    def __init__(self, module):
        self._run = getattr(module, "driver_module", module).run
        self._wants_headers = "request_headers" in inspect.signature(self._run).parameters
        # azmlinfsrv runs one worker that answers one request at a time; run() need not be thread-safe.
        self._lock = threading.Lock()

    def run(self, text, headers):
        with self._lock:
            if self._wants_headers:
                return self._run(text, request_headers=headers)
            return self._run(text)


def load(entry_script):
    """Import ``entry_script`` (a path) as the server's user module and check its init() and run()."""
    folder = os.path.dirname(entry_script)
    # As when Python runs a script, and as azmlinfsrv adds AML_APP_ROOT: modules beside it import.
    for path in (os.environ.get("AML_APP_ROOT"), folder):
        if path and path not in sys.path:
            sys.path.insert(0, path)
    spec = importlib.util.spec_from_file_location("entry_module", entry_script)
    module = importlib.util.module_from_spec(spec)
    sys.modules["entry_module"] = module
    spec.loader.exec_module(module)
    for name in ("init", "run"):
        if not callable(getattr(module, name, None)):
            raise ScriptError("%s does not define %s(): a scoring script needs init() and run()"
                              % (entry_script, name))
    run = getattr(getattr(module, "driver_module", module), "run")
    for parameter in inspect.signature(run).parameters.values():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD, parameter.POSITIONAL_ONLY):
            raise ScriptError("run() may not take *args, **kwargs or positional-only parameters")
    return module


def start(entry_script):
    """The script, loaded and initialised: init() has returned."""
    module = load(entry_script)
    module.init()
    return ScoringScript(module)
