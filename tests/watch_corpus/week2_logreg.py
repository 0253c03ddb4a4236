"""Week 2: logistic regression as a neural network, vectorized (course style).

Synthetic "images" stand in for the cat data set: n_x features, m examples,
labels as a row (1, m).  Prints the train and test accuracy.
"""

# Course style on purpose (names like L_model_forward, long update lines):
# the planted variants match these lines exactly, so neither lint nor format them.
# ruff: noqa
# fmt: off


import numpy as np


def load_data(n_x=20, m_train=80, m_test=40, seed=1):
    rng = np.random.default_rng(seed)
    true_w = rng.standard_normal((n_x, 1))
    train_set_x = rng.standard_normal((n_x, m_train))
    test_set_x = rng.standard_normal((n_x, m_test))
    train_set_y = (np.dot(true_w.T, train_set_x) > 0).astype(float)
    test_set_y = (np.dot(true_w.T, test_set_x) > 0).astype(float)
    return train_set_x, train_set_y, test_set_x, test_set_y


def sigmoid(z):
    s = 1 / (1 + np.exp(-z))
    return s


def initialize_with_zeros(dim):
    w = np.zeros((dim, 1))
    b = 0.0
    return w, b


def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dZ = A - Y
    dw = np.dot(X, dZ.T) / m
    db = np.sum(dZ) / m
    grads = {"dw": dw, "db": db}
    return grads, cost


def optimize(w, b, X, Y, num_iterations, learning_rate):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w = w - learning_rate * dw
        b = b - learning_rate * db
        if i % 100 == 0:
            costs.append(cost)
    return {"w": w, "b": b}, costs


def predict(w, b, X):
    m = X.shape[1]
    Y_prediction = np.zeros((1, m))
    A = sigmoid(w.T @ X + b)
    for i in range(A.shape[1]):
        if A[0, i] > 0.5:
            Y_prediction[0, i] = 1
        else:
            Y_prediction[0, i] = 0
    return Y_prediction


def model(X_train, Y_train, X_test, Y_test, num_iterations=300, learning_rate=0.5):
    w, b = initialize_with_zeros(X_train.shape[0])
    parameters, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate)
    w = parameters["w"]
    b = parameters["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    train_accuracy = 100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100
    test_accuracy = 100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100
    return train_accuracy, test_accuracy


if __name__ == "__main__":
    train_x, train_y, test_x, test_y = load_data()
    train_accuracy, test_accuracy = model(train_x, train_y, test_x, test_y)
    print(f"train accuracy: {train_accuracy:.1f} %")
    print(f"test accuracy: {test_accuracy:.1f} %")
