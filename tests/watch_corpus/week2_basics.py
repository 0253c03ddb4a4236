"""Week 2: Python basics with NumPy (course style): sigmoid and its gradient,
reshaping an image, normalizing rows, softmax, L1 and L2 losses."""

# Course style on purpose (names like L_model_forward, long update lines):
# the planted variants match these lines exactly, so neither lint nor format them.
# ruff: noqa
# fmt: off


import math

import numpy as np


def basic_sigmoid(x):
    return 1 / (1 + math.exp(-x))


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_derivative(x):
    s = sigmoid(x)
    ds = s * (1 - s)
    return ds


def image2vector(image):
    v = image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)
    return v


def normalize_rows(x):
    x_norm = np.linalg.norm(x, axis=1, keepdims=True)
    x = x / x_norm
    return x


def softmax(x):
    x_exp = np.exp(x)
    x_sum = np.sum(x_exp, axis=1, keepdims=True)
    s = x_exp / x_sum
    return s


def l1(yhat, y):
    loss = np.sum(np.abs(y - yhat))
    return loss


def l2(yhat, y):
    loss = np.dot(y - yhat, y - yhat)
    return loss


if __name__ == "__main__":
    print("basic_sigmoid(3) =", round(basic_sigmoid(3), 4))
    x = np.array([1, 2, 3])
    print("sigmoid_derivative =", np.round(sigmoid_derivative(x), 4))
    image = np.arange(18, dtype=float).reshape(3, 3, 2) / 18
    print("image2vector:", image2vector(image).shape)
    rows = np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]])
    print("normalize_rows:", np.round(normalize_rows(rows), 4).tolist())
    scores = np.array([[9.0, 2.0, 5.0, 0.0, 0.0], [7.0, 5.0, 0.0, 0.0, 0.0]])
    print("softmax rows sum to", np.round(softmax(scores).sum(axis=1), 6).tolist())
    yhat = np.array([0.9, 0.2, 0.1, 0.4, 0.9])
    y = np.array([1, 0, 0, 1, 1])
    print("L1 =", round(float(l1(yhat, y)), 4), "L2 =", round(float(l2(yhat, y)), 4))
