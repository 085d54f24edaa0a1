"""Python readers of the VGG weight files Painterly reads, for the fixture scripts and the references:
each returns {'conv1_1': (kernel [3,3,in,out] float32, bias [out] float32), ...} in forward order,
read with the format's own Python library (h5py, zipfile, python3-protobuf), not with Painterly's code.

  Keras 1/2 .h5      groups block{b}_conv{i}, datasets named in each group's weight_names attribute
  Keras 3 .weights.h5 and .keras  layers/conv2d/vars/{0,1}, conv2d_1, ... in model order (nested models
                     under layers/<name>/layers/...); a .keras file is a zip holding model.weights.h5
  Caffe .caffemodel  NetParameter (V1 `layers` or `layer`), convolution blobs OIHW -> [3,3,in,out]
"""
import io
import json
import re
import struct
import zipfile

import h5py
import numpy as np

VGG_BLOCK_SIZES = {13: (2, 2, 3, 3, 3), 16: (2, 2, 4, 4, 4)}


def vgg_names(count):
    """conv1_1 ... for a VGG with `count` convolutions (13 or 16)."""
    return [f'conv{block}_{conv}' for block, size in enumerate(VGG_BLOCK_SIZES[count], start=1) for conv in range(1, size + 1)]


def read_weights(path):
    """Dispatches on the file name: .caffemodel, .keras, .weights.h5 (Keras 3), other .h5 (Keras 1/2)."""
    if path.endswith('.caffemodel'):
        return read_caffemodel(path)
    if path.endswith('.keras'):
        with zipfile.ZipFile(path) as archive:
            return read_keras3_h5(io.BytesIO(archive.read('model.weights.h5')))
    if path.endswith('.weights.h5'):
        return read_keras3_h5(path)
    return read_keras_h5(path)


def read_keras_h5(path):
    layers = {}
    with h5py.File(path, 'r') as f:
        for block in range(1, 6):
            for conv in range(1, 5):
                group_name = f'block{block}_conv{conv}'
                if group_name not in f:
                    continue
                group = f[group_name]
                arrays = [np.asarray(group[n.decode() if isinstance(n, bytes) else n]) for n in group.attrs['weight_names']]
                layers[f'conv{block}_{conv}'] = (next(a for a in arrays if a.ndim == 4), next(a for a in arrays if a.ndim == 1))
    return layers


def _numbered(name):
    match = re.fullmatch(r'conv2d(?:_(\d+))?', name)
    return None if match is None else int(match.group(1) or 0)


def _keras3_convs(group):
    """[(kernel, bias)] of a Keras 3 `layers` group in model order, descending into one nested model."""
    convs = sorted((_numbered(n), n) for n in group.keys() if _numbered(n) is not None)
    if convs:
        return [(np.asarray(group[n]['vars']['0']), np.asarray(group[n]['vars']['1'])) for _, n in convs]
    nested = [n for n in group.keys() if 'layers' in group[n]]
    assert len(nested) == 1, f'expected one nested model in {group.name}, found {nested}'
    return _keras3_convs(group[nested[0]]['layers'])


def read_keras3_h5(source):
    with h5py.File(source, 'r') as f:
        convs = _keras3_convs(f['layers'])
    return dict(zip(vgg_names(len(convs)), convs))


def read_caffemodel(path):
    from caffe_pb import V1_CONVOLUTION, caffe_classes  # python3-protobuf, only for Caffe files

    net = caffe_classes(packed=True)()
    with open(path, 'rb') as handle:
        net.ParseFromString(handle.read())
    layers = [l for l in net.layers if l.type == V1_CONVOLUTION] + [l for l in net.layer if l.type == 'Convolution']
    convs = []
    for layer in layers:
        weight, bias = layer.blobs
        shape = list(weight.shape.dim) or [weight.num, weight.channels, weight.height, weight.width]
        kernel = np.asarray(weight.data, dtype=np.float32).reshape(shape).transpose(2, 3, 1, 0)
        convs.append((np.ascontiguousarray(kernel), np.asarray(bias.data, dtype=np.float32)))
    return dict(zip(vgg_names(len(convs)), convs))


def read_safetensors(path):
    """{key: float32 array} of a safetensors file, read with numpy from the header's offsets (the safetensors
    package is not in Debian): u64 LE header length, a JSON header, raw little-endian data."""
    with open(path, 'rb') as f:
        raw = f.read()
    (length,) = struct.unpack('<Q', raw[:8])
    header = json.loads(raw[8:8 + length])
    base = 8 + length
    return {key: np.frombuffer(raw[base + spec['data_offsets'][0]:base + spec['data_offsets'][1]], dtype='<f4').reshape(spec['shape'])
            for key, spec in header.items() if key != '__metadata__'}
