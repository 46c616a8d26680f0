"""Stand-in for ``azureml.core`` (SDK v1) inside run_local.py: a training script's
``Run.get_context()`` calls. Workspaces, datasets and job submission are not here:
they belong to the script that submits a job, not to the job itself."""

from azureml.core.run import Experiment, Run

__all__ = ["Experiment", "Run"]
