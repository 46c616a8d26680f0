"""Scoring script for the MNIST sample: Azure ML's inference server calls init() once, then run().

init() loads the model.npz found anywhere under AZUREML_MODEL_DIR (a model registered
as the file or as the job's outputs/ folder both work) with model.py beside this file.
run() takes the request body:

    {"data": [image, ...]}     each image 28 lists of 28 pixels, or one list of 784, pixels 0..1

and returns {"predictions": [digit, ...], "probabilities": [[p0, ..., p9], ...]}.
A malformed request raises ValueError saying what is wrong with it.
"""

import importlib.util
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL_FILE = "model.npz"
PIXELS = 28 * 28

network = None


def _import_model_module():
    # By path: a module named "model" elsewhere on sys.path must not stand in for this one.
    spec = importlib.util.spec_from_file_location("mnist_sample_model", os.path.join(HERE, "model.py"))
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
    global network
    path = find_model_file(os.environ.get("AZUREML_MODEL_DIR"))
    network = _import_model_module().load(path)
    print("loaded", path)


def parse_images(raw_data):
    """The request's images as an array (count, 28, 28); ValueError naming what is wrong."""
    try:
        request = json.loads(raw_data) if isinstance(raw_data, (str, bytes, bytearray)) else raw_data
    except ValueError as error:
        raise ValueError("the request is not JSON: %s" % error) from None
    if not isinstance(request, dict) or "data" not in request:
        raise ValueError('the request must be a JSON object {"data": [image, ...]}')
    items = request["data"]
    if not isinstance(items, list) or not items:
        raise ValueError('"data" must be a non-empty list of images')
    images = []
    for index, item in enumerate(items):
        try:
            pixels = np.asarray(item, dtype=np.float64)
        except (TypeError, ValueError):
            pixels = None
        if pixels is None or pixels.size != PIXELS or pixels.shape not in ((28, 28), (PIXELS,)):
            raise ValueError("data[%d] is not an image: give 28 lists of 28 pixels, or one list of 784" % index)
        if not np.all(np.isfinite(pixels)) or pixels.min() < 0 or pixels.max() > 1:
            raise ValueError("data[%d]: pixels must be numbers from 0 to 1 (divide 0..255 values by 255)" % index)
        images.append(pixels.reshape(28, 28))
    return np.stack(images)


def run(raw_data):
    if network is None:
        raise RuntimeError("init() has not run")
    probabilities = network.predict(parse_images(raw_data))
    return {"predictions": probabilities.argmax(axis=1).tolist(), "probabilities": probabilities.tolist()}
