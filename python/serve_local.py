#!/usr/bin/env python3
"""Serve a scoring script (init() / run()) over HTTP as Azure ML's inference server does, on this machine.

    python3 serve_local.py --entry_script score.py --model_dir DIR [--port N] [--stop_on_stdin_eof]

See README.md beside this file.
"""

import sys

from localserve.cli import main

if __name__ == "__main__":
    sys.exit(main())
