"""The samples' networks: LeNet-5 (mnist/model.py) and the LSTM (currency/model.py), their
backward passes checked against numerical gradients, saving and loading."""

import os
import unittest

try:
    import numpy as np
except ImportError:
    np = None

from tests.samples_support import load_sample_module
from tests.support import HarnessTestCase


def numerical_gradient(loss, param, index, epsilon=1e-6):
    """Central difference of ``loss()`` in one coordinate of ``param``."""
    original = param[index]
    param[index] = original + epsilon
    above = loss()
    param[index] = original - epsilon
    below = loss()
    param[index] = original
    return (above - below) / (2 * epsilon)


def assert_gradients_close(test, analytic, numeric, name):
    """Relative error of the whole gradient (per parameter), which a single tiny coordinate cannot dominate."""
    error = np.linalg.norm(analytic - numeric) / max(np.linalg.norm(analytic) + np.linalg.norm(numeric), 1e-12)
    test.assertLess(error, 1e-6, "%s: analytic %s, numeric %s" % (name, analytic, numeric))


@unittest.skipIf(np is None, "numpy is not installed")
class LeNetTest(HarnessTestCase):
    def setUp(self):
        super().setUp()
        self.model = load_sample_module("mnist", "model")
        self.rng = np.random.default_rng(7)

    def test_backward_matches_numerical_gradients(self):
        network = self.model.LeNet5.initialise(self.rng, dtype=np.float64)
        images = self.rng.random((2, 28, 28))
        labels = np.array([4, 7])

        def loss():
            probabilities = self.model.softmax(network.forward(images)[0])
            return -np.mean(np.log(probabilities[np.arange(2), labels]))

        value, correct, grads = network.loss_and_gradients(images, labels)
        self.assertAlmostEqual(value, loss())
        self.assertIn(correct, range(3))
        self.assertEqual(set(grads), set(self.model.SHAPES))
        for name, grad in grads.items():
            self.assertEqual(grad.shape, self.model.SHAPES[name], name)
            param = network.params[name]
            # A spread of coordinates of each parameter (all of them would take minutes).
            indices = [tuple(self.rng.integers(0, size) for size in param.shape) for _ in range(6)]
            numeric = np.array([numerical_gradient(loss, param, index) for index in indices])
            assert_gradients_close(self, np.array([grad[index] for index in indices]), numeric, name)

    def test_im2col_convolution_and_pooling_match_the_definitions(self):
        x = self.rng.normal(size=(2, 8, 8, 3))
        weights = self.rng.normal(size=(4, 3, 5, 5))
        bias = self.rng.normal(size=4)
        out, _cols = self.model._convolve(x, weights, bias, pad=2)
        padded = np.pad(x, ((0, 0), (2, 2), (2, 2), (0, 0)))
        expected = np.zeros((2, 8, 8, 4))
        for row in range(8):
            for col in range(8):
                window = padded[:, row : row + 5, col : col + 5, :]  # (count, 5, 5, in)
                expected[:, row, col, :] = np.einsum("nijc,ocij->no", window, weights) + bias
        np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-10)

        pooled = self.model._max_pool(x)
        np.testing.assert_array_equal(pooled, x.reshape(2, 4, 2, 4, 2, 3).max(axis=(2, 4)))
        grad = self.model._max_pool_backward(np.ones_like(pooled), x, pooled)
        self.assertEqual(grad.sum(), pooled.size, "each window's gradient goes to one place")
        np.testing.assert_array_equal(grad * x, np.where(grad > 0, x, 0))
        np.testing.assert_array_equal(self.model._max_pool(np.where(grad > 0, x, -np.inf)), pooled)

    def test_save_load_and_predict(self):
        network = self.model.LeNet5.initialise(self.rng)
        path = os.path.join(self.tmp, "model.npz")
        network.save(path)
        loaded = self.model.load(path)
        images = self.rng.random((5, 28, 28)).astype(np.float32)
        probabilities = loaded.predict(images)
        self.assertEqual(probabilities.shape, (5, 10))
        np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
        np.testing.assert_array_equal(probabilities, network.predict(images))
        np.testing.assert_array_equal(loaded.predict(images.reshape(5, 784)), probabilities)
        self.assertEqual(loaded.predict(np.zeros((0, 28, 28))).shape, (0, 10))

    def test_predicts_in_bounded_batches_with_the_same_results(self):
        network = self.model.LeNet5.initialise(self.rng)
        images = self.rng.random((self.model.PREDICT_BATCH + 3, 28, 28)).astype(np.float32)
        together = network.predict(images)
        one_by_one = np.concatenate([network.predict(images[i : i + 1]) for i in (0, len(images) - 1)])
        np.testing.assert_allclose(together[[0, -1]], one_by_one, rtol=1e-5, atol=1e-6)

    def test_load_refuses_another_model_naming_what_differs(self):
        path = os.path.join(self.tmp, "model.npz")
        np.savez(path, w1=np.zeros((784, 64)), b1=np.zeros(64))  # the earlier perceptron's file
        with self.assertRaisesRegex(ValueError, r"not this sample's LeNet-5: conv1_w has shape None, expected \(6, 1, 5, 5\)"):
            self.model.load(path)


@unittest.skipIf(np is None, "numpy is not installed")
class LstmTest(HarnessTestCase):
    def setUp(self):
        super().setUp()
        self.model = load_sample_module("currency", "model")
        self.rng = np.random.default_rng(11)

    def forecaster(self, hidden=4, window=6):
        forecaster = self.model.LstmForecaster.initialise(hidden, self.rng, low=28.0, high=32.0, window=window)
        for value in forecaster.params.values():
            value += self.rng.normal(0.0, 0.3, value.shape)  # away from the initial zeros and symmetries
        return forecaster

    def test_backpropagation_through_time_matches_numerical_gradients(self):
        forecaster = self.forecaster()
        windows = self.rng.random((5, 6))
        targets = self.rng.random(5)
        loss, grads = forecaster.loss_and_gradients(windows, targets)
        self.assertAlmostEqual(loss, forecaster.loss(windows, targets))
        for name, grad in grads.items():
            param = forecaster.params[name]
            self.assertEqual(grad.shape, param.shape, name)
            numeric = np.zeros_like(param)
            for index in np.ndindex(param.shape):  # every coordinate: the network is small
                numeric[index] = numerical_gradient(lambda: forecaster.loss(windows, targets), param, index, 1e-5)
            assert_gradients_close(self, grad, numeric, name)

    def test_forward_is_the_lstm_recurrence(self):
        forecaster = self.forecaster(hidden=3, window=4)
        windows = self.rng.random((2, 4))
        p, n = forecaster.params, 3
        sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
        expected = []
        for window in windows:
            h, c = np.zeros(n), np.zeros(n)
            for close in window:
                z = np.concatenate([[close], h]) @ p["w"] + p["b"]
                c = sigmoid(z[n : 2 * n]) * c + sigmoid(z[:n]) * np.tanh(z[3 * n :])
                h = sigmoid(z[2 * n : 3 * n]) * np.tanh(c)
            expected.append(window[-1] + h @ p["w_out"][:, 0] + p["b_out"][0])
        np.testing.assert_allclose(forecaster.predict(windows), expected, rtol=1e-12)

    def test_an_untrained_output_layer_forecasts_the_last_close(self):
        forecaster = self.forecaster()
        forecaster.params["w_out"][:] = 0.0
        forecaster.params["b_out"][:] = 0.0
        windows = self.rng.random((3, 6))
        np.testing.assert_allclose(forecaster.predict(windows), windows[:, -1])

    def test_save_load_keeps_the_scaler_and_window(self):
        forecaster = self.forecaster()
        path = os.path.join(self.tmp, "model.npz")
        forecaster.save(path)
        loaded = self.model.load(path)
        self.assertEqual((loaded.low, loaded.high, loaded.window, loaded.hidden), (28.0, 32.0, 6, 4))
        windows = self.rng.random((3, 6))
        np.testing.assert_array_equal(loaded.predict(windows), forecaster.predict(windows))
        np.testing.assert_allclose(loaded.unscale([0.0, 0.5, 1.0]), [28.0, 30.0, 32.0])
        np.testing.assert_allclose(loaded.scale([29.0]), [0.25])
        with self.assertRaisesRegex(ValueError, r"windows must be \(count, 6\) closes"):
            loaded.predict(self.rng.random((3, 5)))

    def test_load_refuses_another_model(self):
        path = os.path.join(self.tmp, "model.npz")
        np.savez(path, wx=np.zeros((1, 16)), wh=np.zeros((16, 16)))  # the earlier simple RNN's file
        with self.assertRaisesRegex(ValueError, "not this sample's model: low, high, window missing"):
            self.model.load(path)


if __name__ == "__main__":
    unittest.main()
