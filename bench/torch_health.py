#!/usr/bin/python3
"""What the PyTorch speed reference runs on, for `npm run bench` (one JSON line on stdout).

    /usr/bin/python3 bench/torch_health.py THREADS

threads: torch.get_num_threads() after torch.set_num_threads(THREADS), as bench/torch_reference.py sets it;
cpuCapability: torch.backends.cpu.get_cpu_capability() (torch >= 2.0), else the "CPU capability usage" line of
torch.__config__.show(); blas: BLAS_INFO of the build; blasLibrary: the BLAS shared library mapped into this process
(Debian's `generic` build links whatever libblas.so.3 the alternatives system points at: netlib's reference BLAS,
OpenBLAS, BLIS …); openblasEnv: OPENBLAS_* variables this process sees (the bench unsets the two below);
matmulGflops: a 1024×1024 float32 matmul, the BLAS path of the reference's Gram matrices.
"""
import json
import os
import re
import sys
import time

import torch


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    torch.set_num_threads(threads)
    config = torch.__config__.show()
    capability_of = getattr(getattr(torch.backends, 'cpu', None), 'get_cpu_capability', None)
    if capability_of:
        capability = capability_of()
    else:
        match = re.search(r'CPU capability usage: (\S+)', config)
        capability = match.group(1) if match else 'unknown'
    blas = re.search(r'BLAS_INFO=([^,\s]+)', config)
    a = torch.randn(1024, 1024)
    b = torch.randn(1024, 1024)
    torch.mm(a, b)
    start = time.perf_counter()
    repeats = 5
    for _ in range(repeats):
        torch.mm(a, b)
    seconds = (time.perf_counter() - start) / repeats
    with open('/proc/self/maps', encoding='utf8') as maps:
        libraries = sorted({line.split()[-1] for line in maps if re.search(r'blas|blis|mkl_rt|nvpl', line.split()[-1], re.I)})
    print(json.dumps({
        'torchVersion': torch.__version__,
        'threads': torch.get_num_threads(),
        'cpuCapability': capability,
        'blas': blas.group(1) if blas else 'unknown',
        'blasLibrary': [os.path.realpath(path) for path in libraries],
        'mkldnn': torch.backends.mkldnn.is_available(),
        'openblasEnv': {key: value for key, value in os.environ.items() if key.startswith('OPENBLAS_')},
        'matmulGflops': round(2 * 1024 ** 3 / seconds / 1e9, 2),
    }))


if __name__ == '__main__':
    main()
