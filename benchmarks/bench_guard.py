"""What a shape guard costs per call: bcast.shaped against its peers.

The overhead of a guard is its time per call minus the unguarded function's,
measured in the same round.  Every configuration is timed side by side in one
process, in interleaved rounds; each round keeps the best of five short
timings of each variant (a context switch only ever slows a timing down), and
the script prints medians over the rounds.  The body returns a precomputed
result of the right shape, so that the checks are all that is timed.

Configurations: 1, 3 and 8 checked arguments (``X``; ``w, b, X`` as in the
course's ``propagate``; and five more arrays), with and without a return
spec, ``b`` a Python float (spec ``()``) or a ``(1, 1)`` array, on NumPy and,
when it is installed, PyTorch.  Each guard gets the same information: shapes
and a float dtype for arrays (``"float: n_x, m"``, ``Float[np.ndarray, "n_x
m"]``, ``check_shapes``' shapes — it has no dtype), ``float`` for the scalar.

Other processes may share the machine: read the ratios, measured side by
side, not the absolute times.

Run::

    python benchmarks/bench_guard.py            # 9 rounds
    python benchmarks/bench_guard.py --rounds 3 # quicker
"""

# No ``from __future__ import annotations`` here: jaxtyping's annotations must
# be real objects, or beartype cannot resolve them and checks nothing.
import argparse
import os
import statistics
import timeit

# One BLAS thread: a second thread waiting for a busy core makes timings jump.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402 - after the thread settings
from beartype import beartype  # noqa: E402
from check_shapes import check_shapes  # noqa: E402
from jaxtyping import Float, jaxtyped  # noqa: E402

import bcast  # noqa: E402

# name: (bcast spec, jaxtyping dims, check_shapes dims, shape)
ARRAYS = {
    "w": ("n_x, 1", "n_x 1", "[n_x, 1]", ("n_x", 1)),
    "X": ("n_x, m", "n_x m", "[n_x, m]", ("n_x", "m")),
    "Y": ("1, m", "1 m", "[1, m]", (1, "m")),
    "mu": ("n_x, 1", "n_x 1", "[n_x, 1]", ("n_x", 1)),
    "sd": ("n_x, 1", "n_x 1", "[n_x, 1]", ("n_x", 1)),
    "mask": ("1, m", "1 m", "[1, m]", (1, "m")),
    "A": ("n_x, n_x", "n_x n_x", "[n_x, n_x]", ("n_x", "n_x")),
}
PARAMETERS = {
    1: ["X"],
    3: ["w", "b", "X"],
    8: ["w", "b", "X", "Y", "mu", "sd", "mask", "A"],
}


def build(array_type, names, b_kind, returns, result):
    """The variants for one configuration, as source compiled here."""
    params = ", ".join(names)
    specs, jt, cs = {}, {}, []
    for name in names:
        if name == "b" and b_kind == "float":
            specs[name], jt[name] = "float: ()", "float"
            cs.append("b: []")
        elif name == "b":
            specs[name], jt[name] = "float: 1, 1", 'Float[Array, "1 1"]'
            cs.append("b: [1, 1]")
        else:
            spec, dims, shapes, _ = ARRAYS[name]
            specs[name], jt[name] = f"float: {spec}", f'Float[Array, "{dims}"]'
            cs.append(f"{name}: {shapes}")
    if returns:
        cs.append("return: [1, m]")
    annotated = ", ".join(f"{n}: {jt[n]}" for n in names)
    ret = ' -> Float[Array, "1 m"]' if returns else ""
    source = f"def jaxtyping_fn({annotated}){ret}:\n    return RESULT\n"
    scope = {"Float": Float, "Array": array_type, "RESULT": result}
    exec(source, scope)
    jaxtyping_fn = jaxtyped(typechecker=beartype)(scope["jaxtyping_fn"])
    exec(f"def unchecked({params}):\n    return RESULT\n", scope)
    unchecked = scope["unchecked"]
    return_spec = "float: 1, m" if returns else None
    guarded = bcast.shaped(returns=return_spec, **specs)(unchecked)
    check_shapes_fn = check_shapes(*cs)(unchecked)
    return {
        "unchecked": unchecked,
        "bcast": guarded,
        "jaxtyping+beartype": jaxtyping_fn,
        "check_shapes": check_shapes_fn,
    }


def values(make, names, b_kind, n_x=4, m=8):
    sizes = {"n_x": n_x, "m": m}
    out = []
    for name in names:
        if name == "b":
            out.append(0.5 if b_kind == "float" else make((1, 1)))
        else:
            shape = tuple(sizes.get(d, d) for d in ARRAYS[name][3])
            out.append(make(shape))
    return tuple(out)


def time_per_call(fn, args, number, repeat=5):
    best = min(timeit.repeat(lambda: fn(*args), number=number, repeat=repeat))
    return best / number


def check_all_reject(fns, args, names):
    """Every guard refuses a wrong X, so nothing is timed that checks nothing."""
    k = names.index("X")
    bad = list(args)
    bad[k] = np.zeros((args[k].shape[0] + 1, args[k].shape[1] + 1), dtype=args[k].dtype)
    if len(names) == 1:
        bad[k] = np.zeros((5,), dtype=args[k].dtype)  # one argument: the rank
    for name, fn in fns.items():
        if name == "unchecked":
            continue
        try:
            fn(*bad)
        except Exception:
            continue
        raise AssertionError(f"{name} accepted a wrong X")


def configurations(libraries):
    for library, array_type, make in libraries:
        for k in (1, 3, 8):
            for returns in (False, True):
                for b_kind in ("float", "(1,1)") if "b" in PARAMETERS[k] else ("-",):
                    yield library, array_type, make, k, returns, b_kind


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    rounds = parser.parse_args().rounds
    libraries = [("numpy", np.ndarray, lambda s: np.zeros(s))]
    try:
        import torch
    except ImportError:
        print("torch: not installed, its configurations are skipped")
    else:
        libraries.append(("torch", torch.Tensor, lambda s: torch.zeros(s)))
    print(
        f"bcast {bcast.__version__}, numpy {np.__version__}; {rounds} interleaved "
        "rounds, medians; overhead per call over the unguarded function, µs"
    )
    print("(a shared machine: compare the ratios, measured side by side)\n")
    setups = []
    for library, array_type, make, k, returns, b_kind in configurations(libraries):
        names = PARAMETERS[k]
        result = make((1, 8))
        fns = build(array_type, names, b_kind, returns, result)
        args = values(make, names, b_kind)
        for fn in fns.values():
            fn(*args)  # all accept the right arguments
        check_all_reject(fns, args, names)
        setups.append(((library, k, returns, b_kind), fns, args))
    excess = {
        key: {name: [] for name in fns if name != "unchecked"} for key, fns, _ in setups
    }
    for _ in range(rounds):
        for key, fns, args in setups:
            base = time_per_call(fns["unchecked"], args, 2000)
            for name, fn in fns.items():
                if name != "unchecked":
                    number = 2000 if name == "bcast" else 300
                    excess[key][name].append(time_per_call(fn, args, number) - base)
    header = (
        f"{'library':<7} {'specs':>5} {'return':>6} {'b':>6} | {'bcast':>7} "
        f"{'jaxtyping':>10} {'check_sh.':>10} | {'bcast/jaxt':>11} {'bcast/cs':>9}"
    )
    print(header)
    print("-" * len(header))
    for (library, k, returns, b_kind), _, _ in setups:
        med = {
            n: statistics.median(v) * 1e6
            for n, v in excess[(library, k, returns, b_kind)].items()
        }
        jt = med["bcast"] / med["jaxtyping+beartype"]
        cs = med["bcast"] / med["check_shapes"]
        print(
            f"{library:<7} {k:>5} {'yes' if returns else 'no':>6} {b_kind:>6} | "
            f"{med['bcast']:7.2f} {med['jaxtyping+beartype']:10.1f} {med['check_shapes']:10.1f} | "
            f"  1/{1 / jt:<7.0f}   1/{1 / cs:<5.0f}"
        )
    head = ("numpy", 3, True, "float")
    med = {n: statistics.median(v) * 1e6 for n, v in excess[head].items()}
    print(
        f"\nheadline: numpy, 3 specs + return spec, b a Python float: bcast "
        f"{med['bcast']:.2f} µs, 1/{med['jaxtyping+beartype'] / med['bcast']:.0f} of "
        f"jaxtyping+beartype, 1/{med['check_shapes'] / med['bcast']:.0f} of check_shapes"
    )


if __name__ == "__main__":
    main()
