"""Stand-in ``azureml`` namespace for run_local.py (only ``azureml.core.Run`` is provided).

Other installed ``azureml.*`` packages stay importable: like the real SDK's
namespace package, this one extends its path with every ``azureml`` folder on
sys.path.
"""

from pkgutil import extend_path

__path__ = extend_path(__path__, __name__)
