#!/usr/bin/python3
"""PyTorch CPU speed reference for `npm run bench`: Gatys optimisation with a seeded random full-size VGG19.

    /usr/bin/python3 bench/torch_reference.py SIZE_PX ITERATIONS [THREADS] [--pooling avg|max] [--warmup N]
    → {"sizePx": 128, "iterations": 5, "secondsPerIteration": 0.05, "threads": 4}   (one JSON line on stdout)
    /usr/bin/python3 bench/torch_reference.py SIZE_PX ITERATIONS [THREADS] --network darknet-tiny [--weights MODEL_JSON]
    → {"sizePx": 256, "iterations": 5, "secondsPerIteration": 0.05, "threads": 4, "network": "darknet-tiny"}

Same costs as scripts/reference/gatys_reference.py (content conv4_2; style conv1_1 … conv5_1 with weight 0.2;
TV; BGR mean-subtracted input), in float32 on the CPU. The network is VGG19 with standard widths
(64, 128, 256, 512, 512), He-initialised from a fixed seed, evaluated only as deep as conv5_1 (deeper layers
do not affect the costs). Images are square SIZE_PX x SIZE_PX seeded noise; the generated image starts at the
content image. One iteration = forward + backward (autograd) + Adam step (lr 2) + clamp to 0–255.
WARMUP iterations (default 2) run first and are not timed; secondsPerIteration averages the ITERATIONS timed ones.

--network darknet-tiny: the same costs, optimiser and timing on the real Tiny Darknet weights
(../shared/models/darknet/tiny/model.json, read by scripts/reference/darknet_reference.py) with the Darknet
defaults: input RGB / 255, content conv10, style conv1, conv2, conv4, conv8, conv12 (0.2 each), activations after
BN + LeakyReLU(0.1), 2x2/2 `same` pools after conv1, conv2, conv6, conv10 (max by default, as trained; --pooling avg
excludes padded cells), run only as deep as conv12. For speed each BatchNorm is folded into its convolution
(w' = w gamma / sqrt(var + eps), b' = beta - mean gamma / sqrt(var + eps)); the float64 golden applies it explicitly.
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

SEED = 1234
BLOCK_WIDTHS = (64, 128, 256, 512, 512)
CONVS_PER_BLOCK = (2, 2, 4, 4, 4)
BGR_MEAN = (103.939, 116.779, 123.68)
CONTENT_LAYER = 'conv4_2'
STYLE_LAYERS = ('conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1')
STYLE_LAYER_WEIGHT = 0.2
DEEPEST = 'conv5_1'
ALPHA, BETA, GAMMA = 10.0, 40.0, 1e-3
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
DARKNET_WEIGHTS = '../shared/models/darknet/tiny/model.json'
DARKNET_CONTENT_LAYER = 'conv10'
DARKNET_STYLE_LAYERS = ('conv1', 'conv2', 'conv4', 'conv8', 'conv12')
DARKNET_DEEPEST = 'conv12'


def random_vgg19(generator):
    """[(name, weight [out,in,3,3], bias [out])] in network order up to conv5_1, He-initialised."""
    layers, in_channels = [], 3
    for block, count in enumerate(CONVS_PER_BLOCK, start=1):
        for conv in range(1, count + 1):
            out_channels = BLOCK_WIDTHS[block - 1]
            std = (2.0 / (9 * in_channels)) ** 0.5
            weight = torch.randn(out_channels, in_channels, 3, 3, generator=generator) * std
            layers.append((f'conv{block}_{conv}', weight, torch.zeros(out_channels)))
            in_channels = out_channels
            if f'conv{block}_{conv}' == DEEPEST:
                return layers
    return layers


def activations(layers, rgb, pooling):
    """Post-ReLU activations by layer name, from an RGB 0-255 image [1,3,H,W]."""
    x = rgb.flip(1) - torch.tensor(BGR_MEAN).view(1, 3, 1, 1)
    out = {}
    for name, weight, bias in layers:
        if name.endswith('_1') and name != 'conv1_1':
            x = F.avg_pool2d(x, 2, 2) if pooling == 'avg' else F.max_pool2d(x, 2, 2)
        x = torch.relu(F.conv2d(x, weight, bias, padding=1))
        out[name] = x
    return out


def folded_darknet(weights_path):
    """[('conv', name, weight, bias, alpha) | ('pool',)] float32 up to conv12, each BatchNorm folded into its conv."""
    sys.path.insert(0, os.path.join(ROOT, 'scripts', 'reference'))
    from darknet_reference import load_darknet
    steps = []
    for step in load_darknet(weights_path if os.path.isabs(weights_path) else os.path.join(ROOT, weights_path)):
        if step[0] == 'pool':
            steps.append(('pool',))
            continue
        if step[0] != 'conv':
            break
        _, name, weight, bias, bn, alpha = step
        gamma, beta, mean, var, eps = bn
        scale = gamma / torch.sqrt(var + eps)
        steps.append(('conv', name, (weight * scale.view(-1, 1, 1, 1)).float(), (beta - mean * scale).float(), alpha))
        if name == DARKNET_DEEPEST:
            break
    return steps


def darknet_activations(steps, rgb, pooling):
    """Activations (after BN + LeakyReLU) by layer name, from an RGB 0-255 image [1,3,H,W]."""
    x, out = rgb / 255.0, {}
    for step in steps:
        if step[0] == 'pool':
            pad = (0, x.shape[3] % 2, 0, x.shape[2] % 2)  # `same`: odd sizes padded at the bottom/right
            if pooling == 'max':
                x = F.max_pool2d(F.pad(x, pad, value=-float('inf')), 2, 2)
            else:
                ones = F.pad(torch.ones(1, 1, x.shape[2], x.shape[3]), pad)
                x = F.avg_pool2d(F.pad(x, pad), 2, 2) / F.avg_pool2d(ones, 2, 2)
            continue
        _, name, weight, bias, alpha = step
        x = F.leaky_relu(F.conv2d(x, weight, bias, padding=weight.shape[2] // 2), alpha)
        out[name] = x
    return out


def gram(activation):
    a = activation[0].reshape(activation.shape[1], -1)  # nC x (nH nW)
    return a @ a.t()


def total_cost(acts, content_target, style_targets, rgb, content_layer=CONTENT_LAYER, style_layers=STYLE_LAYERS):
    a = acts[content_layer]
    _, c, h, w = a.shape
    content = ((a - content_target) ** 2).sum() / (4 * h * w * c)
    style = 0.0
    for name in style_layers:
        a = acts[name]
        _, c, h, w = a.shape
        style = style + STYLE_LAYER_WEIGHT * ((gram(a) - style_targets[name]) ** 2).sum() / (2 * h * w * c) ** 2
    _, _, height, width = rgb.shape
    tv = (((rgb[:, :, 1:, :] - rgb[:, :, :-1, :]) ** 2).sum() + ((rgb[:, :, :, 1:] - rgb[:, :, :, :-1]) ** 2).sum()) / (height * width * 3)
    return ALPHA * content + BETA * style + GAMMA * tv


def main():
    parser = argparse.ArgumentParser(description='PyTorch CPU Gatys speed reference')
    parser.add_argument('size_px', type=int)
    parser.add_argument('iterations', type=int)
    parser.add_argument('threads', type=int, nargs='?', default=os.cpu_count())
    parser.add_argument('--pooling', choices=('avg', 'max'), help='default: avg for vgg19, max for darknet-tiny')
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--network', choices=('vgg19', 'darknet-tiny'), default='vgg19')
    parser.add_argument('--weights', default=DARKNET_WEIGHTS, help='darknet-tiny model.json (relative to the repository root)')
    args = parser.parse_args()
    darknet = args.network == 'darknet-tiny'
    if args.size_px < 16 or args.iterations < 1 or args.threads < 1:
        parser.error('expected SIZE_PX >= 16 (VGG pools four times before conv5_1), ITERATIONS >= 1, THREADS >= 1')
    pooling = args.pooling or ('max' if darknet else 'avg')
    torch.set_num_threads(args.threads)
    torch.set_default_dtype(torch.float32)
    generator = torch.Generator().manual_seed(SEED)
    if darknet:
        steps = folded_darknet(args.weights)
        content_layer, style_layers = DARKNET_CONTENT_LAYER, DARKNET_STYLE_LAYERS
        network = lambda rgb: darknet_activations(steps, rgb, pooling)  # noqa: E731
    else:
        layers = random_vgg19(generator)
        content_layer, style_layers = CONTENT_LAYER, STYLE_LAYERS
        network = lambda rgb: activations(layers, rgb, pooling)  # noqa: E731
    shape = (1, 3, args.size_px, args.size_px)
    content = torch.rand(shape, generator=generator) * 255
    style = torch.rand(shape, generator=generator) * 255
    with torch.no_grad():
        content_target = network(content)[content_layer]
        style_acts = network(style)
        style_targets = {name: gram(style_acts[name]) for name in style_layers}
    generated = content.clone().requires_grad_(True)
    optimizer = torch.optim.Adam([generated], lr=2.0)

    def step():
        optimizer.zero_grad(set_to_none=True)
        cost = total_cost(network(generated), content_target, style_targets, generated, content_layer, style_layers)
        cost.backward()
        optimizer.step()
        with torch.no_grad():
            generated.clamp_(0, 255)

    for _ in range(args.warmup):  # not timed
        step()
    start = time.perf_counter()
    for _ in range(args.iterations):
        step()
    seconds = (time.perf_counter() - start) / args.iterations
    result = {'sizePx': args.size_px, 'iterations': args.iterations, 'secondsPerIteration': seconds, 'threads': args.threads}
    print(json.dumps({**result, 'network': args.network} if darknet else result))


if __name__ == '__main__':
    main()
