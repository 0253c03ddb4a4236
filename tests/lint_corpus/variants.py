"""The planted bugs: one edit each to a correct program of this corpus.

Each variant names its base program, the one line it changes (``find`` ->
``replace``, exactly once), what the bug is, whether the program then fails
when it runs (``failure``: NumPy raises) or runs on with wrong shapes
(``silent``) — tests/test_lint_corpus.py runs every variant to check that
label — and the line(s) where a finding is right, each as text that occurs
on exactly one line of the variant, with the code expected there.
"""

VARIANTS = [
    # -- week 2: logistic regression (logreg.py) ------------------------------
    {
        "name": "logreg: rank-1 weights",
        "base": "logreg.py",
        "find": "    w = np.zeros((dim, 1))",
        "replace": "    w = np.zeros(dim)",
        "kind": "failure",
        "expect": [("        w = w - learning_rate * dw", "BC201")],
    },
    {
        "name": "logreg: bias as a rank-1 vector",
        "base": "logreg.py",
        "find": "    b = 0.0",
        "replace": "    b = np.zeros(dim)",
        "kind": "failure",
        "expect": [("    A = sigmoid(np.dot(w.T, X) + b)\n    cost", "BC101")],
    },
    {
        "name": "logreg: forgotten transpose of w in np.dot",
        "base": "logreg.py",
        "find": "    A = sigmoid(np.dot(w.T, X) + b)\n    cost",
        "replace": "    A = sigmoid(np.dot(w, X) + b)\n    cost",
        "kind": "failure",
        "expect": [("    A = sigmoid(np.dot(w, X) + b)", "BC102")],
    },
    {
        "name": "logreg: forgotten transpose in the gradient",
        "base": "logreg.py",
        "find": "    dw = 1 / m * np.dot(X, (A - Y).T)",
        "replace": "    dw = 1 / m * np.dot(X, A - Y)",
        "kind": "failure",
        "expect": [("    dw = 1 / m * np.dot(X, A - Y)", "BC102")],
    },
    {
        "name": "logreg: examples as rows (flattened without .T)",
        "base": "logreg.py",
        "find": "train_set_x_flatten = train_set_x_orig.reshape(train_set_x_orig.shape[0], -1).T",
        "replace": "train_set_x_flatten = train_set_x_orig.reshape(train_set_x_orig.shape[0], -1)",
        "kind": "failure",
        "expect": [("    cost = -1 / m * np.sum(Y * np.log(A)", "BC101")],
    },
    {
        "name": "logreg: predictions (m, 1) against labels (1, m)",
        "base": "logreg.py",
        "find": "    return Y_prediction",
        "replace": "    return Y_prediction.T",
        "kind": "silent",
        "expect": [
            ("    train_accuracy = 100", "BC202"),
            ("    test_accuracy = 100", "BC202"),
        ],
    },
    # -- week 3: one hidden layer (planar.py) -----------------------------------
    {
        "name": "planar: rank-1 hidden bias b1",
        "base": "planar.py",
        "find": "    b1 = np.zeros((n_h, 1))",
        "replace": "    b1 = np.zeros(n_h)",
        "kind": "failure",
        "expect": [("    Z1 = np.dot(W1, X) + b1", "BC101")],
    },
    {
        "name": "planar: rank-1 output bias b2 (drifts to (1, 1))",
        "base": "planar.py",
        "find": "    b2 = np.zeros((n_y, 1))",
        "replace": "    b2 = np.zeros(n_y)",
        "kind": "silent",
        "expect": [("    b2 = b2 - learning_rate * db2", "BC203")],
    },
    {
        "name": "planar: db1 without keepdims",
        "base": "planar.py",
        "find": "    db1 = 1 / m * np.sum(dZ1, axis=1, keepdims=True)",
        "replace": "    db1 = 1 / m * np.sum(dZ1, axis=1)",
        "kind": "failure",
        "expect": [("    b1 = b1 - learning_rate * db1", "BC201")],
    },
    {
        "name": "planar: forgotten transpose of W2 in backprop",
        "base": "planar.py",
        "find": "    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))",
        "replace": "    dZ1 = np.dot(W2, dZ2) * (1 - np.power(A1, 2))",
        "kind": "failure",
        "expect": [("    dZ1 = np.dot(W2, dZ2)", "BC102")],
    },
    {
        "name": "planar: forgotten transpose of X in dW1",
        "base": "planar.py",
        "find": "    dW1 = 1 / m * np.dot(dZ1, X.T)",
        "replace": "    dW1 = 1 / m * np.dot(dZ1, X)",
        "kind": "failure",
        "expect": [("    dW1 = 1 / m * np.dot(dZ1, X)", "BC102")],
    },
    {
        "name": "planar: predictions as a column against labels as a row",
        "base": "planar.py",
        "find": "    return A2 > 0.5",
        "replace": "    return (A2 > 0.5).T",
        "kind": "failure",
        "expect": [("    np.squeeze(np.dot(Y, predictions.T)", "BC102")],
    },
    # -- week 4: deep network (deep.py) -------------------------------------------
    {
        "name": "deep: rank-1 biases",
        "base": "deep.py",
        "find": '        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))',
        "replace": '        parameters["b" + str(l)] = np.zeros(layer_dims[l])',
        "kind": "failure",
        "expect": [("    Z = np.dot(W, A) + b", "BC101")],
    },
    {
        "name": "deep: weights initialized transposed",
        "base": "deep.py",
        "find": "np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01",
        "replace": "np.random.randn(layer_dims[l - 1], layer_dims[l]) * 0.01",
        "kind": "failure",
        "expect": [("    Z = np.dot(W, A) + b", "BC102")],
    },
    {
        "name": "deep: db without keepdims",
        "base": "deep.py",
        "find": "    db = 1 / m * np.sum(dZ, axis=1, keepdims=True)",
        "replace": "    db = 1 / m * np.sum(dZ, axis=1)",
        "kind": "failure",
        "expect": [
            ('            parameters["b" + str(l + 1)] - learning_rate', "BC201")
        ],
    },
    {
        "name": "deep: forgotten transpose of W in dA_prev",
        "base": "deep.py",
        "find": "    dA_prev = np.dot(W.T, dZ)",
        "replace": "    dA_prev = np.dot(W, dZ)",
        "kind": "failure",
        "expect": [("    dA_prev = np.dot(W, dZ)", "BC102")],
    },
    {
        "name": "deep: cost on predictions as a column",
        "base": "deep.py",
        "find": "    cost = -1 / m * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))",
        "replace": "    cost = -1 / m * np.sum(Y * np.log(AL.T) + (1 - Y) * np.log(1 - AL.T))",
        "kind": "silent",
        "expect": [("    cost = -1 / m * np.sum(Y * np.log(AL.T)", "BC202")],
    },
    # -- examples as rows (rows.py) ---------------------------------------------------
    {
        "name": "rows: loss on (m, 1) predictions against (m,) labels",
        "base": "rows.py",
        "find": "    y = y.reshape(-1, 1)",
        "replace": "    y = y.ravel()",
        "kind": "failure",
        "expect": [
            ("        loss = -np.mean(y * np.log(A)", "BC201"),
            ("        dz = A - y", "BC201"),
        ],
    },
    {
        "name": "rows: normalize rows without keepdims",
        "base": "rows.py",
        "find": "    norms = np.linalg.norm(X, axis=1, keepdims=True)",
        "replace": "    norms = np.linalg.norm(X, axis=1)",
        "kind": "failure",
        "expect": [("    return X / norms", "BC101")],
    },
    {
        "name": "rows: weights as a row",
        "base": "rows.py",
        "find": "    w = np.zeros((n, 1))",
        "replace": "    w = np.zeros((1, n))",
        "kind": "failure",
        "expect": [("        A = sigmoid(X @ w + b)", "BC102")],
    },
    {
        "name": "rows: accuracy of (m, 1) predictions against (m,) labels",
        "base": "rows.py",
        "find": "    return (sigmoid(X @ w + b) > 0.5).astype(float).ravel()",
        "replace": "    return (sigmoid(X @ w + b) > 0.5).astype(float)",
        "kind": "silent",
        "expect": [("accuracy = np.mean(", "BC201")],
    },
    {
        "name": "planar: cost against transposed labels",
        "base": "planar.py",
        "find": "    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)",
        "replace": "    logprobs = np.multiply(np.log(A2), Y.T) + np.multiply(np.log(1 - A2), 1 - Y.T)",
        "kind": "silent",
        "expect": [("    logprobs = np.multiply(", "BC202")],
    },
    {
        "name": "deep: accuracy against transposed labels",
        "base": "deep.py",
        "find": '    print("Accuracy: " + str(np.sum((p == y) / m)))',
        "replace": '    print("Accuracy: " + str(np.sum((p == y.T) / m)))',
        "kind": "silent",
        "expect": [('    print("Accuracy: "', "BC202")],
    },
]
