"""Scoring script for the currency sample: Azure ML's inference server calls init() once, then run().

init() loads the model.npz found anywhere under AZUREML_MODEL_DIR (a model registered
as the file or as the job's outputs/ folder both work) with model.py beside this file.
run() takes the request body:

    {"data": [window, ...]}    each window the last `window` (20) daily closes, oldest first,
                               scaled 0..1 with the model's scaler: (close - min) / (max - min)

and returns {"predictions": [next close, scaled, ...], "closes": [next close in the currency, ...],
"scaler": {"min": ..., "max": ..., "window": ...}}. A malformed request raises ValueError
saying what is wrong with it.
"""

import importlib.util
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL_FILE = "model.npz"
# Scaled closes this far outside the training range (0..1) are not scaled closes at all.
PLAUSIBLE = (-1.0, 2.0)

forecaster = None


def _import_model_module():
    # By path: a module named "model" elsewhere on sys.path must not stand in for this one.
    spec = importlib.util.spec_from_file_location("currency_sample_model", os.path.join(HERE, "model.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def find_model_file(model_dir):
    """The model.npz in or under ``model_dir`` (the shallowest, if several)."""
    if not model_dir:
        raise RuntimeError("AZUREML_MODEL_DIR is not set: it names the folder of the registered model")
    if os.path.isfile(model_dir) and os.path.basename(model_dir) == MODEL_FILE:
        return model_dir
    for folder, subfolders, files in os.walk(model_dir):
        subfolders.sort()
        if MODEL_FILE in files:
            return os.path.join(folder, MODEL_FILE)
    raise FileNotFoundError("no %s under AZUREML_MODEL_DIR (%s): register the model from the training "
                            "job's outputs/model.npz or its outputs/ folder" % (MODEL_FILE, model_dir))


def init():
    global forecaster
    path = find_model_file(os.environ.get("AZUREML_MODEL_DIR"))
    forecaster = _import_model_module().load(path)
    print("loaded", path)


def parse_windows(raw_data, window):
    """The request's windows as an array (count, window); ValueError naming what is wrong."""
    try:
        request = json.loads(raw_data) if isinstance(raw_data, (str, bytes, bytearray)) else raw_data
    except ValueError as error:
        raise ValueError("the request is not JSON: %s" % error) from None
    if not isinstance(request, dict) or "data" not in request:
        raise ValueError('the request must be a JSON object {"data": [window, ...]}')
    items = request["data"]
    if not isinstance(items, list) or not items:
        raise ValueError('"data" must be a non-empty list of windows')
    windows = []
    for index, item in enumerate(items):
        try:
            closes = np.asarray(item, dtype=np.float64)
        except (TypeError, ValueError):
            closes = None
        if closes is None or closes.shape != (window,):
            raise ValueError("data[%d] is not a window: give a list of the last %d closes, oldest first" % (index, window))
        if not np.all(np.isfinite(closes)) or closes.min() < PLAUSIBLE[0] or closes.max() > PLAUSIBLE[1]:
            raise ValueError("data[%d]: closes must be scaled 0..1 as (close - %g) / (%g - %g)"
                             % (index, forecaster.low, forecaster.high, forecaster.low))
        windows.append(closes)
    return np.stack(windows)


def run(raw_data):
    if forecaster is None:
        raise RuntimeError("init() has not run")
    predictions = forecaster.predict(parse_windows(raw_data, forecaster.window))
    return {"predictions": predictions.tolist(), "closes": forecaster.unscale(predictions).tolist(),
            "scaler": {"min": forecaster.low, "max": forecaster.high, "window": forecaster.window}}
