#!/usr/bin/python3
"""Independent numpy (float64) reference for Painterly's fast-style networks.

    /usr/bin/python3 scripts/reference/fast_style_reference.py          # from the repository root

Writes, under test/fixtures/:
  fast-input-33x29.png      a deterministic 33 (wide) x 29 (high) 8-bit RGB pattern (minimal PNG writer below)
  fast-udnie-golden.json    the udnie network's outputs: {"preset", "input", "layout", "cases": [{"name",
                            "crop": [left, top, width, height] of the input image, "shape": [1, 3, H, W],
                            "output": NCHW RGB 0-255 rounded to 3 decimals}]} for the whole 33x29 image
                            (odd sizes: SAME pads 1/1 at the stride-2 convs) and its top-left 28x20 crop
                            (even sizes: SAME pads 0/1)

Reads the udnie preset from ../shared/models/fast-style/udnie (relative to the repository root).
Written from the architecture in ../shared/models/fast-style/README.md, not from the TypeScript engine;
it shares no code with it. Needs only numpy.
  * 16 layers: conv 9x9/1 (3->32), conv 3x3/2 (32->64), conv 3x3/2 (64->128), 5 residual blocks of two
    3x3/1 convs (128->128, ReLU after the first, input added after the second), transposed conv 3x3/2
    (128->64), transposed conv 3x3/2 (64->32), conv 9x9/1 (32->3).
  * Layer k: filter Variable_{3k} ([kh,kw,in,out], transposed: [kh,kw,out,in]), no bias; then instance norm
    scale*(x-mean)/sqrt(var+1e-3)+shift with shift Variable_{3k+1}, scale Variable_{3k+2}; ReLU on all but
    the residual second convs and the last layer.
  * TensorFlow 'SAME' zero padding (odd extra pixel bottom/right); conv2d_transpose is the adjoint of the
    SAME conv from (2h, 2w) down to (h, w).
  * Output 150*tanh(x)+127.5, clipped to 0..255, cropped to the input size. Input: RGB 0..255.
"""
import json
import os

import numpy as np

from png_io import write_png

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
PRESET_DIR = os.path.normpath(os.path.join(ROOT, '..', 'shared', 'models', 'fast-style', 'udnie'))
FIXTURES = os.path.join(ROOT, 'test', 'fixtures')
WIDTH, HEIGHT = 33, 29
EPSILON = 1e-3


def load_preset(directory):
    """{name: float64 array in the manifest's shape} from manifest.json and raw little-endian float32 files."""
    with open(os.path.join(directory, 'manifest.json')) as f:
        manifest = json.load(f)
    tensors = {}
    for name, entry in manifest.items():
        data = np.fromfile(os.path.join(directory, entry['filename']), dtype='<f4')
        tensors[name] = data.reshape(entry['shape']).astype(np.float64)
    return tensors


def variable(tensors, n):
    return tensors['Variable' if n == 0 else f'Variable_{n}']


def same_pads(size, kernel, stride):
    """TensorFlow SAME padding along one axis: (before, after), the odd pixel after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def conv2d_same(x, w, stride):
    """x [H,W,Cin], w [kh,kw,Cin,Cout] -> [ceil(H/s), ceil(W/s), Cout], cross-correlation, SAME zero padding."""
    h, wd, _ = x.shape
    kh, kw, _, cout = w.shape
    (top, bottom), (left, right) = same_pads(h, kh, stride), same_pads(wd, kw, stride)
    padded = np.pad(x, ((top, bottom), (left, right), (0, 0)))
    oh, ow = -(-h // stride), -(-wd // stride)
    out = np.zeros((oh, ow, cout))
    for dy in range(kh):
        for dx in range(kw):
            patch = padded[dy:dy + stride * (oh - 1) + 1:stride, dx:dx + stride * (ow - 1) + 1:stride, :]
            out += patch @ w[dy, dx]
    return out


def conv2d_transpose_same(x, w, stride):
    """x [h,w,Cin], w [kh,kw,Cout,Cin] -> [s*h, s*w, Cout]: the adjoint (gradient w.r.t. its input) of
    conv2d_same(y, w, stride) for y of shape [s*h, s*w, Cout]; written as the scatter of that conv."""
    h, wd, _ = x.shape
    kh, kw, cout, _ = w.shape
    oh, ow = stride * h, stride * wd
    (top, bottom), (left, right) = same_pads(oh, kh, stride), same_pads(ow, kw, stride)
    padded = np.zeros((oh + top + bottom, ow + left + right, cout))
    for dy in range(kh):
        for dx in range(kw):
            padded[dy:dy + stride * (h - 1) + 1:stride, dx:dx + stride * (wd - 1) + 1:stride, :] += x @ w[dy, dx].T
    return padded[top:top + oh, left:left + ow, :]


def instance_norm(x, shift, scale):
    mean = x.mean(axis=(0, 1), keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=(0, 1), keepdims=True)
    return scale * (x - mean) / np.sqrt(variance + EPSILON) + shift


def layer(tensors, k, x, stride=1, relu=True, transpose=False):
    w = variable(tensors, 3 * k)
    y = conv2d_transpose_same(x, w, stride) if transpose else conv2d_same(x, w, stride)
    y = instance_norm(y, variable(tensors, 3 * k + 1), variable(tensors, 3 * k + 2))
    return np.maximum(y, 0) if relu else y


def network(tensors, image_hwc):
    """The transformer network on an RGB 0..255 image [H,W,3]; returns RGB 0..255 [H,W,3]."""
    x = layer(tensors, 0, image_hwc)
    x = layer(tensors, 1, x, stride=2)
    x = layer(tensors, 2, x, stride=2)
    for block in range(5):
        a = layer(tensors, 3 + 2 * block, x)
        x = x + layer(tensors, 4 + 2 * block, a, relu=False)
    x = layer(tensors, 13, x, stride=2, transpose=True)
    x = layer(tensors, 14, x, stride=2, transpose=True)
    x = layer(tensors, 15, x, relu=False)
    out = np.clip(150.0 * np.tanh(x) + 127.5, 0.0, 255.0)
    return out[:image_hwc.shape[0], :image_hwc.shape[1], :]


def pattern(width, height):
    """A deterministic RGB pattern with smooth gradients, a hard edge and a diagonal stripe, uint8 [H,W,3]."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    red = 128 + 100 * np.sin(x / 4.0 + y / 7.0)
    green = 255 * x / (width - 1) * (y < height * 0.6) + 40
    blue = np.where((x + 2 * y) % 11 < 4, 230, 30) + 10 * np.cos(y)
    return np.clip(np.round(np.stack([red, green, blue], axis=-1)), 0, 255).astype(np.uint8)


CASES = (('whole', (0, 0, WIDTH, HEIGHT)), ('even-crop', (0, 0, 28, 20)))


def main():
    image = pattern(WIDTH, HEIGHT)
    input_name = f'fast-input-{WIDTH}x{HEIGHT}.png'
    write_png(os.path.join(FIXTURES, input_name), image)
    tensors = load_preset(PRESET_DIR)
    cases = []
    for name, (left, top, width, height) in CASES:
        output = network(tensors, image[top:top + height, left:left + width].astype(np.float64))
        nchw = np.transpose(output, (2, 0, 1))
        cases.append({
            'name': name,
            'crop': [left, top, width, height],
            'shape': [1, 3, height, width],
            'output': [round(float(v), 3) for v in nchw.reshape(-1)],
        })
        print(f'{name}: {width}x{height} output, range {nchw.min():.3f}..{nchw.max():.3f}, mean {nchw.mean():.3f}')
    golden = {'preset': 'udnie', 'input': input_name, 'layout': 'NCHW, RGB planes, 0-255, row-major', 'cases': cases}
    with open(os.path.join(FIXTURES, 'fast-udnie-golden.json'), 'w') as f:
        json.dump(golden, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
