#!/usr/bin/python3
"""Writes Painterly's tiny test fixtures (seeded, so every run writes the same files).

    /usr/bin/python3 scripts/reference/make_fixtures.py          # from the repository root

Outputs, under test/fixtures/:
  tiny-vgg19.h5         Keras-layout VGG19 "notop" weights for all 16 conv layers, tiny widths
                        (4, 6, 8, 8, 8 channels per block), new-style names (block1_conv1/kernel:0).
  tiny-vgg19-legacy.h5  the first three conv layers with the same values, old Keras-1 names
                        (block1_conv1_W_1:0 / block1_conv1_b_1:0) and the bias listed FIRST in weight_names.
  content-32x24.png, style-24x24.png, style2-20x28.png, generated-32x24.png  smooth seeded RGB images
                        (generated = content + seeded noise), 8-bit, written by the minimal PNG writer below.

It prints (stdout) a few exact weight values that test/vgg-h5.test.ts embeds as expected literals.
Needs only h5py and numpy (no PIL).
"""
import json
import os

import h5py
import numpy as np

from png_io import write_png

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
FIXTURES = os.path.join(ROOT, 'test', 'fixtures')
SEED = 20240601
BLOCK_WIDTHS = (4, 6, 8, 8, 8)
CONVS_PER_BLOCK = (2, 2, 4, 4, 4)
LEGACY_LAYERS = ('block1_conv1', 'block1_conv2', 'block2_conv1')


def conv_layers():
    """[(keras_name, in_channels, out_channels)] for the 16 VGG19 conv layers, in order."""
    layers, in_channels = [], 3
    for block, count in enumerate(CONVS_PER_BLOCK, start=1):
        for conv in range(1, count + 1):
            out_channels = BLOCK_WIDTHS[block - 1]
            layers.append((f'block{block}_conv{conv}', in_channels, out_channels))
            in_channels = out_channels
    return layers


def make_weights(rng):
    """He-initialised kernels [3,3,in,out] and small nonzero biases, float32."""
    weights = {}
    for name, cin, cout in conv_layers():
        kernel = rng.normal(0.0, np.sqrt(2.0 / (9 * cin)), size=(3, 3, cin, cout)).astype(np.float32)
        bias = rng.normal(0.0, 2.0, size=(cout,)).astype(np.float32)
        weights[name] = (kernel, bias)
    return weights


def notop_layer_names():
    """Layer names as Keras lists them for VGG19 notop: input, convs and pools."""
    names = ['input_1']
    for block, count in enumerate(CONVS_PER_BLOCK, start=1):
        names += [f'block{block}_conv{conv}' for conv in range(1, count + 1)] + [f'block{block}_pool']
    return names


def write_keras_h5(path, weights):
    """Writes weights the way Keras 2 `model.save_weights(..., save_format='h5')` does."""
    with h5py.File(path, 'w') as f:
        layer_names = notop_layer_names()
        f.attrs['layer_names'] = np.array([n.encode('utf8') for n in layer_names])
        f.attrs['backend'] = b'tensorflow'
        f.attrs['keras_version'] = b'2.2.4'
        for layer in layer_names:
            group = f.create_group(layer)
            if layer not in weights:
                group.attrs['weight_names'] = np.asarray([])  # what Keras writes for weightless layers
                continue
            kernel, bias = weights[layer]
            names = [f'{layer}/kernel:0', f'{layer}/bias:0']
            group.attrs['weight_names'] = np.array([n.encode('utf8') for n in names])
            group.create_dataset(names[0], data=kernel)
            group.create_dataset(names[1], data=bias)


def write_legacy_h5(path, weights):
    """Old Keras-1 spelling (`_W_1:0`, `_b_1:0`), datasets directly in the layer group, bias listed first."""
    with h5py.File(path, 'w') as f:
        f.attrs['layer_names'] = np.array([n.encode('utf8') for n in LEGACY_LAYERS])
        for layer in LEGACY_LAYERS:
            kernel, bias = weights[layer]
            group = f.create_group(layer)
            names = [f'{layer}_b_1:0', f'{layer}_W_1:0']
            group.attrs['weight_names'] = np.array([n.encode('utf8') for n in names])
            group.create_dataset(names[0], data=bias)
            group.create_dataset(names[1], data=kernel)


def smooth_image(rng, height, width):
    """A smooth, random-ish RGB pattern: a few seeded sinusoids and a ramp per channel, 8-bit."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    channels = []
    for _ in range(3):
        value = rng.normal(0, 0.3) * (x / width) + rng.normal(0, 0.3) * (y / height)
        for _ in range(3):
            fy, fx = rng.uniform(0.5, 3.0, size=2) * 2 * np.pi
            value += rng.uniform(0.3, 1.0) * np.sin(fx * x / width + fy * y / height + rng.uniform(0, 2 * np.pi))
        value += rng.normal(0, 0.05, size=value.shape)
        low, high = value.min(), value.max()
        channels.append(15 + 225 * (value - low) / (high - low))
    return np.clip(np.rint(np.stack(channels, axis=-1)), 0, 255).astype(np.uint8)


def expected_values(weights):
    """Exact float32 values (as float64 literals) the TypeScript test checks against."""
    def flat(a):
        return [float(v) for v in a.reshape(-1)]
    k11, b11 = weights['block1_conv1']
    k21, b21 = weights['block2_conv1']
    k54, b54 = weights['block5_conv4']
    return {
        'conv1_1': {'kernelFirst4': flat(k11)[:4], 'kernelLast': flat(k11)[-1], 'bias': flat(b11),
                    'kernel_0_1_2_3': float(k11[0, 1, 2, 3])},
        'conv2_1': {'kernelFirst4': flat(k21)[:4], 'bias': flat(b21)},
        'conv5_4': {'kernelSum': float(k54.astype(np.float64).sum()), 'kernelLast': flat(k54)[-1], 'bias': flat(b54)},
    }


def main():
    os.makedirs(FIXTURES, exist_ok=True)
    rng = np.random.default_rng(SEED)
    weights = make_weights(rng)
    write_keras_h5(os.path.join(FIXTURES, 'tiny-vgg19.h5'), weights)
    write_legacy_h5(os.path.join(FIXTURES, 'tiny-vgg19-legacy.h5'), weights)
    content = smooth_image(rng, 24, 32)
    write_png(os.path.join(FIXTURES, 'content-32x24.png'), content)
    write_png(os.path.join(FIXTURES, 'style-24x24.png'), smooth_image(rng, 24, 24))
    write_png(os.path.join(FIXTURES, 'style2-20x28.png'), smooth_image(rng, 28, 20))
    noise = rng.normal(0, 12, size=content.shape)
    generated = np.clip(np.rint(content.astype(np.float64) + noise), 0, 255).astype(np.uint8)
    write_png(os.path.join(FIXTURES, 'generated-32x24.png'), generated)
    print(json.dumps(expected_values(weights), indent=2))


if __name__ == '__main__':
    main()
