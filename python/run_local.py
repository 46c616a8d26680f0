#!/usr/bin/env python3
"""Run a Python script as a local Azure ML job, recorded in an MLflow file store.

    python3 run_local.py --store DIR --experiment NAME [--run-id ID] [--run-name NAME]
                         [--source DIR] [--kill-grace SECONDS] -- SCRIPT.py [ARGS...]

See README.md beside this file.
"""

import sys

from localrun.cli import main

if __name__ == "__main__":
    sys.exit(main())
