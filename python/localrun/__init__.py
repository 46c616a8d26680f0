"""The local-run harness behind run_local.py (standard library only, Python 3.8+)."""
