"""The planted bugs: one edit of one correct program each.

``find`` is a line of the program (exactly, stripped) and ``replace`` what it
becomes.  ``silent``: the program runs to its end with a wrong result (or
fails later, far from the bug) and bcast must flag the line ``flag``;
``raises``: NumPy raises at once, and bcast must say nothing before that.
``needs`` names a switch the variant is only caught with.
"""

VARIANTS = [
    # -- week 2: logistic regression --------------------------------------------
    {
        "name": "w rank-1 at initialization",
        "program": "week2_logreg.py",
        "find": "w = np.zeros((dim, 1))",
        "replace": "w = np.zeros((dim,))",
        "kind": "silent",
        "flag": "w = w - learning_rate * dw",
    },
    {
        "name": "labels as a column (m, 1) against predictions (1, m)",
        "program": "week2_logreg.py",
        "find": "return train_set_x, train_set_y, test_set_x, test_set_y",
        "replace": "return train_set_x, train_set_y.reshape(-1, 1), test_set_x, test_set_y",
        "kind": "silent",
        "flag": "cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m",
    },
    {
        "name": "db not summed: b drifts from () to (1, m)",
        "program": "week2_logreg.py",
        "find": "db = np.sum(dZ) / m",
        "replace": "db = dZ / m",
        "kind": "silent",
        "flag": "b = b - learning_rate * db",
    },
    {
        "name": "dw summed to rank-1 (n,) against w (n, 1)",
        "program": "week2_logreg.py",
        "find": "dw = np.dot(X, dZ.T) / m",
        "replace": "dw = np.sum(X * dZ, axis=1) / m",
        "kind": "silent",
        "flag": "w = w - learning_rate * dw",
    },
    {
        "name": "test labels as a column in the accuracy",
        "program": "week2_logreg.py",
        "find": "test_accuracy = 100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100",
        "replace": "test_accuracy = 100 - np.mean(np.abs(Y_prediction_test - Y_test.T)) * 100",
        "kind": "silent",
        "flag": "test_accuracy = 100 - np.mean(np.abs(Y_prediction_test - Y_test.T)) * 100",
    },
    {
        "name": "w without .T in the forward pass",
        "program": "week2_logreg.py",
        "find": "A = sigmoid(np.dot(w.T, X) + b)",
        "replace": "A = sigmoid(np.dot(w, X) + b)",
        "kind": "raises",
        "flag": None,
    },
    # -- week 2: basics ------------------------------------------------------------
    {
        "name": "softmax sum without keepdims (2, 5) / (2,)",
        "program": "week2_basics.py",
        "find": "x_sum = np.sum(x_exp, axis=1, keepdims=True)",
        "replace": "x_sum = np.sum(x_exp, axis=1)",
        "kind": "raises",
        "flag": None,
    },
    {
        "name": "L1 loss of a column y_hat against rank-1 y",
        "program": "week2_basics.py",
        "find": "yhat = np.array([0.9, 0.2, 0.1, 0.4, 0.9])",
        "replace": "yhat = np.array([[0.9], [0.2], [0.1], [0.4], [0.9]])",
        "kind": "silent",
        "flag": "loss = np.sum(np.abs(y - yhat))",
    },
    {
        "name": "normalize a square matrix's rows without keepdims",
        "program": "week2_basics.py",
        "find": "rows = np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]])",
        "replace": "rows = np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0], [2.0, 2.0, 1.0]])",
        "also": (
            "x_norm = np.linalg.norm(x, axis=1, keepdims=True)",
            "x_norm = np.linalg.norm(x, axis=1)",
        ),
        "kind": "silent",
        "flag": "x = x / x_norm",
        "needs": "rank_promotion",
    },
    # -- week 3: one hidden layer --------------------------------------------------------
    {
        "name": "db1 without keepdims: b1 (4, 1) - (4,) -> (4, 4)",
        "program": "week3_shallow.py",
        "find": "db1 = np.sum(dZ1, axis=1, keepdims=True) / m",
        "replace": "db1 = np.sum(dZ1, axis=1) / m",
        "kind": "silent",
        "flag": 'b1 = b1 - learning_rate * grads["db1"]',
    },
    {
        "name": "labels (m, 1) against A2 (1, m) in backprop",
        "program": "week3_shallow.py",
        "find": "dZ2 = A2 - Y",
        "replace": "dZ2 = A2 - Y.T",
        "kind": "silent",
        "flag": "dZ2 = A2 - Y.T",
    },
    {
        "name": "loss on a column (m, 1) against rank-1 labels (m,)",
        "program": "week3_shallow.py",
        "find": "logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)",
        "replace": "logprobs = np.multiply(np.log(A2.T), Y[0]) + np.multiply(np.log(1 - A2.T), 1 - Y[0])",
        "kind": "silent",
        "flag": "logprobs = np.multiply(np.log(A2.T), Y[0]) + np.multiply(np.log(1 - A2.T), 1 - Y[0])",
    },
    {
        "name": "b1 rank-1 at initialization",
        "program": "week3_shallow.py",
        "find": "b1 = np.zeros((n_h, 1))",
        "replace": "b1 = np.zeros(n_h)",
        "kind": "raises",
        "flag": None,
    },
    {
        "name": "W1 with its axes swapped",
        "program": "week3_shallow.py",
        "find": "W1 = rng.standard_normal((n_h, n_x)) * 0.01",
        "replace": "W1 = rng.standard_normal((n_x, n_h)) * 0.01",
        "kind": "raises",
        "flag": None,
    },
    # -- week 4: deep network ---------------------------------------------------------------
    {
        "name": "db without keepdims in linear_backward (fails a step later)",
        "program": "week4_deep.py",
        "find": "db = np.sum(dZ, axis=1, keepdims=True) / m",
        "replace": "db = np.sum(dZ, axis=1) / m",
        "kind": "silent",
        "flag": 'parameters["b" + str(l + 1)] = parameters["b" + str(l + 1)] - learning_rate * grads["db" + str(l + 1)]',
    },
    {
        "name": "labels as a column in the cost",
        "program": "week4_deep.py",
        "find": "cost = -np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))",
        "replace": "cost = -np.mean(Y.T * np.log(AL) + (1 - Y.T) * np.log(1 - AL))",
        "kind": "silent",
        "flag": "cost = -np.mean(Y.T * np.log(AL) + (1 - Y.T) * np.log(1 - AL))",
    },
    {
        "name": "rank-1 biases at initialization",
        "program": "week4_deep.py",
        "find": 'parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))',
        "replace": 'parameters["b" + str(l)] = np.zeros(layer_dims[l])',
        "kind": "raises",
        "flag": None,
    },
]
