"""A standard-library stand-in for Azure ML's inference server (azmlinfsrv), for local endpoints."""
