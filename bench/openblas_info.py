#!/usr/bin/python3
"""Which OpenBLAS build and kernels run: openblas_config() for this process (PyTorch's side of the benchmarks),
`openblas_info.py LIBRARY` for another library (ours, loaded here with the same environment, so it picks the
same kernels as in the benchmark's JVM)."""
import ctypes
import sys


def library_config(path):
    """OpenBLAS's own description of the library at path (version, build flags, kernels in use), or None."""
    try:
        get = ctypes.CDLL(path).openblas_get_config
    except (OSError, AttributeError):
        return None
    get.restype = ctypes.c_char_p
    return get().decode()


def openblas_path():
    """The path of the OpenBLAS library this process has loaded, or None."""
    with open("/proc/self/maps") as maps:
        libs = sorted({line.split()[-1] for line in maps if "libopenblas" in line})
    for path in libs:
        if library_config(path):
            return path
    return None


def openblas_config():
    """The description of the OpenBLAS this process has loaded."""
    path = openblas_path()
    if path:
        return library_config(path)
    return ("no OpenBLAS loaded: PyTorch runs on another BLAS (the reference one unless libopenblas0-pthread is"
            " installed), so its matmul figures are not the peer the benchmarks mean")


if __name__ == "__main__":
    print(library_config(sys.argv[1]) or "unknown")
