"""An LSTM in numpy that reads a window of daily closes (scaled 0..1) and predicts the next one.

At each day t of the window, with x_t the close and h, c the state of `hidden` units:

    z   = [x_t, h_{t-1}] @ w + b               four blocks of `hidden` columns: i, f, o, g
    i, f, o = sigmoid(z_i), sigmoid(z_f), sigmoid(z_o);   g = tanh(z_g)
    c_t = f * c_{t-1} + i * g                  (the cell keeps what the forget gate lets through)
    h_t = o * tanh(c_t)
    prediction = x_last + h_last @ w_out + b_out

The network predicts the change from the window's last close: for a rate that mostly
walks at random, yesterday's close is the forecast to beat, and this way the network
starts from it and learns only what it can add. backward() is backpropagation through time, written out step by step. model.npz also
holds the scaler (the training part's lowest and highest close) and the window length,
so that scoring needs no other file.

    forecaster = load("outputs/model.npz")
    forecaster.predict(windows)            # (count, window) scaled closes -> (count,) next, scaled
    forecaster.unscale(predictions)        # in the currency's units
"""

import numpy as np

PARAMS = ("w", "b", "w_out", "b_out")


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # the same function, without overflow for large |x|


class LstmForecaster:
    def __init__(self, params, low, high, window):
        missing = [name for name in PARAMS if name not in params]
        if missing:
            raise ValueError("not this sample's LSTM: %s missing" % ", ".join(missing))
        self.params = {name: np.asarray(params[name], dtype=np.float64) for name in PARAMS}
        self.hidden = self.params["w_out"].shape[0]
        expected = {"w": (1 + self.hidden, 4 * self.hidden), "b": (4 * self.hidden,),
                    "w_out": (self.hidden, 1), "b_out": (1,)}
        for name, shape in expected.items():
            if self.params[name].shape != shape:
                raise ValueError("not this sample's LSTM: %s has shape %s, expected %s"
                                 % (name, self.params[name].shape, shape))
        self.low, self.high, self.window = float(low), float(high), int(window)

    @classmethod
    def initialise(cls, hidden, rng, low, high, window):
        scale = 1.0 / np.sqrt(hidden)
        b = np.zeros(4 * hidden)
        b[hidden : 2 * hidden] = 1.0  # forget gates start open, so early gradients reach far back
        params = {"w": rng.uniform(-scale, scale, (1 + hidden, 4 * hidden)), "b": b,
                  "w_out": rng.uniform(-scale, scale, (hidden, 1)), "b_out": np.zeros(1)}
        return cls(params, low, high, window)

    def forward(self, windows):
        """Predictions (count,), and each step's values for backward()."""
        p, n = self.params, self.hidden
        windows = np.asarray(windows, dtype=np.float64)
        h = np.zeros((len(windows), n))
        c = np.zeros((len(windows), n))
        steps = []
        for t in range(windows.shape[1]):
            inputs = np.concatenate([windows[:, t : t + 1], h], axis=1)
            z = inputs @ p["w"] + p["b"]
            i, f, o = _sigmoid(z[:, :n]), _sigmoid(z[:, n : 2 * n]), _sigmoid(z[:, 2 * n : 3 * n])
            g = np.tanh(z[:, 3 * n :])
            c_previous = c
            c = f * c_previous + i * g
            tanh_c = np.tanh(c)
            h = o * tanh_c
            steps.append((inputs, i, f, o, g, c_previous, tanh_c))
        return windows[:, -1] + (h @ p["w_out"] + p["b_out"])[:, 0], (steps, h)

    def backward(self, cache, grad_predictions):
        """Gradients of every parameter from the loss's gradient with respect to the predictions."""
        p = self.params
        steps, h_last = cache
        grad_predictions = grad_predictions[:, None]
        grads = {name: np.zeros_like(value) for name, value in p.items()}
        grads["w_out"] = h_last.T @ grad_predictions
        grads["b_out"] = grad_predictions.sum(axis=0)
        grad_h = grad_predictions @ p["w_out"].T
        grad_c = np.zeros_like(grad_h)
        for inputs, i, f, o, g, c_previous, tanh_c in reversed(steps):
            grad_o = grad_h * tanh_c
            grad_c = grad_c + grad_h * o * (1.0 - tanh_c ** 2)
            grad_z = np.concatenate([
                grad_c * g * i * (1.0 - i),            # input gate
                grad_c * c_previous * f * (1.0 - f),   # forget gate
                grad_o * o * (1.0 - o),                # output gate
                grad_c * i * (1.0 - g ** 2),           # candidate
            ], axis=1)
            grads["w"] += inputs.T @ grad_z
            grads["b"] += grad_z.sum(axis=0)
            grad_h = (grad_z @ p["w"].T)[:, 1:]  # column 0 is the day's close, not state
            grad_c = grad_c * f
        return grads

    def loss_and_gradients(self, windows, targets):
        """(mean squared error, gradients) on one batch."""
        predictions, cache = self.forward(windows)
        errors = predictions - targets
        return float(np.mean(errors ** 2)), self.backward(cache, 2.0 * errors / len(targets))

    def loss(self, windows, targets):
        return float(np.mean((self.forward(windows)[0] - targets) ** 2))

    def predict(self, windows):
        """The next close after each window (count, window) of scaled closes, scaled the same way."""
        windows = np.asarray(windows, dtype=np.float64)
        if windows.ndim != 2 or windows.shape[1] != self.window:
            raise ValueError("windows must be (count, %d) closes, not %s" % (self.window, windows.shape))
        return self.forward(windows)[0]

    def scale(self, closes):
        return (np.asarray(closes, dtype=np.float64) - self.low) / (self.high - self.low)

    def unscale(self, values):
        return np.asarray(values, dtype=np.float64) * (self.high - self.low) + self.low

    def save(self, path):
        np.savez(path, low=self.low, high=self.high, window=self.window, **self.params)


def load(path):
    """The LstmForecaster saved at ``path`` (a model.npz)."""
    with np.load(path) as saved:
        missing = [name for name in ("low", "high", "window") if name not in saved.files]
        if missing:
            raise ValueError("%s is not this sample's model: %s missing" % (path, ", ".join(missing)))
        return LstmForecaster({name: saved[name] for name in saved.files if name in PARAMS},
                              saved["low"], saved["high"], saved["window"])
