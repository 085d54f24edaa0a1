#!/usr/bin/python3
"""Writes Painterly's tiny PyTorch and safetensors VGG19 fixtures (seeded, so every run writes the same files).

    /usr/bin/python3 scripts/reference/make_torch_fixtures.py          # from the repository root

Outputs, under test/fixtures/ (tiny widths 4, 6, 8, 8, 8 per block, as tiny-vgg19.h5):
  tiny-vgg19-nspt-legacy.pth   neural-style-pt's layout (features.N.weight|bias, classifier.*), written by
                               torch.save(..., _use_new_zipfile_serialization=False): the legacy format of
                               vgg19-d01eb7cb.pth. Every bias is a view at an offset into one shared storage.
  tiny-vgg19-torchvision.pth   torchvision's layout in the zip format (archive/data.pkl + archive/data/<key>);
                               features.0.weight is stored transposed (a non-contiguous view: strides matter).
  tiny-vgg19.safetensors       the same layout as a safetensors file (8-byte header length, JSON header, raw
                               little-endian data), written by hand: the safetensors package is not installed.
  tiny-vgg16-torchvision.pth   torchvision's VGG16 layout (13 convolutions: features.0 … features.28) in the zip format.
  malicious-os-system.pth      a zip-format "state dict" whose pickle REDUCEs posix.system (what os.system pickles
                               as) to create a marker file: readers must refuse it without running anything.
  malicious-os-system-legacy.pth   the same in the legacy format.
  torch-weights-expected.json  per file and key: shape and SHA-256 of the float32 little-endian bytes torch.load
                               gives (C order), for the bit-identity test.

The classifier is tiny too (3 linear layers on 8 features): readers must skip it.
"""
import collections
import hashlib
import json
import os
import struct

import numpy as np
import torch

from weight_files import read_safetensors  # read back independently of the writer's bookkeeping

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
FIXTURES = os.path.join(ROOT, 'test', 'fixtures')
BLOCK_WIDTHS = (4, 6, 8, 8, 8)
VGG19_CONVS = (2, 2, 4, 4, 4)
VGG16_CONVS = (2, 2, 3, 3, 3)
# The path the malicious pickles would create if anything executed them (tests check it never appears).
MARKER = '/tmp/painterly-pickle-executed'


def features_layout(convs_per_block):
    """[(features index, in, out)] of the convs in torchvision's VGG19 or VGG16 `features` (conv, ReLU, …, pool)."""
    layers, index, cin = [], 0, 3
    for block, count in enumerate(convs_per_block):
        for _ in range(count):
            layers.append((index, cin, BLOCK_WIDTHS[block]))
            cin = BLOCK_WIDTHS[block]
            index += 2  # conv, ReLU
        index += 1  # pool
    return layers


def state_dict(seed, odd_views, convs_per_block=VGG19_CONVS):
    """An OrderedDict like torchvision's vgg19().state_dict() (or vgg16's), tiny, float32."""
    rng = np.random.default_rng(seed)
    tensors = collections.OrderedDict()
    convs = features_layout(convs_per_block)
    shared_bias = torch.from_numpy(rng.normal(0.0, 2.0, size=(7 + sum(c for _, _, c in convs),)).astype(np.float32))
    offset = 7
    for index, cin, cout in convs:
        kernel = torch.from_numpy(rng.normal(0.0, np.sqrt(2.0 / (9 * cin)), size=(cout, cin, 3, 3)).astype(np.float32))
        if odd_views == 'transposed' and index == 0:
            kernel = kernel.permute(3, 2, 1, 0).contiguous().permute(3, 2, 1, 0)  # same values, strides reversed
            assert not kernel.is_contiguous()
        tensors[f'features.{index}.weight'] = kernel
        if odd_views == 'shared-bias':
            tensors[f'features.{index}.bias'] = shared_bias[offset:offset + cout]
            offset += cout
        else:
            tensors[f'features.{index}.bias'] = torch.from_numpy(rng.normal(0.0, 2.0, size=(cout,)).astype(np.float32))
    for index, (cin, cout) in ((0, (8, 6)), (3, (6, 6)), (6, (6, 5))):
        tensors[f'classifier.{index}.weight'] = torch.from_numpy(rng.normal(size=(cout, cin)).astype(np.float32))
        tensors[f'classifier.{index}.bias'] = torch.from_numpy(rng.normal(size=(cout,)).astype(np.float32))
    tensors._metadata = collections.OrderedDict((key.rsplit('.', 1)[0], {'version': 1}) for key in tensors)
    return tensors


def write_safetensors(path, tensors):
    """The safetensors format: u64 LE header length, a JSON header (padded with spaces to 8 bytes), raw data."""
    header, chunks, offset = {'__metadata__': {'format': 'pt'}}, [], 0
    for key, tensor in tensors.items():
        data = tensor.contiguous().numpy().astype('<f4').tobytes()
        header[key] = {'dtype': 'F32', 'shape': list(tensor.shape), 'data_offsets': [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(',', ':')).encode('utf8')
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + b''.join(chunks))


class SystemCall:
    """Pickles as posix.system(command): exactly what a booby-trapped checkpoint does."""
    def __reduce__(self):
        return (os.system, (f'touch {MARKER}',))


def describe(arrays):
    return {key: {'shape': list(value.shape), 'sha256': hashlib.sha256(np.ascontiguousarray(value, dtype='<f4').tobytes()).hexdigest(),
                  'first': float(np.asarray(value, dtype=np.float32).reshape(-1)[0])}
            for key, value in arrays.items()}


def main():
    torch.manual_seed(0)
    files = {
        'tiny-vgg19-nspt-legacy.pth': (state_dict(20261207, 'shared-bias'), False),
        'tiny-vgg19-torchvision.pth': (state_dict(20261208, 'transposed'), True),
        'tiny-vgg16-torchvision.pth': (state_dict(20261210, None, VGG16_CONVS), True),
    }
    expected = {}
    for name, (tensors, zip_format) in files.items():
        path = os.path.join(FIXTURES, name)
        torch.save(tensors, path, _use_new_zipfile_serialization=zip_format)
        loaded = torch.load(path)  # what torch itself reads from the file
        expected[name] = describe({key: value.numpy() for key, value in loaded.items()})
    safetensors_path = os.path.join(FIXTURES, 'tiny-vgg19.safetensors')
    write_safetensors(safetensors_path, state_dict(20261209, None))
    expected['tiny-vgg19.safetensors'] = describe(read_safetensors(safetensors_path))
    trap = collections.OrderedDict([('features.0.weight', torch.zeros(4, 3, 3, 3)), ('features.0.bias', SystemCall())])
    torch.save(trap, os.path.join(FIXTURES, 'malicious-os-system.pth'))
    torch.save(trap, os.path.join(FIXTURES, 'malicious-os-system-legacy.pth'), _use_new_zipfile_serialization=False)
    with open(os.path.join(FIXTURES, 'torch-weights-expected.json'), 'w') as f:
        json.dump({'generator': 'scripts/reference/make_torch_fixtures.py (torch.load / numpy)', 'torchVersion': torch.__version__,
                   'marker': MARKER, 'files': expected}, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
