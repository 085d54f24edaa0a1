#!/usr/bin/python3
"""Independent PyTorch (float64) reference for Painterly's Gatys costs and their gradient.

    /usr/bin/python3 scripts/reference/gatys_reference.py > test/fixtures/gatys-golden.json     # the golden cases
    /usr/bin/python3 scripts/reference/gatys_reference.py --formats > test/fixtures/weights-formats-golden.json
    /usr/bin/python3 scripts/reference/gatys_reference.py --weights W.h5 --content C.png \\
        --generated G.png --style S1.png:3 --style S2.png:1 --pooling max --alpha 10 --beta 40 --gamma 1e-3

Written from the specification below, not from the TypeScript engine; it shares no code with it.
  * Image: RGB on 0-255, layout [1,3,H,W]; flipped to BGR and [103.939, 116.779, 123.68] (B,G,R) subtracted;
    gradients flow back to the RGB 0-255 image.
  * VGG19 (or VGG16) from a Keras HDF5 file (or Keras 3 / Caffe file, see weight_files.py): 3x3 convs (padding 1,
    stride 1) + ReLU; 2x2 stride-2 pooling (avg or max, floor for odd sizes) after each block. conv{b}_{i} is Keras
    block{b}_conv{i}; activations are after ReLU.
  * --formats: the same costs on the .pth / .safetensors fixtures (VGG19, and a VGG16 .pth) (read with torch.load and numpy), each with its
    own preprocessing: 'caffe' as above, or 'torchvision' = (RGB / 255 - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225].
  * J_content = sum_l sum (a_C - a_G)^2 / (4 nH nW nC), default layer conv4_2.
  * Gram G = A^T A, A the (nH nW) x nC activation matrix. When the style activation has a different number of
    positions than the generated one, the style Gram is multiplied by (nH_G nW_G) / (nH_S nW_S).
  * J_style^l = sum (G_S - G_G)^2 / (2 nH nW nC)^2 with the GENERATED activation's sizes;
    J_style(S) = sum_l lambda_l J_style^l over conv1_1, conv2_1, conv3_1, conv4_1, conv5_1 with lambda 0.2;
    several styles: J_style = sum_s w_s J_style(S_s) with the blend weights normalised to sum 1.
  * TV = [sum (x[i+1,j,c] - x[i,j,c])^2 + sum (x[i,j+1,c] - x[i,j,c])^2] / (H W 3) on the RGB 0-255 image.
  * J = alpha J_content + beta J_style + gamma TV.
See test/fixtures/README.md for the JSON schema.
"""
import argparse
import json
import os
import sys

import numpy as np

from png_io import read_png
import torch
from weight_files import read_safetensors, read_weights

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
BGR_MEAN = (103.939, 116.779, 123.68)
CONTENT_LAYERS = ('conv4_2',)
STYLE_LAYERS = (('conv1_1', 0.2), ('conv2_1', 0.2), ('conv3_1', 0.2), ('conv4_1', 0.2), ('conv5_1', 0.2))
GRADIENT_INDICES = ((0, 0, 0), (1, 12, 16), (2, 23, 31), (0, 5, 27), (2, 17, 3), (1, 23, 0))


def image_tensor(path):
    """[1,3,H,W] float64 RGB on 0-255."""
    return torch.from_numpy(read_png(resolve(path)).astype(np.float64)).permute(2, 0, 1).unsqueeze(0).contiguous()


# Convolutions per block: a torchvision-layout file with 13 convolutions is a VGG16, with 16 a VGG19.
CONVS_PER_BLOCK = {16: (2, 2, 4, 4, 4), 13: (2, 2, 3, 3, 3)}
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


def conv_names(count):
    return [f'conv{block}_{conv}' for block, convs in enumerate(CONVS_PER_BLOCK[count], start=1) for conv in range(1, convs + 1)]


def load_torch_layout(tensors):
    """torchvision's layout: the i-th features.N.weight (by N) is the i-th conv; classifier.* is not read."""
    indices = sorted(int(key.split('.')[1]) for key in tensors if key.startswith('features.') and key.endswith('.weight'))
    return {name: (torch.as_tensor(np.asarray(tensors[f'features.{index}.weight'], dtype=np.float64)),
                   torch.as_tensor(np.asarray(tensors[f'features.{index}.bias'], dtype=np.float64)))
            for name, index in zip(conv_names(len(indices)), indices)}


def load_weights(path):
    """{'conv1_1': (weight [out,in,3,3], bias [out])} float64: .pth with torch.load, .safetensors with numpy, every
    other format read by weight_files.py with the format's own library (h5py for Keras 1/2/3, .keras, .caffemodel)."""
    if path.endswith('.pth'):
        return load_torch_layout({key: value.numpy() for key, value in torch.load(resolve(path)).items()})
    if path.endswith('.safetensors'):
        return load_torch_layout(read_safetensors(resolve(path)))
    return {name: (torch.from_numpy(kernel.astype(np.float64)).permute(3, 2, 0, 1).contiguous(), torch.from_numpy(bias.astype(np.float64)))
            for name, (kernel, bias) in read_weights(resolve(path)).items()}


def vgg_activations(weights, rgb, wanted, pooling, preprocessing='caffe'):
    """Post-ReLU activations [1,C,h,w] for the wanted layers, running the network only as deep as needed."""
    if preprocessing == 'torchvision':
        mean = torch.tensor(IMAGENET_MEAN, dtype=torch.float64).view(1, 3, 1, 1)
        std = torch.tensor(IMAGENET_STD, dtype=torch.float64).view(1, 3, 1, 1)
        x = (rgb / 255.0 - mean) / std
    else:
        mean = torch.tensor(BGR_MEAN, dtype=torch.float64).view(1, 3, 1, 1)
        x = rgb.flip(1) - mean  # RGB -> BGR, then subtract the BGR mean
    out, remaining = {}, set(wanted)
    for block in range(1, 6):
        for conv in range(1, 1 + sum(1 for name in weights if name.startswith(f'conv{block}_'))):  # VGG19: 2-2-4-4-4, VGG16: 2-2-3-3-3
            name = f'conv{block}_{conv}'
            weight, bias = weights[name]
            x = torch.relu(torch.nn.functional.conv2d(x, weight, bias, stride=1, padding=1))
            if name in remaining:
                out[name] = x
                remaining.discard(name)
            if not remaining:
                return out
        x = torch.nn.functional.avg_pool2d(x, 2, 2) if pooling == 'avg' else torch.nn.functional.max_pool2d(x, 2, 2)
    return out


def gram(activation):
    channels = activation.shape[1]
    a = activation[0].reshape(channels, -1).t()  # (nH nW) x nC
    return a.t() @ a


def content_cost(a_content, a_generated):
    _, channels, height, width = a_generated.shape
    return ((a_content - a_generated) ** 2).sum() / (4 * height * width * channels)


def style_layer_cost(a_style, a_generated):
    _, channels, height, width = a_generated.shape
    style_gram = gram(a_style) * ((height * width) / (a_style.shape[2] * a_style.shape[3]))
    return ((style_gram - gram(a_generated)) ** 2).sum() / (2 * height * width * channels) ** 2


def tv_cost(rgb):
    _, _, height, width = rgb.shape
    down = ((rgb[:, :, 1:, :] - rgb[:, :, :-1, :]) ** 2).sum()
    right = ((rgb[:, :, :, 1:] - rgb[:, :, :, :-1]) ** 2).sum()
    return (down + right) / (height * width * 3)


def evaluate(case):
    """Costs, per-layer style costs and gradients for one case (inputs as in the golden JSON)."""
    weights = load_weights(case['weights'])
    pooling, style_layers = case['pooling'], [(s['layer'], s['weight']) for s in case['styleLayers']]
    preprocessing = case.get('preprocessing', 'caffe')
    blend_total = sum(s['weight'] for s in case['styles'])
    content_acts = vgg_activations(weights, image_tensor(case['content']), case['contentLayers'], pooling, preprocessing)
    style_acts = [(s['weight'] / blend_total, vgg_activations(weights, image_tensor(s['image']), [l for l, _ in style_layers], pooling, preprocessing))
                  for s in case['styles']]
    generated = image_tensor(case['generated']).requires_grad_(True)
    acts = vgg_activations(weights, generated, list(case['contentLayers']) + [l for l, _ in style_layers], pooling, preprocessing)
    j_content = sum(content_cost(content_acts[l], acts[l]) for l in case['contentLayers'])
    by_layer = {l: sum(w * style_layer_cost(a[l], acts[l]) for w, a in style_acts) for l, _ in style_layers}
    j_style = sum(lam * by_layer[l] for l, lam in style_layers)
    j_tv = tv_cost(generated)
    total = case['alpha'] * j_content + case['beta'] * j_style + case['gamma'] * j_tv
    term_norms = {}
    for name, term in (('content', j_content), ('style', j_style), ('tv', j_tv)):
        (grad,) = torch.autograd.grad(term, generated, retain_graph=True)
        term_norms[name] = grad.norm().item()
    (grad,) = torch.autograd.grad(total, generated)
    grad = grad[0]
    return {
        'content': float(j_content), 'style': float(j_style), 'tv': float(j_tv), 'total': float(total),
        'styleByLayer': {l: float(v) for l, v in by_layer.items()},
        'gradient': {
            'l2Norm': grad.norm().item(), 'sum': grad.sum().item(), 'maxAbs': grad.abs().max().item(),
            'at': [{'index': list(i), 'value': grad[i].item()} for i in GRADIENT_INDICES
                   if i[1] < grad.shape[1] and i[2] < grad.shape[2]],
        },
        'termGradientL2Norms': term_norms,
    }


def make_case(name, generated, styles, pooling, content='test/fixtures/content-32x24.png', alpha=10.0, beta=40.0, gamma=1e-3,
              weights='test/fixtures/tiny-vgg19.h5'):
    return {'name': name, 'inputs': {
        'weights': weights, 'content': content, 'generated': generated,
        'styles': [{'image': image, 'weight': weight} for image, weight in styles], 'pooling': pooling,
        'contentLayers': list(CONTENT_LAYERS), 'styleLayers': [{'layer': l, 'weight': w} for l, w in STYLE_LAYERS],
        'alpha': alpha, 'beta': beta, 'gamma': gamma}}


# Case 1 uses typical weights (style dominates); the others pick alpha, beta, gamma so that the three weighted
# terms contribute gradients of similar size, so a wrong term shows in the total gradient too.
GOLDEN_CASES = (
    make_case('avg-one-style', 'test/fixtures/generated-32x24.png', [('test/fixtures/style-24x24.png', 1)], 'avg'),
    make_case('max-one-style-balanced', 'test/fixtures/generated-32x24.png', [('test/fixtures/style-24x24.png', 1)], 'max',
              alpha=1000.0, beta=0.5, gamma=200.0),
    make_case('avg-two-styles-balanced', 'test/fixtures/generated-32x24.png',
              [('test/fixtures/style-24x24.png', 3), ('test/fixtures/style2-20x28.png', 1)], 'avg',
              alpha=1e4, beta=1.0, gamma=50.0),
    make_case('max-generated-is-content-same-size-style', 'test/fixtures/content-32x24.png',
              [('test/fixtures/generated-32x24.png', 1)], 'max', alpha=10.0, beta=1.0, gamma=500.0),
)


# The weights-file fixtures (scripts/reference/make_torch_fixtures.py), each with the preprocessing its kind of file
# expects; max pooling and mixed weights so every term shows in the gradient.
def format_case(name, preprocessing, alpha, beta):
    case = make_case(f'{name}-{preprocessing}', 'test/fixtures/generated-32x24.png', [('test/fixtures/style-24x24.png', 1)], 'max',
                     alpha=alpha, beta=beta, gamma=0.1, weights=f'test/fixtures/{name}')
    case['inputs']['preprocessing'] = preprocessing
    return case


# alpha and beta make each weighted term ~130-150 at these images (the raw costs differ by 10^6 between conventions).
FORMAT_CASES = (
    format_case('tiny-vgg19-nspt-legacy.pth', 'caffe', alpha=10.0, beta=1e-3),
    format_case('tiny-vgg19-torchvision.pth', 'torchvision', alpha=3e4, beta=0.5),
    format_case('tiny-vgg19.safetensors', 'torchvision', alpha=3e5, beta=400.0),
    format_case('tiny-vgg19-torchvision.pth', 'caffe', alpha=20.0, beta=3e-3),  # the same file with the other convention
    format_case('tiny-vgg16-torchvision.pth', 'torchvision', alpha=3e4, beta=0.5),  # VGG16 (13 convolutions) in the zip format
)


def resolve(path):
    return path if os.path.isabs(path) else os.path.join(ROOT, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--weights', default='test/fixtures/tiny-vgg19.h5')
    parser.add_argument('--content')
    parser.add_argument('--generated', help='defaults to the content image')
    parser.add_argument('--style', action='append', default=[], help='PATH or PATH:BLEND_WEIGHT; repeatable')
    parser.add_argument('--pooling', choices=('avg', 'max'), default='avg')
    parser.add_argument('--alpha', type=float, default=10.0)
    parser.add_argument('--beta', type=float, default=40.0)
    parser.add_argument('--gamma', type=float, default=1e-3)
    parser.add_argument('--preprocessing', choices=('caffe', 'torchvision'), default='caffe')
    parser.add_argument('--formats', action='store_true', help='the .pth / .safetensors fixture cases (weights-formats-golden.json)')
    args = parser.parse_args()
    torch.set_default_dtype(torch.float64)
    if args.formats:
        cases = [dict(case) for case in FORMAT_CASES]
    elif args.content is None:
        cases = [dict(case) for case in GOLDEN_CASES]
    else:
        styles = [(s.rsplit(':', 1)[0], float(s.rsplit(':', 1)[1])) if ':' in s else (s, 1.0) for s in args.style or [args.content]]
        cases = [make_case('custom', args.generated or args.content, styles, args.pooling, args.content,
                           args.alpha, args.beta, args.gamma, args.weights)]
        cases[0]['inputs']['preprocessing'] = args.preprocessing
    for case in cases:
        case['outputs'] = evaluate(case['inputs'])
    json.dump({
        'generator': 'scripts/reference/gatys_reference.py (PyTorch float64, independent of the TypeScript engine)',
        'torchVersion': torch.__version__,
        'gradientLayout': '[c, y, x] of the RGB 0-255 image (batch dimension dropped)',
        'cases': cases,
    }, sys.stdout, indent=2)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
