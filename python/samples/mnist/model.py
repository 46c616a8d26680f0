"""LeNet-5 for 28x28 digits in numpy: the network, its gradients, saving and loading.

    conv 5x5, 6 maps (input padded by 2, so 28x28) -> ReLU -> 2x2 max pool -> 14x14x6
    conv 5x5, 16 maps -> 10x10x16 -> ReLU -> 2x2 max pool -> 5x5x16
    dense 400 -> 120 -> ReLU -> 84 -> ReLU -> 10 -> softmax

A convolution is one matrix product over im2col patches: every 5x5 window of the
input becomes a row, so the layer is rows @ weights. Feature maps are
channels-last, (images, height, width, channels); convolution weights are
(out, in, 5, 5). Pooling comes before the ReLU, which gives the same result
(both keep the order of values) on a quarter of the values.

    network = load("outputs/model.npz")
    probabilities = network.predict(images)   # images: (count, 28, 28) or (count, 784), pixels 0..1
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

IMAGE_SIZE = 28
CLASSES = 10
SHAPES = {
    "conv1_w": (6, 1, 5, 5), "conv1_b": (6,),
    "conv2_w": (16, 6, 5, 5), "conv2_b": (16,),
    "dense1_w": (400, 120), "dense1_b": (120,),
    "dense2_w": (120, 84), "dense2_b": (84,),
    "dense3_w": (84, CLASSES), "dense3_b": (CLASSES,),
}
# Images scored at once: im2col holds 25 floats per pixel, so bounded batches bound memory.
PREDICT_BATCH = 500


class LeNet5:
    def __init__(self, params, dtype=np.float32):
        for name, shape in SHAPES.items():
            found = np.shape(params[name]) if name in params else None
            if found != shape:
                raise ValueError("not this sample's LeNet-5: %s has shape %s, expected %s" % (name, found, shape))
        # float32 trains as well as float64 at twice the speed; a gradient check wants float64.
        self.dtype = np.dtype(dtype)
        self.params = {name: np.asarray(params[name], dtype=self.dtype) for name in SHAPES}

    @classmethod
    def initialise(cls, rng, dtype=np.float32):
        """He initialisation (suits ReLU), zero biases."""
        params = {}
        for name, shape in SHAPES.items():
            if name.endswith("_b"):
                params[name] = np.zeros(shape, np.float32)
            else:
                fan_in = int(np.prod(shape[1:])) if name.startswith("conv") else shape[0]
                params[name] = rng.normal(0.0, np.sqrt(2.0 / fan_in), shape).astype(np.float32)
        return cls(params, dtype)

    def forward(self, images):
        """Logits (count, 10), and what backward() needs."""
        p = self.params
        x = np.asarray(images, dtype=self.dtype).reshape(-1, IMAGE_SIZE, IMAGE_SIZE, 1)
        conv1, cols1 = _convolve(x, p["conv1_w"], p["conv1_b"], pad=2)
        pooled1 = _max_pool(conv1)
        relu1 = np.maximum(pooled1, 0.0)
        conv2, cols2 = _convolve(relu1, p["conv2_w"], p["conv2_b"], pad=0)
        pooled2 = _max_pool(conv2)
        flat = np.maximum(pooled2, 0.0).reshape(len(x), -1)
        dense1 = np.maximum(flat @ p["dense1_w"] + p["dense1_b"], 0.0)
        dense2 = np.maximum(dense1 @ p["dense2_w"] + p["dense2_b"], 0.0)
        logits = dense2 @ p["dense3_w"] + p["dense3_b"]
        cache = (x, cols1, conv1, pooled1, relu1, cols2, conv2, pooled2, flat, dense1, dense2)
        return logits, cache

    def backward(self, cache, grad_logits):
        """Gradients of every parameter, given the loss's gradient with respect to the logits."""
        p = self.params
        x, cols1, conv1, pooled1, relu1, cols2, conv2, pooled2, flat, dense1, dense2 = cache
        grads = {"dense3_w": dense2.T @ grad_logits, "dense3_b": grad_logits.sum(axis=0)}
        grad = (grad_logits @ p["dense3_w"].T) * (dense2 > 0)
        grads["dense2_w"], grads["dense2_b"] = dense1.T @ grad, grad.sum(axis=0)
        grad = (grad @ p["dense2_w"].T) * (dense1 > 0)
        grads["dense1_w"], grads["dense1_b"] = flat.T @ grad, grad.sum(axis=0)
        grad = (grad @ p["dense1_w"].T).reshape(pooled2.shape) * (pooled2 > 0)
        grad = _max_pool_backward(grad, conv2, pooled2)
        grad, grads["conv2_w"], grads["conv2_b"] = _convolve_backward(grad, cols2, p["conv2_w"], relu1.shape, pad=0)
        grad = _max_pool_backward(grad * (pooled1 > 0), conv1, pooled1)
        # The first layer's input is the image: no gradient is needed for it.
        _, grads["conv1_w"], grads["conv1_b"] = _convolve_backward(grad, cols1, p["conv1_w"], x.shape, pad=2,
                                                                  input_gradient=False)
        return grads

    def loss_and_gradients(self, images, labels):
        """(mean cross-entropy, number classified right, gradients) on one batch."""
        logits, cache = self.forward(images)
        probabilities = softmax(logits)
        rows = np.arange(len(labels))
        loss = float(-np.mean(np.log(probabilities[rows, labels] + 1e-12)))
        correct = int(np.sum(probabilities.argmax(axis=1) == labels))
        grad_logits = probabilities
        grad_logits[rows, labels] -= 1.0
        grad_logits /= len(labels)
        return loss, correct, self.backward(cache, grad_logits)

    def predict(self, images):
        """Class probabilities (count, 10) of images (count, 28, 28) or (count, 784), pixels 0..1."""
        images = np.asarray(images, dtype=self.dtype).reshape(-1, IMAGE_SIZE, IMAGE_SIZE)
        batches = [softmax(self.forward(images[first : first + PREDICT_BATCH])[0])
                   for first in range(0, len(images), PREDICT_BATCH)]
        return np.concatenate(batches) if batches else np.zeros((0, CLASSES), self.dtype)

    def save(self, path):
        np.savez(path, **self.params)


def load(path):
    """The LeNet5 saved at ``path`` (a model.npz)."""
    with np.load(path) as saved:
        return LeNet5({name: saved[name] for name in saved.files})


def softmax(logits):
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def _convolve(x, weights, bias, pad):
    """Valid convolution of (count, h, w, in) by (out, in, k, k) after zero padding; the output
    (count, h', w', out) and the im2col rows (count*h'*w', in*k*k) for the backward pass."""
    if pad:
        x = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    out_channels, in_channels, size, _ = weights.shape
    windows = sliding_window_view(x, (size, size), axis=(1, 2))  # (count, h', w', in, k, k), a view
    count, height, width = windows.shape[:3]
    cols = windows.reshape(count * height * width, in_channels * size * size)  # the copy: im2col
    out = cols @ weights.reshape(out_channels, -1).T + bias
    return out.reshape(count, height, width, out_channels), cols


def _convolve_backward(grad, cols, weights, input_shape, pad, input_gradient=True):
    """(gradient of the input, of the weights, of the bias) from the output's gradient."""
    out_channels, in_channels, size, _ = weights.shape
    count, height, width, _ = grad.shape
    grad_rows = grad.reshape(-1, out_channels)
    grad_weights = (grad_rows.T @ cols).reshape(weights.shape)
    grad_bias = grad_rows.sum(axis=0)
    if not input_gradient:
        return None, grad_weights, grad_bias
    grad_cols = (grad_rows @ weights.reshape(out_channels, -1)).reshape(count, height, width, in_channels, size, size)
    # col2im: every window adds its share back where it was read from, one kernel offset at a time.
    grad_input = np.zeros((count, input_shape[1] + 2 * pad, input_shape[2] + 2 * pad, in_channels), grad.dtype)
    for row in range(size):
        for col in range(size):
            grad_input[:, row : row + height, col : col + width, :] += grad_cols[..., row, col]
    if pad:
        grad_input = grad_input[:, pad:-pad, pad:-pad, :]
    return grad_input, grad_weights, grad_bias


_CORNERS = ((0, 0), (0, 1), (1, 0), (1, 1))


def _max_pool(x):
    """2x2 max pooling with stride 2 of (count, h, w, channels), h and w even."""
    a, b, c, d = (x[:, row::2, col::2] for row, col in _CORNERS)
    return np.maximum(np.maximum(a, b), np.maximum(c, d))


def _max_pool_backward(grad, x, pooled):
    """Each window's gradient goes to its maximum (the first one, on a tie)."""
    grad_input = np.zeros_like(x)
    taken = np.zeros(pooled.shape, dtype=bool)
    for row, col in _CORNERS:
        hit = (x[:, row::2, col::2] == pooled) & ~taken
        taken |= hit
        grad_input[:, row::2, col::2] = grad * hit
    return grad_input
