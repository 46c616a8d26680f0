"""Tests of the local-run harness, its stand-ins and the samples."""
