"""bcast.explainer.messages beyond NumPy, PyTorch and JAX: TensorFlow and Keras,
TensorFlow.js, PaddlePaddle, MXNet, CuPy, Dask; where a message ends; what is
not a broadcasting error; and bounded reading of huge input.

Messages quoted here were posted by users in the public threads named beside
them (only the message text is kept); Dask's are produced live, TensorFlow's
live too when it is installed.
"""

from __future__ import annotations

import pytest

from bcast.cli import main
from bcast.explainer.messages import read_message
from bcast.explainer.messages._table import PAREN

# (text as posted, library, form, kind, shapes, target, message as read)
POSTED = [
    (
        # https://github.com/susanli2016/NLP-with-Python/issues/20
        "InvalidArgumentError: Incompatible shapes: [21504] vs. [1024,21]\n"
        "\t [[{{node metrics_11/acc/Equal}}]]",
        "tensorflow",
        "incompatible_shapes",
        "broadcast",
        ((21504,), (1024, 21)),
        None,
        "Incompatible shapes: [21504] vs. [1024,21]",
    ),
    (
        # https://github.com/tensorlayer/SRGAN/issues/166
        "tensorflow.python.framework.errors_impl.InvalidArgumentError: Matrix "
        "size-incompatible: In[0]: [4,18432], In[1]: [512,1] [Op:MatMul] name: MatMul/",
        "tensorflow",
        "matrix_size",
        "contraction",
        ((4, 18432), (512, 1)),
        None,
        "Matrix size-incompatible: In[0]: [4,18432], In[1]: [512,1] [Op:MatMul] "
        "name: MatMul/",
    ),
    (
        # https://github.com/RasaHQ/rasa/issues/3733
        "ValueError: Dimensions must be equal, but are 14 and 13 for "
        "'position__embedding_1/add' (op: 'Add') with input shapes: [?,5,14], "
        "[?,5,13].",
        "tensorflow",
        "dimensions_equal",
        "broadcast",
        ((None, 5, 14), (None, 5, 13)),
        None,
        "Dimensions must be equal, but are 14 and 13 for 'position__embedding_1/add' "
        "(op: 'Add') with input shapes: [?,5,14], [?,5,13].",
    ),
    (
        # https://github.com/xiaoyesoso/TensorFlowinAction/issues/1
        "Dimensions must be equal, but are 60 and 40 for 'rnn/while/rnn/"
        "multi_rnn_cell/cell_0/basic_lstm_cell/MatMul_1' (op: 'MatMul') with input "
        "shapes: [?,60], [40,120].",
        "tensorflow",
        "dimensions_equal",
        "contraction",
        ((None, 60), (40, 120)),
        None,
        None,
    ),
    (
        # https://github.com/MiteshPuthran/Speech-Emotion-Analyzer/issues/52
        "I am getting the following error:\n`ValueError: Shapes (None, 4) and "
        "(None, 10) are incompatible`\n\nWould anyone kindly tell me why?",
        "tensorflow",
        "shapes_incompatible",
        "same_shape",
        ((None, 4), (None, 10)),
        None,
        "Shapes (None, 4) and (None, 10) are incompatible",
    ),
    (
        # https://github.com/williamFalcon/pix2pix-keras/issues/7
        "ValueError: Operands could not be broadcast together with shapes "
        "(4, 4, 1024) (1, 4, 512)",
        "keras",
        "merge",
        "broadcast",
        ((4, 4, 1024), (1, 4, 512)),
        None,
        None,
    ),
    (
        # https://github.com/tensorflow/tfjs/issues/938
        "Uncaught Error: Operands could not be broadcast together with shapes "
        "1,128,128,64 and 0.\n    at assertAndGetBroadcastShape (tf-core.esm.js:17)",
        "tfjs",
        "broadcast",
        "broadcast",
        ((1, 128, 128, 64), (0,)),
        None,
        "Operands could not be broadcast together with shapes 1,128,128,64 and 0.",
    ),
    (
        # https://github.com/PaddlePaddle/PaddleSeg/issues/200
        "ShapeError: broadcast dimension mismatch. Operands could not be broadcast "
        "together with the shape of X = [1, 1920, 1024, 1997] and the shape of Y = "
        "[1, 3, 1, 1]. Received [1920] in X is not equal to [3] in Y at i:1.",
        "paddle",
        "broadcast",
        "broadcast",
        ((1, 1920, 1024, 1997), (1, 3, 1, 1)),
        None,
        None,
    ),
    (
        # https://github.com/apache/mxnet/issues/15793 (wrapped by the terminal)
        "mxnet.base.MXNetError: Error in operator Add12: [03:36:06] src/operator/"
        "tensor/./elemwise_binary_broadcast_op.h:68: Check failed: l == 1 || r == 1: "
        "operands could not be broadcast together with shapes [1,128,62,62] "
        "[1,128,63,63]",
        "mxnet",
        "check_failed",
        "broadcast",
        ((1, 128, 62, 62), (1, 128, 63, 63)),
        None,
        None,
    ),
    (
        # https://github.com/wkcn/AttentionSampler/issues/1
        "mxnet.base.MXNetError: [10:27:32] src/operator/tensor/./"
        "elemwise_binary_broadcast_op.h:68: Check failed: l == 1 || r == 1 operands "
        "could not be broadcast together with shapes [12,1] [12,512,1]`",
        "mxnet",
        "check_failed",
        "broadcast",
        ((12, 1), (12, 512, 1)),
        None,
        "Check failed: l == 1 || r == 1 operands could not be broadcast together "
        "with shapes [12,1] [12,512,1]",
    ),
    (
        # https://github.com/dask/dask-ml/issues/1012
        "FAILED tests/linear_model/test_glm.py::test_lr_score - ValueError: cannot "
        "broadcast shape (nan,) to shape (nan,)",
        "dask",
        "broadcast_to",
        "broadcast_to",
        ((None,),),
        (None,),
        "cannot broadcast shape (nan,) to shape (nan,)",
    ),
    (
        # https://github.com/EPFL-VILAB/ViPer/issues/7
        " shape mismatch: value tensor of shape [128, 4096] cannot be broadcast to "
        "indexing result of shape [0, 4096]\nHow to solve it?",
        "torch",
        "value_tensor",
        "assignment",
        ((128, 4096),),
        (0, 4096),
        "shape mismatch: value tensor of shape [128, 4096] cannot be broadcast to "
        "indexing result of shape [0, 4096]",
    ),
    (
        # https://github.com/OpenBMB/MiniCPM-V/issues/116
        '  File "modeling_idefics2.py", line 190, in forward\n'
        "    position_ids[batch_idx][p_attn_mask.view(-1).cpu()] = pos_ids\n"
        "RuntimeError: shape mismatch: value tensor of shape [1037] cannot be "
        "broadcast to indexing result of shape [1036]",
        "torch",
        "value_tensor",
        "assignment",
        ((1037,),),
        (1036,),
        None,
    ),
    (
        # https://github.com/Kim-Hammar/gym-idsgame/issues/10
        "RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x44 and 30x64)",
        "torch",
        "mat1_mat2",
        "contraction",
        ((1, 44), (30, 64)),
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "library", "form", "kind", "shapes", "target", "message"), POSTED
)
def test_messages_as_posted(
    text: str,
    library: str,
    form: str,
    kind: str,
    shapes: tuple[tuple[int | None, ...], ...],
    target: tuple[int | None, ...] | None,
    message: str | None,
) -> None:
    r = read_message(text)
    assert r is not None
    assert (r.library, r.form, r.kind) == (library, form, kind)
    assert (r.shapes, r.target) == (shapes, target)
    assert r.complete == all(d is not None for s in (*shapes, target or ()) for d in s)
    if message is not None:
        assert r.message == message
    assert r.message in text.replace("\n", " ") or r.message in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # the message is cut where it ends, not run on into the prose after it
        (
            # https://github.com/iydon/of.yaml (prose after, on the same line)
            "ValueError: could not broadcast input array from shape (52,1) into shape "
            "(52,) is the error I am getting, I think it is a numpy new version thing",
            "could not broadcast input array from shape (52,1) into shape (52,)",
        ),
        (
            'the error shows the "Dimensions must be equal, but are 256 and 84 for '
            "'P3norm_7/mul' (op: 'Mul') with input shapes: [?,?,?,256], [84]\". I will "
            "be glad if you know the reason",  # https://github.com/liuwei16/CSP/issues/76
            "Dimensions must be equal, but are 256 and 84 for 'P3norm_7/mul' (op: "
            "'Mul') with input shapes: [?,?,?,256], [84]",
        ),
        (
            "operands could not be broadcast together with shapes (104,103) (103,103)"
            '". What should I do to get rid of it ?',
            "operands could not be broadcast together with shapes (104,103) (103,103)",
        ),
        (
            "[rank2]: RuntimeError: shape mismatch: value tensor of shape [3, 14325] "
            "cannot be broadcast to indexing result of shape [3, 9215] W0227 "
            "23:25:08.126000 227320 site-packages/torch/distributed/elastic/api.py:897]",
            "shape mismatch: value tensor of shape [3, 14325] cannot be broadcast to "
            "indexing result of shape [3, 9215]",
        ),
    ],
)
def test_the_quote_ends_where_the_message_does(text: str, message: str) -> None:
    r = read_message(text)
    assert r is not None
    assert r.message == message


def test_unknown_sizes_are_none() -> None:
    r = read_message("Incompatible shapes: [?,3] vs. [None,4]")
    assert r is not None
    assert (r.shapes, r.complete) == (((None, 3), (None, 4)), False)
    r = read_message(
        "operands could not be broadcast together with shapes (nan, 3) (4, 3)"
    )
    assert r is not None
    assert (r.library, r.shapes) == ("dask", ((None, 3), (4, 3)))


def test_numpy_style_is_numpy_python_style_is_dask_or_keras() -> None:
    text = "operands could not be broadcast together with shapes {} {}"
    r = read_message(text.format("(3,4)", "(3,)"))
    assert r is not None
    assert r.library == "numpy"
    r = read_message(text.format("(3, 4)", "(3,)"))
    assert r is not None
    assert r.library == "dask"
    r = read_message(text.format("(3,4)", "(3,)").capitalize())
    assert r is not None
    assert r.library == "numpy"
    r = read_message(text.format("(3, 4)", "(3,)").capitalize())
    assert r is not None
    assert r.library == "keras"
    r = read_message(text.format("[3,4]", "[3]"))
    assert r is not None
    assert r.library == "mxnet"


def test_cupy_is_told_by_its_traceback() -> None:
    tb = (
        "Traceback (most recent call last):\n"
        '  File "/usr/lib/python3/site-packages/cupy/_core/_kernel.pyx", line 1, in '
        "cupy._core._kernel._broadcast\n"
        "ValueError: operands could not be broadcast together with shapes (2,3) (4,)\n"
    )
    r = read_message(tb)
    assert r is not None
    assert (r.library, r.form, r.shapes) == ("cupy", "ufunc", ((2, 3), (4,)))
    assert read_message(tb.replace("cupy", "mylib")).library == "numpy"  # type: ignore[union-attr]


def test_tensorflow_graph_matmul_transposes() -> None:
    text = (
        "Dimensions must be equal, but are 5 and 10 for '{{node MatMul}} = "
        "MatMul[T=DT_FLOAT, transpose_a=false, transpose_b=true](x, y)' with input "
        "shapes: [?,5], [5,10]."
    )
    r = read_message(text)
    assert r is not None
    assert (r.kind, r.shapes, r.contracted) == (
        "contraction",
        ((None, 5), (5, 10)),
        ((-1,), (-1,)),
    )


def test_tensorflow_ops_that_do_not_broadcast_are_not_read() -> None:
    # a convolution's "Dimensions must be equal" is about channels, not broadcasting
    text = (
        "Dimensions must be equal, but are 3 and 1 for '{{node conv2d/Conv2D}} = "
        "Conv2D[T=DT_FLOAT](input, conv2d/kernel)' with input shapes: [?,28,28,3], "
        "[3,3,1,32]."
    )
    assert read_message(text) is None
    text = text.replace("conv2d/Conv2D}} = Conv2D", "add}} = AddV2")
    r = read_message(text)
    assert r is not None
    assert (r.function, r.shapes) == ("AddV2", ((None, 28, 28, 3), (3, 3, 1, 32)))


# Shape errors that are not about broadcasting, as users posted them.
NOT_BROADCASTING = [
    # https://github.com/hustvl/YOLOP/issues/59
    "ValueError: cannot reshape array of size 5 into shape (2,2)",
    # https://github.com/pytorch/pytorch/issues/38469
    "RuntimeError: shape '[-1, 400]' is invalid for input of size 384",
    # https://github.com/Beckschen/TransUNet/issues/74
    "RuntimeError: Sizes of tensors must match except in dimension 1. Expected size "
    "32 but got size 64 for tensor number 1 in the list.",
    # https://github.com/tensorflow/tensorflow/issues/46794
    "ValueError: Input 0 of layer encoder1_ is incompatible with the layer: expected "
    "ndim=3, found ndim=4. Full shape received: (None, 64, 4, 850)",
    # https://github.com/avBuffer/UNet3plus_pth/issues/19
    "RuntimeError: Given groups=1, weight of size [64, 3, 3, 3], expected "
    "input[1, 1, 256, 256] to have 3 channels, but got 1 channels instead",
    # https://github.com/chingweitseng/general-deep-image-completion/issues/9
    "ValueError: all the input array dimensions for the concatenation axis must match "
    "exactly, but along dimension 0, the array at index 0 has size 56 and the array "
    "at index 1 has size 28",
    # https://blog.youkuaiyun.com/zyoung17/article/details/102464290
    "ValueError: Shape must be rank 2 but is rank 1 for 'MatMul' (op: 'MatMul') with "
    "input shapes: [2], [2,1].",
]


@pytest.mark.parametrize("text", NOT_BROADCASTING)
def test_other_shape_errors_are_not_read(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert read_message(text) is None
    assert main(["why", text]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1


# -- produced live --------------------------------------------------------------------


def test_dask_live() -> None:
    da = pytest.importorskip("dask.array", reason="Dask is an optional extra")
    x = da.ones(10, chunks=5)
    x = x[x > 0]  # sizes unknown until computed: nan
    for call, form, shapes, target in [
        (lambda: x + da.ones(3), "broadcast", ((None,), (3,)), None),
        (lambda: da.ones((3, 4)) + da.ones(3), "broadcast", ((3, 4), (3,)), None),
        (lambda: da.broadcast_to(x, (3,)), "broadcast_to", ((None,),), (3,)),
        (lambda: da.broadcast_to(da.ones(3), (4,)), "broadcast_to", ((3,),), (4,)),
    ]:
        with pytest.raises(ValueError, match="broadcast") as info:
            call()
        r = read_message(f"ValueError: {info.value}")
        assert r is not None
        assert (r.library, r.form, r.shapes, r.target) == ("dask", form, shapes, target)
        assert r.message == str(info.value)


def _tf_error(call: object) -> BaseException:
    try:
        call()  # type: ignore[operator]
    except Exception as e:  # TensorFlow's and Keras's own classes
        return e
    pytest.fail("expected an exception")


def test_tensorflow_live() -> None:
    tf = pytest.importorskip("tensorflow", reason="TensorFlow is an optional extra")

    @tf.function
    def add(x: object, y: object) -> object:
        return x + y  # type: ignore[operator]

    @tf.function
    def matmul(x: object, y: object) -> object:
        return tf.matmul(x, y)

    spec = tf.TensorSpec
    cases = [
        # eager: "{{function_node ...}} Incompatible shapes: [32,10] vs. [32] [Op:AddV2]"
        (lambda: tf.ones((32, 10)) + tf.ones(32), "incompatible_shapes", "broadcast",
         ((32, 10), (32,)), None),
        (lambda: tf.broadcast_to(tf.ones(3), (4,)), "incompatible_shapes",
         "broadcast_to", ((3,),), (4,)),
        (lambda: tf.matmul(tf.ones((2, 3)), tf.ones((4, 5))), "matrix_size",
         "contraction", ((2, 3), (4, 5)), None),
        (lambda: tf.matmul(tf.ones((1, 2, 2)), tf.ones((1, 3, 2))), "matrix_size",
         "contraction", ((1, 2, 2), (1, 3, 2)), None),
        # graph mode: unknown sizes are "?"
        (lambda: add.get_concrete_function(spec([None, 3]), spec([4])),
         "dimensions_equal", "broadcast", ((None, 3), (4,)), None),
        (lambda: matmul.get_concrete_function(spec([None, 784]), spec([10, 5])),
         "dimensions_equal", "contraction", ((None, 784), (10, 5)), None),
        (lambda: tf.keras.losses.categorical_crossentropy(tf.ones((2, 4)), tf.ones((2, 10))),
         "same_shape", "same_shape", ((2, 4), (2, 10)), None),
        (lambda: tf.keras.layers.Add()([tf.keras.Input((4, 4, 512)), tf.keras.Input((8, 8, 512))]),
         "merge_inputs", "broadcast", ((4, 4, 512), (8, 8, 512)), None),
    ]  # fmt: skip
    for call, form, kind, shapes, target in cases:
        e = _tf_error(call)
        r = read_message(f"{type(e).__name__}: {e}")
        assert r is not None, str(e)
        assert (r.form, r.kind, r.shapes, r.target) == (form, kind, shapes, target)
        assert r.library in ("tensorflow", "keras")
        assert r.message in str(e)
        if kind == "contraction":
            assert r.contracted == ((-1,), (-2,))


# -- bounded reading ------------------------------------------------------------------

MEGABYTE = 1_000_000


@pytest.mark.parametrize(
    "junk",
    [
        # every phrase of the table, again and again, never completed
        "could not be broadcast together with shapes (" * (MEGABYTE // 45),
        "Dimensions must be equal, but are 3 and 4 for '" * (MEGABYTE // 48),
        "Incompatible shapes: [" + "1," * (MEGABYTE // 2),
        "mat1 and mat2 shapes cannot be multiplied (" + "1" * MEGABYTE,
        " has shape (" * (MEGABYTE // 12),
        "(" * MEGABYTE,
        "[" + " " * MEGABYTE + "]",
        "operands could not be broadcast together with shapes "
        + "(3,) " * (MEGABYTE // 5),
        "shapes " + "x=(3,) " * (MEGABYTE // 7) + "cannot be broadcast: axis -1",
        ("Broadcasting failed " * 50 + "\n") * (MEGABYTE // 1000),
    ],
    ids=lambda s: repr(s[:24]),
)
def test_a_megabyte_of_near_misses_is_read_to_its_end(junk: str) -> None:
    # Not a benchmark: the patterns are bounded, so this finishes; a quadratic
    # scan or a backtracking pattern would not finish within the suite's run.
    message = "operands could not be broadcast together with shapes (3,4) (3,)"
    r = read_message(junk + "\nValueError: " + message)
    assert r is not None
    assert r.shapes == ((3, 4), (3,))


def test_near_misses_after_the_message_do_not_hide_it() -> None:
    message = "operands could not be broadcast together with shapes (3,4) (3,)"
    tail = "\n".join(["could not be broadcast together with shapes ("] * 150)
    r = read_message("ValueError: " + message + "\n" + tail)
    assert r is not None
    assert r.shapes == ((3, 4), (3,))


def test_shape_text_is_bounded() -> None:
    assert "{0,400}" in PAREN  # one shape is at most 400 characters
