"""Command line of the local inference server: azmlinfsrv's flags, the Listening line, exit codes."""

import argparse
import os
import signal
import sys
import threading
import traceback

from localserve import script as scoring
from localserve.server import ScoringServer

EXIT_BAD_ARGUMENTS = 2
EXIT_SCRIPT_FAILED = 3  # azmlinfsrv's worker exit code when the entry script or its init() fails


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="serve_local.py",
        description="Serve a scoring script's init() and run() on 127.0.0.1 as Azure ML's inference server does.")
    parser.add_argument("--entry_script", default=os.environ.get("AZUREML_ENTRY_SCRIPT"),
                        help="the scoring script (default: $AZUREML_ENTRY_SCRIPT), relative to $AML_APP_ROOT "
                             "or the current folder")
    parser.add_argument("--model_dir", default=None,
                        help="the model's folder or file, given to the script as AZUREML_MODEL_DIR")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default 0: a free one)")
    parser.add_argument("--stop_on_stdin_eof", action="store_true",
                        help="stop when standard input closes, so the server ends with the process that started it")
    arguments = parser.parse_args(argv)
    if not arguments.entry_script:
        parser.error("--entry_script is required (or set AZUREML_ENTRY_SCRIPT)")
    if not 0 <= arguments.port <= 65535:
        parser.error("--port must be from 0 to 65535")
    return arguments


def main(argv=None):
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    sys.stdout.reconfigure(line_buffering=True)
    app_root = os.environ.setdefault("AML_APP_ROOT", os.getcwd())
    entry_script = os.path.abspath(os.path.join(app_root, arguments.entry_script))
    if not os.path.isfile(entry_script):
        print("Entry script not found: %s" % entry_script, file=sys.stderr)
        return EXIT_BAD_ARGUMENTS
    os.environ["AZUREML_ENTRY_SCRIPT"] = entry_script
    if arguments.model_dir is not None:
        os.environ["AZUREML_MODEL_DIR"] = os.path.abspath(arguments.model_dir)
    elif not os.environ.get("AZUREML_MODEL_DIR"):
        print("Warning: AZUREML_MODEL_DIR is not set (give --model_dir)", file=sys.stderr)

    try:
        server = ScoringServer(arguments.port)
    except OSError as error:
        print("Cannot listen on 127.0.0.1:%d: %s" % (arguments.port, error), file=sys.stderr)
        return EXIT_BAD_ARGUMENTS
    with server:
        try:
            server.script = scoring.start(entry_script)
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt):
                raise
            traceback.print_exc()
            print("The scoring script failed to start: %s: %s" % (type(error).__name__, error), file=sys.stderr)
            return EXIT_SCRIPT_FAILED
        stop = threading.Event()
        _stop_on_signals(stop)
        if arguments.stop_on_stdin_eof:
            threading.Thread(target=_wait_for_eof, args=(stop,), daemon=True).start()
        serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
        serving.start()
        print("Listening on http://127.0.0.1:%d" % server.server_address[1])
        # A timed wait: on Windows an untimed one cannot be interrupted by Ctrl+C.
        while not stop.wait(1):
            pass
        server.shutdown()
    print("Stopped")
    return 0


def _stop_on_signals(stop):
    def handler(signum, frame):
        stop.set()
    for name in ("SIGINT", "SIGTERM", "SIGBREAK"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), handler)


def _wait_for_eof(stop):
    # os.read, not sys.stdin: a daemon thread blocked in a buffered read aborts the interpreter at exit.
    try:
        while os.read(sys.stdin.fileno(), 65536):
            pass
    except (OSError, ValueError):
        pass
    stop.set()
