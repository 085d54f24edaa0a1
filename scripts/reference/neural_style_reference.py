#!/usr/bin/python3
"""Float64 re-implementation of jcjohnson/neural-style's loss modules, written from their definitions, for
checking that `--recipe neural-style` reproduces its objective.

    /usr/bin/python3 scripts/reference/neural_style_reference.py > test/fixtures/neural-style-golden.json

The modules, as neural_style.lua defines them (read there, re-expressed here; no code taken):
  * ContentLoss(strength): E = strength * MSE(input, target), the mean over the C*H*W elements of the relu
    activation; strength = content_weight (default 5), at relu4_2.
  * StyleLoss(strength): G = Gram(input) / input:nElement() (C*H*W of that activation); the target is the same
    normalised Gram of each style image (its own C*H*W), blended by the style blend weights;
    E = strength * MSE(G, target), the mean over the C*C elements; strength = style_weight (default 100) at
    relu1_1, relu2_1, relu3_1, relu4_1, relu5_1.
  * TVLoss(strength): sends back strength * (the gradient of 1/2 * sum over i < H-1, j < W-1, c of
    (x[c,i,j] - x[c,i,j+1])^2 + (x[c,i,j] - x[c,i+1,j])^2), i.e. the energy below; tv_weight default 1e-3.
  * The network is VGG19 with max pooling (neural-style's default `-pooling max`) on the Caffe input: BGR with
    the ImageNet mean subtracted. neural-style also multiplies the 0-1 image by 256 before that; here pixels are
    on 0-255 (Painterly's scale), the one inexact part of the reproduction, so both sides see the same numbers.
The VGG forward pass is gatys_reference.py's (same Keras-format weights); the fixture's widths are tiny
(4, 6, 8, 8, 8), so the recipe's per-layer weights are derived for those channels (the formula, not VGG19's
numbers): beta * lambda_l = 4 * style_weight / C_l^2, alpha = 4 * content_weight.
Output: per case the energy split (content, style, tv), the total, and the gradient w.r.t. the RGB 0-255 image at
interior positions (away from the border row/column where neural-style's TV leaves terms out).
"""
import json
import sys

import torch

from gatys_reference import gram, image_tensor, load_weights, vgg_activations

CONTENT_WEIGHT = 5.0
STYLE_WEIGHT = 100.0
TV_WEIGHT = 1e-3
CONTENT_LAYER = 'conv4_2'
STYLE_LAYERS = ('conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1')
INTERIOR = ((0, 5, 7), (1, 12, 16), (2, 20, 25), (0, 9, 3), (2, 3, 28), (1, 17, 11))


def normalised_gram(activation):
    return gram(activation) / activation.numel()


def neural_style_energy(case):
    weights = load_weights(case['weights'])
    content = image_tensor(case['content'])
    generated = image_tensor(case['generated']).requires_grad_(True)
    total_blend = sum(s['weight'] for s in case['styles'])
    targets = {}
    for style in case['styles']:
        acts = vgg_activations(weights, image_tensor(style['image']), STYLE_LAYERS, 'max')
        for layer in STYLE_LAYERS:
            part = normalised_gram(acts[layer]) * (style['weight'] / total_blend)
            targets[layer] = part if layer not in targets else targets[layer] + part
    content_target = vgg_activations(weights, content, [CONTENT_LAYER], 'max')[CONTENT_LAYER]
    acts = vgg_activations(weights, generated, [CONTENT_LAYER, *STYLE_LAYERS], 'max')
    e_content = CONTENT_WEIGHT * ((acts[CONTENT_LAYER] - content_target) ** 2).mean()
    e_style = sum(STYLE_WEIGHT * ((normalised_gram(acts[l]) - targets[l]) ** 2).mean() for l in STYLE_LAYERS)
    x = generated[0]
    dx = x[:, :-1, :-1] - x[:, :-1, 1:]
    dy = x[:, :-1, :-1] - x[:, 1:, :-1]
    e_tv = TV_WEIGHT * 0.5 * ((dx ** 2).sum() + (dy ** 2).sum())
    total = e_content + e_style + e_tv
    (grad,) = torch.autograd.grad(total, generated)
    channels = {l: acts[l].shape[1] for l in STYLE_LAYERS}
    return {
        'content': float(e_content), 'style': float(e_style), 'tv': float(e_tv), 'total': float(total),
        'gradientAt': [{'index': list(i), 'value': grad[0][i].item()} for i in INTERIOR],
        'gradientMaxAbs': grad.abs().max().item(),
        'styleChannels': channels,
    }


def make_case(name, generated, styles, content='test/fixtures/content-32x24.png'):
    return {'name': name, 'inputs': {'weights': 'test/fixtures/tiny-vgg19.h5', 'content': content, 'generated': generated,
                                     'styles': [{'image': image, 'weight': weight} for image, weight in styles],
                                     'contentWeight': CONTENT_WEIGHT, 'styleWeight': STYLE_WEIGHT, 'tvWeight': TV_WEIGHT}}


CASES = (
    make_case('one-style-24x24', 'test/fixtures/generated-32x24.png', [('test/fixtures/style-24x24.png', 1)]),
    make_case('one-style-20x28', 'test/fixtures/generated-32x24.png', [('test/fixtures/style2-20x28.png', 1)]),
    make_case('generated-is-content', 'test/fixtures/content-32x24.png', [('test/fixtures/style-24x24.png', 1)]),
)


def main():
    torch.set_default_dtype(torch.float64)
    cases = [{**case, 'outputs': neural_style_energy(case['inputs'])} for case in CASES]
    json.dump({'reference': 'scripts/reference/neural_style_reference.py (PyTorch float64)', 'cases': cases}, sys.stdout, indent=1)
    print()


if __name__ == '__main__':
    main()
