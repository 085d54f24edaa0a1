#!/usr/bin/python3
"""Writes the tiny weight-file fixtures in the real layouts of Keras 1, Keras 3 and Caffe (seeded, so
every run writes the same files). From the repository root:

    /usr/bin/python3 scripts/reference/make_weight_format_fixtures.py

Needs python3-h5py, numpy and python3-protobuf. Outputs, under test/fixtures/:
  tiny-vgg19-keras1.h5        VGG19 as Keras 1 wrote the official file: root attribute layer_names only (no
                              backend/keras_version), one group per layer, flat datasets block1_conv1/block1_conv1_W_1:0
                              and .../block1_conv1_b_1:0 (W listed first), empty weight_names on input and pools.
                              All 16 convolutions, the values of tiny-vgg19.h5.
  tiny-vgg16-keras1.h5        VGG16 in the same Keras 1 layout (the official VGG16 notop file's: 13 convolutions,
                              block3_conv3 the last of block 3). The VGG16 values of tiny-vgg16.keras.
  tiny-vgg19.weights.h5       VGG19 as Keras 3 model.save_weights() writes it: layers/conv2d/vars/0 (kernel) and /1
                              (bias), conv2d_1 ... conv2d_15 in model order, with input_layer, max_pooling2d* and
                              top-level vars groups. The values of tiny-vgg19.h5.
  tiny-vgg16.keras            a Keras 3 .keras zip (config.json, metadata.json, model.weights.h5) of a model that
                              nests a VGG16 (layers/functional/layers/conv2d/...) under a flatten + dense head.
                              Seeded VGG16 values (widths 4, 6, 8, 8, 8).
  tiny-vgg19-v1.caffemodel    VGG19 in Caffe's V1 layout (NetParameter.layers, type enum), blob data UNPACKED, legacy
                              num/channels/height/width shapes, kernels OIHW; data input, ReLU, pooling layers and an
                              fc6 InnerProduct with its blobs. The values of tiny-vgg19.h5.
  tiny-vgg16.caffemodel       VGG16 in Caffe's newer layout (NetParameter.layer, type strings), packed data,
                              shape.dim, plus an fc6 InnerProduct. The VGG16 values of tiny-vgg16.keras.
"""
import io
import json
import os
import zipfile

import h5py
import numpy as np

from caffe_pb import V1_CONVOLUTION, V1_INNER_PRODUCT, V1_POOLING, V1_RELU, caffe_classes
from weight_files import VGG_BLOCK_SIZES, read_keras_h5, vgg_names

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
FIXTURES = os.path.join(ROOT, 'test', 'fixtures')
SEED = 20261207
WIDTHS = (4, 6, 8, 8, 8)
FC_OUT = 5


def vgg16_weights(rng):
    """Seeded He-initialised VGG16 kernels [3,3,in,out] and N(0, 2) biases, float32."""
    weights, cin = {}, 3
    for name in vgg_names(13):
        cout = WIDTHS[int(name[4]) - 1]
        kernel = rng.normal(0.0, np.sqrt(2.0 / (9 * cin)), size=(3, 3, cin, cout)).astype(np.float32)
        weights[name] = (kernel, rng.normal(0.0, 2.0, size=(cout,)).astype(np.float32))
        cin = cout
    return weights


def keras_name(name):
    return f'block{name[4]}_conv{name[6]}'


def write_keras1(path, weights):
    names = ['input_1']
    for block, size in enumerate(VGG_BLOCK_SIZES[len(weights)], start=1):
        names += [f'block{block}_conv{conv}' for conv in range(1, size + 1)] + [f'block{block}_pool']
    by_keras = {keras_name(n): w for n, w in weights.items()}
    with h5py.File(path, 'w') as f:
        f.attrs['layer_names'] = np.array([n.encode() for n in names])
        for layer in names:
            group = f.create_group(layer)
            if layer not in by_keras:
                group.attrs['weight_names'] = np.asarray([])
                continue
            kernel, bias = by_keras[layer]
            weight_names = [f'{layer}_W_1:0', f'{layer}_b_1:0']
            group.attrs['weight_names'] = np.array([n.encode() for n in weight_names])
            group.create_dataset(weight_names[0], data=kernel)
            group.create_dataset(weight_names[1], data=bias)


def keras3_vgg_layers(layers, weights):
    """Fills a Keras 3 `layers` group with a VGG functional model's layers, named by class in model order."""
    layers.create_group('input_layer').create_group('vars')
    names = vgg_names(len(weights))
    pools = 0
    for index, name in enumerate(names):
        kernel, bias = weights[name]
        variables = layers.create_group('conv2d' if index == 0 else f'conv2d_{index}').create_group('vars')
        variables.create_dataset('0', data=kernel)
        variables.create_dataset('1', data=bias)
        if index + 1 == len(names) or names[index + 1][4] != name[4]:
            layers.create_group('max_pooling2d' if pools == 0 else f'max_pooling2d_{pools}').create_group('vars')
            pools += 1


def write_keras3_weights(target, weights, head_rng=None):
    with h5py.File(target, 'w') as f:
        f.create_group('vars')
        layers = f.create_group('layers')
        if head_rng is None:
            keras3_vgg_layers(layers, weights)
            return
        layers.create_group('input_layer').create_group('vars')
        nested = layers.create_group('functional')
        nested.create_group('vars')
        keras3_vgg_layers(nested.create_group('layers'), weights)
        layers.create_group('flatten').create_group('vars')
        dense = layers.create_group('dense').create_group('vars')
        dense.create_dataset('0', data=head_rng.normal(0, 0.1, size=(WIDTHS[-1], FC_OUT)).astype(np.float32))
        dense.create_dataset('1', data=np.zeros(FC_OUT, dtype=np.float32))
        f.create_group('optimizer').create_group('vars')


def write_keras_archive(path, weights, rng):
    buffer = io.BytesIO()
    write_keras3_weights(buffer, weights, head_rng=rng)
    config = {'module': 'keras.src.models.functional', 'class_name': 'Functional', 'config': {'name': 'tiny_vgg16_classifier', 'layers': [
        {'class_name': 'InputLayer', 'config': {'name': 'input_layer'}},
        {'class_name': 'Functional', 'config': {'name': 'vgg16'}},
        {'class_name': 'Flatten', 'config': {'name': 'flatten'}},
        {'class_name': 'Dense', 'config': {'name': 'dense', 'units': FC_OUT}}]}}
    metadata = {'keras_version': '3.6.0', 'date_saved': '2026-12-07@00:00:00'}
    with zipfile.ZipFile(path, 'w', compression=zipfile.ZIP_STORED) as archive:
        for name, data in (('metadata.json', json.dumps(metadata)), ('config.json', json.dumps(config)), ('model.weights.h5', buffer.getvalue())):
            info = zipfile.ZipInfo(name, date_time=(2026, 12, 7, 0, 0, 0))  # fixed time: the same bytes on every run
            archive.writestr(info, data)


def fill_blob(blob, array, legacy):
    if legacy:
        shape = [1] * (4 - array.ndim) + list(array.shape)
        blob.num, blob.channels, blob.height, blob.width = shape
    else:
        blob.shape.dim.extend(array.shape)
    blob.data.extend(array.reshape(-1).tolist())


def caffe_layers(weights, rng):
    """[(name, kind, bottom, top, blobs)] of a VGG deploy net: conv + relu per convolution, a pool per block, fc6."""
    names = vgg_names(len(weights))
    layers, bottom = [], 'data'
    for index, name in enumerate(names):
        kernel, bias = weights[name]
        layers.append((name, 'conv', bottom, name, [kernel.transpose(3, 2, 0, 1), bias]))  # [3,3,in,out] -> OIHW
        layers.append((f'relu{name[4:]}', 'relu', name, name, []))
        bottom = name
        if index + 1 == len(names) or names[index + 1][4] != name[4]:
            layers.append((f'pool{name[4]}', 'pool', bottom, f'pool{name[4]}', []))
            bottom = f'pool{name[4]}'
    fc = [rng.normal(0, 0.1, size=(FC_OUT, WIDTHS[-1])).astype(np.float32), np.zeros(FC_OUT, dtype=np.float32)]
    layers.append(('fc6', 'fc', bottom, 'fc6', fc))
    return layers


def write_caffe_v1(path, weights, rng):
    net = caffe_classes(packed=False)(name='VGG_ILSVRC_19_layers_tiny')
    net.input.append('data')
    net.input_dim.extend([10, 3, 224, 224])
    types = {'conv': V1_CONVOLUTION, 'relu': V1_RELU, 'pool': V1_POOLING, 'fc': V1_INNER_PRODUCT}
    for name, kind, bottom, top, blobs in caffe_layers(weights, rng):
        layer = net.layers.add(name=name, type=types[kind])
        layer.bottom.append(bottom)
        layer.top.append(top)
        for array in blobs:
            fill_blob(layer.blobs.add(), array, legacy=True)
    with open(path, 'wb') as handle:
        handle.write(net.SerializeToString())


def write_caffe_v2(path, weights, rng):
    net = caffe_classes(packed=True)(name='VGG_ILSVRC_16_layers_tiny')
    input_layer = net.layer.add(name='input', type='Input')
    input_layer.top.append('data')
    types = {'conv': 'Convolution', 'relu': 'ReLU', 'pool': 'Pooling', 'fc': 'InnerProduct'}
    for name, kind, bottom, top, blobs in caffe_layers(weights, rng):
        layer = net.layer.add(name=name, type=types[kind])
        layer.bottom.append(bottom)
        layer.top.append(top)
        for array in blobs:
            fill_blob(layer.blobs.add(), array, legacy=False)
    with open(path, 'wb') as handle:
        handle.write(net.SerializeToString())


def main():
    rng = np.random.default_rng(SEED)
    vgg19 = read_keras_h5(os.path.join(FIXTURES, 'tiny-vgg19.h5'))
    vgg16 = vgg16_weights(rng)
    write_keras1(os.path.join(FIXTURES, 'tiny-vgg19-keras1.h5'), vgg19)
    write_keras1(os.path.join(FIXTURES, 'tiny-vgg16-keras1.h5'), vgg16)
    write_keras3_weights(os.path.join(FIXTURES, 'tiny-vgg19.weights.h5'), vgg19)
    write_keras_archive(os.path.join(FIXTURES, 'tiny-vgg16.keras'), vgg16, rng)
    write_caffe_v1(os.path.join(FIXTURES, 'tiny-vgg19-v1.caffemodel'), vgg19, rng)
    write_caffe_v2(os.path.join(FIXTURES, 'tiny-vgg16.caffemodel'), vgg16, rng)


if __name__ == '__main__':
    main()
