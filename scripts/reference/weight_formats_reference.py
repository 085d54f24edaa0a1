#!/usr/bin/python3
"""The weight-format golden: what the Python libraries read from each weight-file fixture, and the Gatys
iteration-0 costs of the independent PyTorch reference (gatys_reference.py) on each file. From the
repository root:

    /usr/bin/python3 scripts/reference/weight_formats_reference.py > test/fixtures/weight-formats-golden.json

Per file: `network` (vgg16 | vgg19 by its convolution count) and, per layer, the kernel's shape [3,3,in,out]
and the SHA-256 of its float32 little-endian bytes in that row-major layout, and the bias's, so that a
reader's tensors can be compared bit for bit. Then one golden case per file (schema of gatys-golden.json)
with neural-style's layers: content conv4_2, style conv1_1 ... conv5_1 (present in VGG16 and VGG19).
Needs python3-h5py, python3-protobuf, numpy and python3-torch.
"""
import hashlib
import json
import sys

import numpy as np
import torch

import gatys_reference
from gatys_reference import evaluate, make_case, resolve
from weight_files import read_weights

FILES = (
    'test/fixtures/tiny-vgg19-keras1.h5',
    'test/fixtures/tiny-vgg19.weights.h5',
    'test/fixtures/tiny-vgg19-v1.caffemodel',
    'test/fixtures/tiny-vgg16.caffemodel',
    'test/fixtures/tiny-vgg16.keras',
    'test/fixtures/tiny-vgg16-keras1.h5',
)
# Alternating poolings, one style and balanced weights (each term's gradient of similar size, as in gatys-golden.json).
CASE = dict(generated='test/fixtures/generated-32x24.png', styles=[('test/fixtures/style-24x24.png', 1)], alpha=1000.0, beta=0.5, gamma=200.0)


def sha256(array):
    return hashlib.sha256(np.ascontiguousarray(array, dtype='<f4').tobytes()).hexdigest()


def describe(path):
    weights = read_weights(resolve(path))
    return {
        'network': {13: 'vgg16', 16: 'vgg19'}[len(weights)],
        'layers': {name: {'kernelShape': list(kernel.shape), 'kernelSha256': sha256(kernel), 'biasSha256': sha256(bias),
                          'kernelFirst': float(kernel.reshape(-1)[0]), 'biasLast': float(bias[-1])}
                   for name, (kernel, bias) in weights.items()},
    }


def main():
    torch.set_default_dtype(torch.float64)
    cases = []
    for index, path in enumerate(FILES):
        pooling = 'max' if index % 2 == 0 else 'avg'
        case = make_case(f'{path.rsplit("/", 1)[1]}-{pooling}', CASE['generated'], CASE['styles'], pooling,
                         alpha=CASE['alpha'], beta=CASE['beta'], gamma=CASE['gamma'], weights=path)
        case['outputs'] = evaluate(case['inputs'])
        cases.append(case)
    json.dump({
        'generator': 'scripts/reference/weight_formats_reference.py (h5py, zipfile, python3-protobuf; PyTorch float64 costs)',
        'torchVersion': torch.__version__,
        'files': {path: describe(path) for path in FILES},
        'gradientLayout': '[c, y, x] of the RGB 0-255 image (batch dimension dropped)',
        'cases': cases,
    }, sys.stdout, indent=2)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
