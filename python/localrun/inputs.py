"""Job inputs of a local run: folders the script reads, as Azure ML gives a command job its inputs.

Azure ML replaces ${{inputs.<name>}} in a job's command with the input's path on the compute and
sets AZURE_ML_INPUT_<name> to it; a local run gets the folder's own path the same two ways.
"""

import os
import re


class InputError(ValueError):
    pass


_INPUT_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,254}$")
_INPUT_REFERENCE = re.compile(r"\$\{\{\s*inputs\.([^}\s]*)\s*\}\}")


def parse_inputs(values):
    """{name: absolute folder} from NAME=FOLDER values, each folder checked before the run exists."""
    inputs = {}
    for value in values:
        name, equals, folder = value.partition("=")
        if not equals or not folder:
            raise InputError("--input %r: expected NAME=FOLDER" % value)
        if not _INPUT_NAME.match(name):
            raise InputError("--input %r: an input name has letters, digits and '_', "
                             "not starting with a digit" % value)
        if name in inputs:
            raise InputError("--input %s is given twice" % name)
        folder = os.path.abspath(folder)
        if not os.path.isdir(folder):
            raise InputError("input %s: the folder %s does not exist (or is not a folder)" % (name, folder))
        inputs[name] = folder
    return inputs


def substitute_inputs(args, inputs):
    """The arguments with ${{inputs.NAME}} replaced by the input's folder, as Azure ML replaces it."""
    def replace(match):
        name = match.group(1)
        if name not in inputs:
            raise InputError("the arguments use ${{inputs.%s}}, but no --input %s=FOLDER is given" % (name, name))
        return inputs[name]
    return [_INPUT_REFERENCE.sub(replace, arg) for arg in args]
