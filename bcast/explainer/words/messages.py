"""Notes on other libraries' error messages (one per message form that needs one).

Keys are written ``"messages.name"``; both dicts have the same keys and fields.
A note says what the message tells and what it does not; the fields are the
message's own groups (shapes already formatted, ``{x_raw}`` as printed).
"""

from __future__ import annotations

__all__ = ["EN", "ZH"]

EN: dict[str, str] = {
    # -- shared
    "messages.only_sizes": "The message gives only these sizes.",
    "messages.no_full_shapes": "The message gives no full shapes.",
    "messages.inplace_output": (
        "The inputs broadcast to {res}, but the output (out=, or the left side of "
        "an in-place operator such as +=) has shape {out}. An output is never "
        "stretched: the result must broadcast to the output's shape. The inputs' "
        "own shapes are not in the message."
    ),
    # -- NumPy
    "messages.numpy_ufunc": (
        "NumPy lists every operand's shape: {listed} (an output passed with out= "
        "comes after the inputs). It names neither the function nor the axis that "
        "conflicts."
    ),
    "messages.numpy_indexing": (
        "The index arrays of an advanced (fancy) index have shapes {listed}; they "
        "must broadcast together. The indexed array's shape is not in the message."
    ),
    "messages.numpy_broadcast_to": (
        "An array of shape {s} cannot be broadcast to the requested shape {t} "
        "(np.broadcast_to or a view of that shape): only its axes of size 1, and "
        "axes it lacks in front, can be stretched."
    ),
    "messages.numpy_remapped": (
        "NumPy's iterator shows each operand's shape and, after ->, the remapped "
        "shape it actually broadcast (newaxis, read here as 1, marks an axis the "
        "operand does not have, such as the core axes of a generalized ufunc like "
        "matmul)."
    ),
    "messages.numpy_remapped_arrows": (
        "The conflict is between the remapped shapes {remapped}; the original "
        "shapes are {originals}."
    ),
    "messages.numpy_remapped_target": (
        "The requested shape {target} is the iterator's shape; ? marks loop axes "
        "left to broadcasting."
    ),
    "messages.numpy_broadcast_shapes": (
        "Argument {j}, of shape {b}, does not broadcast with argument {i}, of shape "
        "{a} (np.broadcast_shapes, np.broadcast_arrays, np.broadcast or a function "
        "built on them). Only these two arguments are shown; any others are not."
    ),
    "messages.numpy_broadcast_shapes_old": (
        "Some of the shapes given to np.broadcast_shapes, np.broadcast_arrays or "
        "np.broadcast do not broadcast together. This message (NumPy before 1.22) "
        "gives no shapes."
    ),
    "messages.numpy_assignment": (
        "A value of shape {a} was assigned into a place of shape {b} (x[...] = "
        "value, np.copyto, or building an array): the value must broadcast to that "
        "shape, which is never stretched."
    ),
    "messages.numpy_value_array": (
        "A value of shape {a} was assigned to a selection of shape {b} (an "
        "advanced index: x[rows] = value, or x[mask] = value): the value must "
        "broadcast to that shape, which is never stretched."
    ),
    "messages.numpy_mask": (
        "x[mask] = values: the mask selects {b_raw} elements, but the 1-D value has "
        "{a_raw}. It must have {b_raw} elements, or 1 (or be a scalar)."
    ),
    "messages.numpy_mask_ndim": (
        "x[mask] = values: the value has {n} axes, but assigning through a boolean "
        "mask takes a scalar or a 1-D value (one element per True in the mask, or "
        "1). The sizes are not in the message."
    ),
    "messages.numpy_ufunc_at": (
        "ufunc.at(a, indices, b) (np.add.at ...): b must broadcast to the shape "
        "that a[indices] selects. The message gives no shapes."
    ),
    "messages.numpy_to_scalar": (
        "An array with at least one axis was broadcast to shape () "
        "(np.broadcast_to(x, ())): a non-scalar cannot lose axes. The array's "
        "shape is not in the message."
    ),
    "messages.numpy_axis_remapping": (
        "An array has more axes than the shape it is broadcast to "
        "(np.broadcast_to) or than an nditer's op_axes allow: broadcasting adds "
        "axes in front, it never removes any. The message gives no shapes."
    ),
    "messages.numpy_core": (
        "{gufunc} with signature {sig}: core dimension {name} was already bound to "
        "{b} (by the first operand that has it), but {who} has {a} there (its core "
        "dimension {j})."
    ),
    "messages.numpy_core_fixed": (
        "{gufunc} with signature {sig}: the signature fixes core dimension {j} of "
        "{who} to {b}, but it is {a}."
    ),
    "messages.numpy_core_partial": (
        "The message gives only these sizes: the other core sizes (? here), the "
        "loop (leading) axes and the number of axes of each operand are unknown; "
        "the shapes shown are the core axes as the signature lays them out."
    ),
    "messages.numpy_core_optional": (
        "A dimension marked ? in the signature may be missing (1-D operands)."
    ),
    "messages.numpy_core_ndim": (
        "{gufunc} with signature {sig}: {who} has {h} axes, but its core dimensions "
        "need at least {r}. The message gives no sizes; the other operands' shapes "
        "are unknown."
    ),
    "messages.numpy_vectorize_ndim": (
        "np.vectorize(signature=...): an argument has {n} axes, but its core "
        "dimensions ({core}) need {need}. The message does not say which argument, "
        "nor its sizes."
    ),
    "messages.numpy_vectorize": (
        "np.vectorize(signature=...): core dimension '{d}' is {old} in an earlier "
        "argument but {new} in a later one; the message does not say which "
        "arguments."
    ),
    "messages.numpy_dot": (
        "np.dot (or np.inner, multi_dot) of {a} and {b}: axis {dx} of the first has "
        "{x} elements, axis {dy} of the second has {y}; they are summed over "
        "together, so they must be equal. This is not broadcasting: no size 1 "
        "stretches here."
    ),
    # -- PyTorch
    "messages.torch_size_mismatch": (
        "Tensor a has size {a_raw} and tensor b size {b_raw} on dimension {d} of the "
        "broadcast result, counted from the front (0 is the first); neither is 1, "
        "so they conflict. The message gives only these two sizes: the tensors' "
        "other sizes and their numbers of axes are unknown, so the shapes shown "
        "hold the conflicting axis alone."
    ),
    "messages.torch_expand": (
        "A tensor's dimension {d} (counted from the front of the target) has size "
        "{b}, which cannot be expanded to {a}: only a size of 1 expands "
        "(Tensor.expand, expand_as, torch.broadcast_to, or an assignment x[...] = "
        "y)."
    ),
    "messages.torch_expand_rank": (
        "A tensor with {k} axes cannot be expanded to the {n}-axis shape {t}: "
        "expanding adds axes in front, it never removes any."
    ),
    "messages.torch_broadcast_shapes": (
        "torch.broadcast_shapes: argument {i}, of shape {s}, does not broadcast "
        "with {t}, the shape the arguments before it broadcast to; axis {ax} "
        "conflicts."
    ),
    "messages.torch_target_size": (
        "A loss function got an input of shape {i} and a target of shape {t}. "
        "mse_loss and l1_loss broadcast them, with a warning, and so compare every "
        "input with every target; binary_cross_entropy refuses. Usually the target "
        "needs the input's shape (target.view_as(input), or input.squeeze())."
    ),
    "messages.torch_mat1_mat2": (
        "A matrix product (torch.mm, @, F.linear, nn.Linear) of {a}x{b} and "
        "{c}x{d}: the first's columns ({b}) must equal the second's rows ({c}). "
        "For nn.Linear, mat1 is the input with its leading axes folded into one "
        "and mat2 is the weight transposed (in_features x out_features)."
    ),
    "messages.torch_mv": (
        "A matrix-vector product (torch.mv, @) of {a}x{b} and a vector of {v}: the "
        "matrix's columns ({b}) must equal the vector's length."
    ),
    "messages.torch_dot": (
        "A dot product of 1-D tensors (torch.dot, or @ between two vectors) of "
        "shapes {a} and {b}: both must have the same number of elements."
    ),
    "messages.torch_bmm": (
        "torch.bmm: batch2's first two sizes are [{g0}, {g1}] but must be [{e0}, "
        "{e1}], batch1's batch size and columns. bmm does not broadcast: batch "
        "sizes must be equal (torch.matmul broadcasts). Sizes shown as ? are not "
        "in the message."
    ),
    "messages.torch_einsum": (
        "torch.einsum: subscript {l} has size {b} in earlier operands but {a} in "
        "operand {op}; sizes must be equal (or 1, where einsum broadcasts)."
    ),
    "messages.torch_indexing": (
        "The index tensors of an advanced (fancy) index have shapes {listed}; they "
        "must broadcast together. The indexed tensor's shape is not in the message."
    ),
    "messages.torch_value_tensor": (
        "A value of shape {a} was assigned to a selection of shape {b} (x[index] = "
        "value, x[mask] = value): the value must broadcast to that shape, which is "
        "never stretched."
    ),
    # -- JAX
    "messages.jax_broadcast_shapes": (
        "JAX could not broadcast the shapes {listed} together (a jax.numpy "
        "operation, jnp.broadcast_shapes or broadcast_arrays, or an advanced "
        "index). It does not name the function or the axis."
    ),
    "messages.jax_rank_promotion": (
        "JAX refused to broadcast {listed} in {f} because they have different "
        "numbers of axes and jax_numpy_rank_promotion is 'raise'. NumPy would pad "
        "the shorter shapes with 1s in front; JAX asks for that to be written out "
        "(x[None, :], jnp.expand_dims) or the option set to 'allow'."
    ),
    "messages.jax_lax_broadcast": (
        "JAX's {f} of {listed}: sizes on an axis must be equal or 1, and this "
        "lax-level operation does not add missing axes. It comes from jax.lax.{f}, "
        "from jax.numpy (with a zero-size axis, for one), or from inside jax.vmap, "
        "where the shapes are those of one example."
    ),
    "messages.jax_broadcast_to": (
        "An array of shape {s} cannot be broadcast to {t} (jnp.broadcast_to, or "
        "x.at[...].set(value)): only axes of size 1, and axes it lacks in front, "
        "can be stretched."
    ),
    "messages.jax_dot_general": (
        "A JAX matrix product (jnp.matmul, @, jnp.dot, lax.dot_general): the {w} "
        "dimensions must be equal, but are {a} on the left and {b} on the right. "
        "Only these dimensions are in the message, not the operands' whole shapes."
    ),
    "messages.jax_matmul": (
        "jnp.matmul of {a} and {b}: the batch (leading) axes, all but the last "
        "two, do not broadcast."
    ),
    "messages.jax_einsum": (
        "jnp.einsum: label '{l}' has size {b} in previous terms but {a} in operand "
        "{op}; sizes must be equal (or 1, where einsum broadcasts)."
    ),
    "messages.jax_vecdot": (
        "jnp.vecdot of {a} and {b}: the summed axis (axis={ax}) must have the same "
        "size in both."
    ),
    "messages.jax_vectorize": (
        "jnp.vectorize(signature=...): core dimension '{d}' is {old} in an earlier "
        "argument but {new} in a later one; the message does not say which "
        "arguments."
    ),
    # -- bcast
    "messages.bcast_broadcast": (
        "bcast found that {listed} cannot be broadcast: axis {ax} conflicts."
    ),
    "messages.bcast_broadcast_to": "bcast found that {s} cannot be broadcast to {t}.",
    "messages.bcast_core": (
        "bcast found that core dimension {dimension} of signature {signature} is "
        "bound to different sizes."
    ),
    "messages.bcast_core_partial": (
        "Operands not named in the message are shown by their core axes only, as ?."
    ),
    "messages.bcast_core_ndim": (
        "bcast found that operand {i}, of shape {s}, has too few axes for its core "
        "dimensions ({c}) in signature {sig}."
    ),
    "messages.bcast_guard": (
        "bcast's shape guard expected {argument} to match {spec} but its shape is "
        "{shape}."
    ),
    "messages.bcast_guard_why": (
        "bcast's shape guard expected {argument} to match {spec} but its shape is "
        "{shape}: {why}"
    ),
    # -- TensorFlow and Keras
    "messages.tf_incompatible": (
        "TensorFlow could not broadcast {a} with {b} (an elementwise operation, a "
        "loss or a metric). It does not name the axis; sizes shown as ? are unknown "
        "until the graph runs."
    ),
    "messages.tf_graph": (
        "TensorFlow's graph op {op}: one axis has {x} in one input and {y} in the "
        "other, and neither is 1. ? is a size known only when the graph runs (the "
        "batch size, usually)."
    ),
    "messages.tf_graph_matmul": (
        "A matrix product in TensorFlow's graph (MatMul, a Dense layer): the first "
        "input's columns ({x}) must equal the second's rows ({y}). This is not "
        "broadcasting."
    ),
    "messages.tf_matmul": (
        "A matrix product in TensorFlow (tf.matmul, @, a Dense layer) of {a} and "
        "{b}: the first's columns must equal the second's rows. This is not "
        "broadcasting."
    ),
    "messages.tf_shapes_incompatible": (
        "TensorFlow needs {a} and {b} to be the same shape (None is a size not yet "
        "known): usually a loss's labels and predictions, such as one-hot labels "
        "with a different number of classes than the last layer's units."
    ),
    "messages.tf_required_broadcastable": (
        "An elementwise TensorFlow operation got inputs whose shapes do not "
        "broadcast together; this message gives no shapes."
    ),
    "messages.tf_broadcast_to": (
        "TensorFlow's BroadcastTo: a tensor of shape {s} cannot be broadcast to "
        "{t}: only its axes of size 1, and axes it lacks in front, can be "
        "stretched. ? is a size known only when the graph runs."
    ),
    "messages.tf_dimension_in_both": (
        "TensorFlow needs {a} and {b} to be the same shape (an assignment, such as "
        "loading saved weights into a layer of another size); axis {i} differs: "
        "{x} and {y}. This is not broadcasting."
    ),
    "messages.cupy_failed": (
        "CuPy (before 9.4) could not broadcast some arrays together; this message "
        "gives no shapes."
    ),
    "messages.keras_same_shape": (
        "A Keras loss got a target of shape {t} and an output of shape {o}: they "
        "must be the same shape (None is the batch size, not yet known). Usually "
        "the labels' encoding does not match the last layer: one-hot labels for "
        "another number of classes, or integer labels with a categorical loss."
    ),
    "messages.keras_merge": (
        "A Keras merge layer (Add, Multiply, Average ...) got inputs of shapes "
        "{listed}, the batch axis left out; they must broadcast together."
    ),
    # -- TensorFlow.js, PaddlePaddle, MXNet, Dask
    "messages.tfjs_broadcast": (
        "TensorFlow.js could not broadcast the shapes {a} and {b} (it prints them "
        "without brackets)."
    ),
    "messages.paddle_broadcast": (
        "PaddlePaddle's elementwise operation could not broadcast X of shape {x} "
        "with Y of shape {y}."
    ),
    "messages.paddle_old": (
        "PaddlePaddle's elementwise operation could not broadcast its inputs X and "
        "Y. This message gives no shapes."
    ),
    "messages.mxnet_broadcast": (
        "MXNet's broadcasting operator could not broadcast the shapes {listed}."
    ),
    "messages.dask_broadcast": (
        "Dask could not broadcast the shapes {listed}; a size shown as ? (nan in "
        "the message) is not known until the array is computed."
    ),
    "messages.dask_broadcast_to": (
        "Dask cannot broadcast an array of shape {s} to {t}; a size shown as ? (nan "
        "in the message) is not known until the array is computed "
        "(x.compute_chunk_sizes() finds it)."
    ),
}

ZH: dict[str, str] = {
    # -- shared
    "messages.only_sizes": "错误信息只给出了这几个大小。",
    "messages.no_full_shapes": "错误信息没有给出完整的形状。",
    "messages.inplace_output": (
        "输入广播后的形状是 {res}，但输出（out=，或 += 这类原地运算符的左边）的形状是 "
        "{out}。输出永远不会被拉伸：结果必须能广播到输出的形状。错误信息里没有输入本身的形状。"
    ),
    # -- NumPy
    "messages.numpy_ufunc": (
        "NumPy 列出了每个操作数的形状：{listed}（用 out= 传入的输出排在输入之后）。"
        "它既没有说是哪个函数，也没有说是哪个轴冲突。"
    ),
    "messages.numpy_indexing": (
        "高级（花式）索引的各个索引数组形状为 {listed}，它们必须能相互广播。"
        "错误信息里没有被索引数组的形状。"
    ),
    "messages.numpy_broadcast_to": (
        "形状为 {s} 的数组不能广播到请求的形状 {t}（np.broadcast_to 或该形状的视图）："
        "只有大小为 1 的轴，以及前面缺少的轴，才能被拉伸。"
    ),
    "messages.numpy_remapped": (
        "NumPy 的迭代器给出了每个操作数的形状，以及 -> 之后它实际参与广播的重映射形状"
        "（newaxis 在这里读作 1，表示操作数没有的轴，例如 matmul 这类广义 ufunc 的核心轴）。"
    ),
    "messages.numpy_remapped_arrows": (
        "冲突发生在重映射后的形状 {remapped} 之间；原来的形状是 {originals}。"
    ),
    "messages.numpy_remapped_target": (
        "请求的形状 {target} 是迭代器的形状；? 表示留给广播的循环轴。"
    ),
    "messages.numpy_broadcast_shapes": (
        "第 {j} 个参数（形状 {b}）不能与第 {i} 个参数（形状 {a}）广播"
        "（np.broadcast_shapes、np.broadcast_arrays、np.broadcast 或基于它们的函数）。"
        "这里只显示这两个参数，其他参数没有给出。"
    ),
    "messages.numpy_broadcast_shapes_old": (
        "传给 np.broadcast_shapes、np.broadcast_arrays 或 np.broadcast 的形状中，"
        "有些不能相互广播。这条信息（NumPy 1.22 之前）没有给出形状。"
    ),
    "messages.numpy_assignment": (
        "把形状为 {a} 的值赋给了形状为 {b} 的位置（x[...] = value、np.copyto 或创建数组）："
        "值必须能广播到那个形状，而那个形状永远不会被拉伸。"
    ),
    "messages.numpy_value_array": (
        "把形状为 {a} 的值赋给了形状为 {b} 的选取结果（高级索引：x[rows] = value 或 "
        "x[mask] = value）：值必须能广播到那个形状，而那个形状永远不会被拉伸。"
    ),
    "messages.numpy_mask": (
        "x[mask] = values：掩码选中了 {b_raw} 个元素，但一维的值有 {a_raw} 个。"
        "它必须有 {b_raw} 个元素，或者 1 个（或者是标量）。"
    ),
    "messages.numpy_mask_ndim": (
        "x[mask] = values：值有 {n} 个轴，但通过布尔掩码赋值只接受标量或一维的值"
        "（掩码中每个 True 对应一个元素，或者只有 1 个）。错误信息里没有大小。"
    ),
    "messages.numpy_ufunc_at": (
        "ufunc.at(a, indices, b)（np.add.at 等）：b 必须能广播到 a[indices] 选出的形状。"
        "错误信息没有给出形状。"
    ),
    "messages.numpy_to_scalar": (
        "把至少有一个轴的数组广播到了形状 ()（np.broadcast_to(x, ())）：非标量不能丢掉轴。"
        "错误信息里没有数组的形状。"
    ),
    "messages.numpy_axis_remapping": (
        "数组的轴比要广播到的形状（np.broadcast_to）或 nditer 的 op_axes 允许的还多："
        "广播只会在前面增加轴，从不删除轴。错误信息没有给出形状。"
    ),
    "messages.numpy_core": (
        "{gufunc}（签名 {sig}）：核心维度 {name} 已经被（第一个含有它的操作数）绑定为 "
        "{b}，但 {who} 在那里是 {a}（它的第 {j} 个核心维度）。"
    ),
    "messages.numpy_core_fixed": (
        "{gufunc}（签名 {sig}）：签名把 {who} 的第 {j} 个核心维度固定为 {b}，但它是 {a}。"
    ),
    "messages.numpy_core_partial": (
        "错误信息只给出了这几个大小：其他核心大小（这里的 ?）、循环（前导）轴以及每个操作数的轴数都未知；"
        "显示的形状是按签名排列的核心轴。"
    ),
    "messages.numpy_core_optional": "签名中标有 ? 的维度可以缺失（一维操作数）。",
    "messages.numpy_core_ndim": (
        "{gufunc}（签名 {sig}）：{who} 有 {h} 个轴，但它的核心维度至少需要 {r} 个。"
        "错误信息没有给出大小；其他操作数的形状未知。"
    ),
    "messages.numpy_vectorize_ndim": (
        "np.vectorize(signature=...)：某个参数有 {n} 个轴，但它的核心维度（{core}）需要 "
        "{need} 个。错误信息没有说是哪个参数，也没有给出大小。"
    ),
    "messages.numpy_vectorize": (
        "np.vectorize(signature=...)：核心维度 '{d}' 在较早的参数中是 {old}，"
        "在较后的参数中是 {new}；错误信息没有说是哪些参数。"
    ),
    "messages.numpy_dot": (
        "np.dot（或 np.inner、multi_dot）作用于 {a} 和 {b}：第一个的 axis {dx} 有 {x} "
        "个元素，第二个的 axis {dy} 有 {y} 个；它们要一起求和，所以必须相等。"
        "这不是广播：这里没有大小为 1 的轴会被拉伸。"
    ),
    # -- PyTorch
    "messages.torch_size_mismatch": (
        "在广播结果的第 {d} 维（从前往后数，0 是第一维）上，张量 a 的大小是 {a_raw}，"
        "张量 b 的大小是 {b_raw}；两者都不是 1，所以冲突。错误信息只给出了这两个大小："
        "张量的其他大小和轴数都未知，所以显示的形状只含冲突的那个轴。"
    ),
    "messages.torch_expand": (
        "张量的第 {d} 维（从目标形状的前面数）大小为 {b}，不能扩展为 {a}：只有大小为 1 "
        "的维才能扩展（Tensor.expand、expand_as、torch.broadcast_to 或赋值 x[...] = y）。"
    ),
    "messages.torch_expand_rank": (
        "有 {k} 个轴的张量不能扩展为 {n} 个轴的形状 {t}：扩展只会在前面增加轴，从不删除轴。"
    ),
    "messages.torch_broadcast_shapes": (
        "torch.broadcast_shapes：第 {i} 个参数（形状 {s}）不能与 {t}（它之前的参数广播得到的形状）"
        "广播；axis {ax} 冲突。"
    ),
    "messages.torch_target_size": (
        "损失函数得到的输入形状为 {i}、目标形状为 {t}。mse_loss 和 l1_loss 会带着警告把它们广播，"
        "于是拿每个输入去比较每个目标；binary_cross_entropy 则直接拒绝。通常目标需要和输入同形"
        "（target.view_as(input) 或 input.squeeze()）。"
    ),
    "messages.torch_mat1_mat2": (
        "矩阵乘法（torch.mm、@、F.linear、nn.Linear）作用于 {a}x{b} 和 {c}x{d}："
        "第一个的列数（{b}）必须等于第二个的行数（{c}）。对 nn.Linear 来说，mat1 是把前面各轴"
        "合并成一个轴后的输入，mat2 是转置后的权重（in_features x out_features）。"
    ),
    "messages.torch_mv": (
        "矩阵-向量乘法（torch.mv、@）作用于 {a}x{b} 和长度为 {v} 的向量："
        "矩阵的列数（{b}）必须等于向量的长度。"
    ),
    "messages.torch_dot": (
        "一维张量的点积（torch.dot，或两个向量之间的 @），形状为 {a} 和 {b}："
        "两者的元素个数必须相同。"
    ),
    "messages.torch_bmm": (
        "torch.bmm：batch2 的前两个大小是 [{g0}, {g1}]，但必须是 [{e0}, {e1}]，"
        "即 batch1 的批大小和列数。bmm 不做广播：批大小必须相等（torch.matmul 会广播）。"
        "显示为 ? 的大小在错误信息中没有给出。"
    ),
    "messages.torch_einsum": (
        "torch.einsum：下标 {l} 在较早的操作数中大小为 {b}，在第 {op} 个操作数中为 {a}；"
        "大小必须相等（或者在 einsum 会广播的地方为 1）。"
    ),
    "messages.torch_indexing": (
        "高级（花式）索引的各个索引张量形状为 {listed}，它们必须能相互广播。"
        "错误信息里没有被索引张量的形状。"
    ),
    "messages.torch_value_tensor": (
        "把形状为 {a} 的值赋给了形状为 {b} 的选取结果（x[index] = value、x[mask] = value）："
        "值必须能广播到那个形状，而那个形状永远不会被拉伸。"
    ),
    # -- JAX
    "messages.jax_broadcast_shapes": (
        "JAX 无法把形状 {listed} 相互广播（某个 jax.numpy 运算、jnp.broadcast_shapes 或 "
        "broadcast_arrays，或者高级索引）。它没有说是哪个函数或哪个轴。"
    ),
    "messages.jax_rank_promotion": (
        "JAX 拒绝在 {f} 中广播 {listed}，因为它们的轴数不同，而 jax_numpy_rank_promotion 为 "
        "'raise'。NumPy 会在较短的形状前面补 1；JAX 要求把这一步写出来（x[None, :]、"
        "jnp.expand_dims），或者把该选项设为 'allow'。"
    ),
    "messages.jax_lax_broadcast": (
        "JAX 的 {f} 作用于 {listed}：同一个轴上的大小必须相等或为 1，而且这个 lax 层的运算不会补上"
        "缺少的轴。它来自 jax.lax.{f}、jax.numpy（例如有大小为 0 的轴时），或者来自 jax.vmap 内部，"
        "那里的形状是单个样本的形状。"
    ),
    "messages.jax_broadcast_to": (
        "形状为 {s} 的数组不能广播到 {t}（jnp.broadcast_to，或 x.at[...].set(value)）："
        "只有大小为 1 的轴，以及前面缺少的轴，才能被拉伸。"
    ),
    "messages.jax_dot_general": (
        "JAX 的矩阵乘法（jnp.matmul、@、jnp.dot、lax.dot_general）：{w} 维必须相等，"
        "但左边是 {a}，右边是 {b}。错误信息里只有这些维，没有操作数的完整形状。"
    ),
    "messages.jax_matmul": (
        "jnp.matmul 作用于 {a} 和 {b}：批（前导）轴，即除最后两个以外的轴，不能广播。"
    ),
    "messages.jax_einsum": (
        "jnp.einsum：标签 '{l}' 在之前的项中大小为 {b}，在第 {op} 个操作数中为 {a}；"
        "大小必须相等（或者在 einsum 会广播的地方为 1）。"
    ),
    "messages.jax_vecdot": (
        "jnp.vecdot 作用于 {a} 和 {b}：求和的轴（axis={ax}）在两者中的大小必须相同。"
    ),
    "messages.jax_vectorize": (
        "jnp.vectorize(signature=...)：核心维度 '{d}' 在较早的参数中是 {old}，"
        "在较后的参数中是 {new}；错误信息没有说是哪些参数。"
    ),
    # -- bcast
    "messages.bcast_broadcast": "bcast 发现 {listed} 不能广播：axis {ax} 冲突。",
    "messages.bcast_broadcast_to": "bcast 发现 {s} 不能广播到 {t}。",
    "messages.bcast_core": "bcast 发现签名 {signature} 的核心维度 {dimension} 被绑定为不同的大小。",
    "messages.bcast_core_partial": "错误信息中没有提到的操作数只显示其核心轴，记作 ?。",
    "messages.bcast_core_ndim": (
        "bcast 发现第 {i} 个操作数（形状 {s}）的轴太少，不够签名 {sig} 中它的核心维度（{c}）。"
    ),
    "messages.bcast_guard": "bcast 的形状检查要求 {argument} 符合 {spec}，但它的形状是 {shape}。",
    "messages.bcast_guard_why": (
        "bcast 的形状检查要求 {argument} 符合 {spec}，但它的形状是 {shape}：{why}"
    ),
    # -- TensorFlow and Keras
    "messages.tf_incompatible": (
        "TensorFlow 无法把 {a} 与 {b} 广播（某个逐元素运算、损失或指标）。它没有说是哪个轴；"
        "显示为 ? 的大小要到计算图运行时才知道。"
    ),
    "messages.tf_graph": (
        "TensorFlow 计算图中的运算 {op}：某个轴在一个输入中是 {x}，在另一个中是 {y}，"
        "两者都不是 1。? 是只有在图运行时才知道的大小（通常是批大小）。"
    ),
    "messages.tf_graph_matmul": (
        "TensorFlow 计算图中的矩阵乘法（MatMul、Dense 层）：第一个输入的列数（{x}）必须等于"
        "第二个输入的行数（{y}）。这不是广播。"
    ),
    "messages.tf_matmul": (
        "TensorFlow 中的矩阵乘法（tf.matmul、@、Dense 层）作用于 {a} 和 {b}："
        "第一个的列数必须等于第二个的行数。这不是广播。"
    ),
    "messages.tf_shapes_incompatible": (
        "TensorFlow 要求 {a} 和 {b} 形状相同（None 是尚不知道的大小）：通常是损失函数的标签和预测，"
        "例如 one-hot 标签的类别数与最后一层的单元数不同。"
    ),
    "messages.tf_required_broadcastable": (
        "TensorFlow 的某个逐元素运算得到的输入形状不能相互广播；这条信息没有给出形状。"
    ),
    "messages.tf_broadcast_to": (
        "TensorFlow 的 BroadcastTo：形状为 {s} 的张量不能广播到 {t}：只有大小为 1 的轴，"
        "以及前面缺少的轴，才能被拉伸。? 是只有在图运行时才知道的大小。"
    ),
    "messages.tf_dimension_in_both": (
        "TensorFlow 要求 {a} 和 {b} 形状相同（例如赋值，把保存的权重加载到大小不同的层中）；"
        "axis {i} 不同：{x} 和 {y}。这不是广播。"
    ),
    "messages.cupy_failed": "CuPy（9.4 之前）无法把某些数组相互广播；这条信息没有给出形状。",
    "messages.keras_same_shape": (
        "Keras 的损失函数得到的目标形状为 {t}，输出形状为 {o}：两者必须形状相同（None 是尚不知道的批大小）。"
        "通常是标签的编码与最后一层不符：one-hot 标签的类别数不同，或者对分类交叉熵使用了整数标签。"
    ),
    "messages.keras_merge": (
        "Keras 的合并层（Add、Multiply、Average 等）得到的输入形状为 {listed}（不含批轴）；"
        "它们必须能相互广播。"
    ),
    # -- TensorFlow.js, PaddlePaddle, MXNet, Dask
    "messages.tfjs_broadcast": "TensorFlow.js 无法广播形状 {a} 和 {b}（它打印形状时不带括号）。",
    "messages.paddle_broadcast": "PaddlePaddle 的逐元素运算无法把形状为 {x} 的 X 与形状为 {y} 的 Y 广播。",
    "messages.paddle_old": "PaddlePaddle 的逐元素运算无法广播它的输入 X 和 Y。这条信息没有给出形状。",
    "messages.mxnet_broadcast": "MXNet 的广播运算无法广播形状 {listed}。",
    "messages.dask_broadcast": (
        "Dask 无法广播形状 {listed}；显示为 ? 的大小（信息中的 nan）要到数组计算出来才知道。"
    ),
    "messages.dask_broadcast_to": (
        "Dask 不能把形状为 {s} 的数组广播到 {t}；显示为 ? 的大小（信息中的 nan）要到数组计算出来才知道"
        "（x.compute_chunk_sizes() 可以求出它）。"
    ),
}
