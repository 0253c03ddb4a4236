"""Week 2, the other layout: examples as rows, as scikit-learn writes data (for bcast's corpus).

Logistic regression on X of shape (m, n) with labels y of shape (m,): the
labels are made a column before they meet the (m, 1) predictions, and rows
are normalized with keepdims=True (the course's normalizeRows).  Correct.
"""

import numpy as np


def normalize_rows(X):
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return X / norms


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def fit(X, y, learning_rate=0.1, epochs=100):
    """
    Arguments:
    X -- data of shape (number of examples, number of features)
    y -- labels of shape (number of examples,)
    """
    m, n = X.shape
    y = y.reshape(-1, 1)
    w = np.zeros((n, 1))
    b = 0.0
    for _epoch in range(epochs):
        A = sigmoid(X @ w + b)
        loss = -np.mean(y * np.log(A) + (1 - y) * np.log(1 - A))
        dz = A - y
        dw = X.T @ dz / m
        db = np.sum(dz) / m
        w = w - learning_rate * dw
        b = b - learning_rate * db
    return w, b, loss


def predict(X, w, b):
    return (sigmoid(X @ w + b) > 0.5).astype(float).ravel()


X = np.random.randn(500, 3)
y = (X[:, 0] + X[:, 1] > 0).astype(float)
X = normalize_rows(X)
w, b, loss = fit(X, y, epochs=30)
accuracy = np.mean(predict(X, w, b) == y)
print("accuracy", accuracy)
