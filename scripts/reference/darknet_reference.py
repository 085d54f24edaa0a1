#!/usr/bin/python3
"""Independent PyTorch (float64) reference for Painterly's Gatys costs and their gradient on Tiny Darknet.

    /usr/bin/python3 scripts/reference/darknet_reference.py > test/fixtures/darknet-golden.json   # the golden cases
    /usr/bin/python3 scripts/reference/darknet_reference.py --content C.png --generated G.png \\
        --style S1.png:3 --style S2.png:1 --pooling max --content-layer conv10 --style-layer conv1:0.2 ...
    /usr/bin/python3 scripts/reference/darknet_reference.py --classify IMAGE [--resize pil|torch]   # top-5 classes

Written from the specification below (../shared/models/darknet/README.md), not from the TypeScript engine; it
shares no code with it. The golden mode also re-runs every case in float32 and prints the relative differences
to stderr (the figure behind the tolerance named in test/fixtures/README.md).
  * Weights: model.json (Keras 2 topology, a plain chain) + weightsManifest: per group the shard files are
    concatenated; the listed weights lie back to back in those bytes, float32 little-endian, row-major in the
    listed shape. Kernels [kh,kw,in,out]; no conv bias except the last conv.
  * Image: RGB on 0-255, layout [1,3,H,W], divided by 255 (RGB order, no mean); gradients flow back to the
    0-255 image.
  * Chain (order, pools and hyper-parameters read from model.json): Conv2D `same`, stride 1 -> BatchNormalization
    applied explicitly, y = gamma (x - mean) / sqrt(var + eps) + beta, eps from the layer config (0.001) ->
    LeakyReLU(alpha from the config, 0.1). convK is the K-th Conv2D; its activation is the output of its
    LeakyReLU. MaxPooling2D 2x2 / stride 2 `same`: ceil(n/2) outputs, an odd size padded by one row/column at
    the bottom/right with -inf (padding never wins). `--pooling avg` swaps each pool for a 2x2/2 `same` average
    whose padded cells are left out of the mean (count_include_pad false). conv16 (1x1, bias, no BN, no
    activation) gives the 1000 logits after a global average pool (classification only).
  * Costs exactly as scripts/reference/gatys_reference.py:
    J_content = sum_l sum (a_C - a_G)^2 / (4 nH nW nC), default conv10.
    Gram G = A^T A (A the (nH nW) x nC activations); a style Gram is multiplied by (nH_G nW_G) / (nH_S nW_S)
    when the position counts differ; J_style^l = sum (G_S - G_G)^2 / (2 nH nW nC)^2 with the GENERATED
    activation's sizes; J_style(S) = sum_l lambda_l J_style^l, default conv1, conv2, conv4, conv8, conv12 with
    lambda 0.2; blended styles: sum_s w_s J_style(S_s), blend weights normalised to sum 1.
    TV = [sum (x[i+1,j,c] - x[i,j,c])^2 + sum (x[i,j+1,c] - x[i,j,c])^2] / (H W 3) on the RGB 0-255 image.
    J = alpha J_content + beta J_style + gamma TV.
See test/fixtures/README.md for the JSON schema.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

from png_io import read_png

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
DEFAULT_WEIGHTS = '../shared/models/darknet/tiny/model.json'
CONTENT_LAYERS = ('conv10',)
STYLE_LAYERS = (('conv1', 0.2), ('conv2', 0.2), ('conv4', 0.2), ('conv8', 0.2), ('conv12', 0.2))
GRADIENT_INDICES = ((0, 0, 0), (1, 12, 16), (2, 23, 31), (0, 5, 27), (2, 17, 3), (1, 23, 0))
CLASSIFY_SIZE_PX = 224


def resolve(path):
    return path if os.path.isabs(path) else os.path.join(ROOT, path)


def read_manifest_weights(model_json_path):
    """{weight name: float64 np.ndarray in its listed shape}, read from the weightsManifest and its shards."""
    with open(model_json_path) as f:
        model = json.load(f)
    folder, arrays = os.path.dirname(model_json_path), {}
    for group in model['weightsManifest']:
        data = b''.join(open(os.path.join(folder, p), 'rb').read() for p in group['paths'])
        offset = 0
        for w in group['weights']:
            assert w['dtype'] == 'float32', f"{w['name']}: only float32 weights, got {w['dtype']}"
            count = int(np.prod(w['shape'], dtype=np.int64))
            values = np.frombuffer(data, dtype='<f4', count=count, offset=offset)
            arrays[w['name']] = values.reshape(w['shape']).astype(np.float64)
            offset += 4 * count
        assert offset == len(data), f"group {group['paths']}: {len(data) - offset} bytes left over"
    return model, arrays


def load_darknet(path):
    """The chain as a list of steps, float64 tensors:
    ('conv', 'convK', weight [out,in,kh,kw], bias or None, bn (gamma, beta, mean, var, eps) or None, leaky alpha or None),
    ('pool',), ('gap',). Each Conv2D absorbs the BatchNormalization and LeakyReLU that follow it in the chain."""
    model, arrays = read_manifest_weights(resolve(path))
    layers = model['modelTopology']['model_config']['config']['layers']
    steps, previous, convs = [], None, 0
    for layer in layers:
        kind, config, name = layer['class_name'], layer['config'], layer['name']
        inbound = [node[0][0] for node in layer['inbound_nodes']]
        assert inbound == ([] if previous is None else [previous]), f'{name}: not a plain chain ({inbound})'
        previous = name
        if kind == 'InputLayer':
            continue
        if kind == 'Conv2D':
            assert config['strides'] == [1, 1] and config['dilation_rate'] == [1, 1] and config['padding'] == 'same'
            assert config['activation'] == 'linear' and all(k % 2 == 1 for k in config['kernel_size'])
            convs += 1
            kernel = torch.from_numpy(arrays[f'{name}/kernel']).permute(3, 2, 0, 1).contiguous()  # [out,in,kh,kw]
            bias = torch.from_numpy(arrays[f'{name}/bias']) if config['use_bias'] else None
            steps.append(['conv', f'conv{convs}', kernel, bias, None, None])
        elif kind == 'BatchNormalization':
            assert steps[-1][0] == 'conv' and steps[-1][4] is None and config['center'] and config['scale']
            bn = tuple(torch.from_numpy(arrays[f'{name}/{p}']) for p in ('gamma', 'beta', 'moving_mean', 'moving_variance'))
            steps[-1][4] = bn + (float(config['epsilon']),)
        elif kind == 'LeakyReLU':
            assert steps[-1][0] == 'conv' and steps[-1][5] is None
            steps[-1][5] = float(config['alpha'])
        elif kind == 'MaxPooling2D':
            assert config['pool_size'] == [2, 2] and config['strides'] == [2, 2] and config['padding'] == 'same'
            steps.append(('pool',))
        elif kind == 'GlobalAveragePooling2D':
            steps.append(('gap',))
        else:
            raise ValueError(f'{name}: unsupported layer {kind}')
    return [tuple(s) for s in steps]


def pool_same(x, pooling):
    """2x2 stride 2, `same`: odd sizes padded by one at the bottom/right; max pads -inf, avg leaves padding out."""
    pad = (0, x.shape[3] % 2, 0, x.shape[2] % 2)  # (left, right, top, bottom)
    if pooling == 'max':
        return F.max_pool2d(F.pad(x, pad, value=-float('inf')), 2, 2)
    sums = F.avg_pool2d(F.pad(x, pad, value=0.0), 2, 2) * 4
    ones = F.pad(torch.ones(1, 1, x.shape[2], x.shape[3], dtype=x.dtype), pad, value=0.0)
    counts = F.avg_pool2d(ones, 2, 2) * 4
    return sums / counts


def conv_bn_leaky(x, weight, bias, bn, alpha):
    kh, kw = weight.shape[2], weight.shape[3]
    x = F.conv2d(x, weight, bias, stride=1, padding=(kh // 2, kw // 2))
    if bn is not None:
        gamma, beta, mean, var, eps = bn
        view = (1, -1, 1, 1)
        x = gamma.view(view) * (x - mean.view(view)) / torch.sqrt(var.view(view) + eps) + beta.view(view)
    if alpha is not None:
        x = F.leaky_relu(x, alpha)
    return x


def darknet_activations(steps, rgb, wanted, pooling):
    """Activations [1,C,h,w] (after BN + LeakyReLU) for the wanted layers, running only as deep as needed."""
    x = rgb / 255.0
    out, remaining = {}, set(wanted)
    for step in steps:
        if not remaining:
            break
        if step[0] == 'conv':
            _, name, weight, bias, bn, alpha = step
            x = conv_bn_leaky(x, weight, bias, bn, alpha)
            if name in remaining:
                out[name] = x
                remaining.discard(name)
        elif step[0] == 'pool':
            x = pool_same(x, pooling)
    assert not remaining, f'unknown layers {sorted(remaining)}'
    return out


def darknet_logits(steps, rgb):
    """[1000] logits: the whole chain (max pools, as trained), conv16 then the global average pool."""
    x = rgb / 255.0
    for step in steps:
        if step[0] == 'conv':
            x = conv_bn_leaky(x, *step[2:])
        elif step[0] == 'pool':
            x = pool_same(x, 'max')
        elif step[0] == 'gap':
            x = x.mean(dim=(2, 3))
    return x[0]


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


def image_tensor(path, dtype):
    """[1,3,H,W] RGB on 0-255."""
    return torch.from_numpy(read_png(resolve(path)).astype(np.float64)).permute(2, 0, 1).unsqueeze(0).contiguous().to(dtype)


def cast_steps(steps, dtype):
    def cast(v):
        if isinstance(v, torch.Tensor):
            return v.to(dtype)
        if isinstance(v, tuple):
            return tuple(cast(u) for u in v)
        return v
    return [tuple(cast(v) for v in step) for step in steps]


def gradient_indices(height, width):
    """The fixed indices that fit, then the bottom/right corners (where `same` pooling pads odd sizes)."""
    fixed = [i for i in GRADIENT_INDICES if i[1] < height and i[2] < width]
    corners = [(0, height - 1, width - 1), (1, height - 1, 0), (2, 0, width - 1)]
    return fixed + [i for i in corners if i not in fixed]


def evaluate(case, dtype=torch.float64, steps_cache={}):
    """Costs, per-layer style costs and gradients for one case (inputs as in the golden JSON)."""
    key = (case['weights'], dtype)
    if key not in steps_cache:
        steps_cache[key] = cast_steps(load_darknet(case['weights']), dtype)
    steps = steps_cache[key]
    pooling, style_layers = case['pooling'], [(s['layer'], s['weight']) for s in case['styleLayers']]
    blend_total = sum(s['weight'] for s in case['styles'])
    content_acts = darknet_activations(steps, image_tensor(case['content'], dtype), case['contentLayers'], pooling)
    style_acts = [(s['weight'] / blend_total,
                   darknet_activations(steps, image_tensor(s['image'], dtype), [l for l, _ in style_layers], pooling))
                  for s in case['styles']]
    generated = image_tensor(case['generated'], dtype).requires_grad_(True)
    acts = darknet_activations(steps, generated, list(case['contentLayers']) + [l for l, _ in style_layers], pooling)
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
            'at': [{'index': list(i), 'value': grad[i].item()} for i in gradient_indices(grad.shape[1], grad.shape[2])],
        },
        'termGradientL2Norms': term_norms,
        'gradientElements': grad.numel(),
        'activationSizes': {l: list(a.shape[1:]) for l, a in acts.items()},
    }


def float32_differences(case, reference):
    """Relative moves of the float32 run: costs, norms and maxAbs relative to themselves; gradient sum and
    entries relative to maxAbs (they partly cancel)."""
    low = evaluate(case, torch.float32)

    def rel(a, b, scale=None):
        return abs(a - b) / (abs(scale if scale is not None else b) or 1.0)
    g, g32, scale = reference['gradient'], low['gradient'], reference['gradient']['maxAbs']
    moves = {k: rel(low[k], reference[k]) for k in ('content', 'style', 'tv', 'total')}
    moves.update({f'styleByLayer.{l}': rel(low['styleByLayer'][l], v) for l, v in reference['styleByLayer'].items()})
    moves.update({'gradient.l2Norm': rel(g32['l2Norm'], g['l2Norm']), 'gradient.maxAbs': rel(g32['maxAbs'], g['maxAbs']),
                  'gradient.sum/maxAbs': rel(g32['sum'], g['sum'], scale),
                  'gradient.sum/(maxAbs*N)': rel(g32['sum'], g['sum'], scale * reference['gradientElements']),
                  'gradient.at/maxAbs': max(rel(a['value'], b['value'], scale) for a, b in zip(g32['at'], g['at']))})
    return moves


def make_case(name, content, generated, styles, pooling, alpha, beta, gamma,
              content_layers=CONTENT_LAYERS, style_layers=STYLE_LAYERS, weights=DEFAULT_WEIGHTS):
    return {'name': name, 'inputs': {
        'weights': weights, 'content': content, 'generated': generated,
        'styles': [{'image': image, 'weight': weight} for image, weight in styles], 'pooling': pooling,
        'contentLayers': list(content_layers), 'styleLayers': [{'layer': l, 'weight': w} for l, w in style_layers],
        'alpha': alpha, 'beta': beta, 'gamma': gamma}}


F32 = 'test/fixtures/{}-32x24.png'
ODD = 'test/fixtures/{}-33x27.png'
STYLE_24 = 'test/fixtures/style-24x24.png'
STYLE_21x29 = 'test/fixtures/style-21x29.png'
DEEP_CONTENT = ('conv12', 'conv15')
DEEP_STYLE = (('conv1', 0.1), ('conv3', 0.2), ('conv6', 0.3), ('conv10', 0.1), ('conv13', 0.5), ('conv14', 0.2), ('conv15', 0.4))
# Case 1 uses the typical VGG19 weights (10, 40, 1e-3); the others pick alpha, beta, gamma so that the three
# weighted terms give gradients of similar size (termGradientL2Norms x weight, within a factor of about 5), so a
# wrong term shows in the total. The last two differ only in the pooling.
GOLDEN_CASES = (
    make_case('max-32x24-one-style', F32.format('content'), F32.format('generated'), [(STYLE_24, 1)], 'max', 10.0, 40.0, 1e-3),
    make_case('avg-32x24-one-style-balanced', F32.format('content'), F32.format('generated'), [(STYLE_24, 1)], 'avg',
              1e4, 100.0, 0.02),
    make_case('max-33x27-deep-layers-balanced', ODD.format('content'), ODD.format('generated'), [(STYLE_21x29, 1)], 'max',
              20.0, 0.2, 1.5, DEEP_CONTENT, DEEP_STYLE),
    make_case('max-33x27-two-styles-balanced', ODD.format('content'), ODD.format('generated'),
              [(STYLE_21x29, 3), (STYLE_24, 1)], 'max', 1500.0, 80.0, 0.02),
    make_case('avg-33x27-two-styles-balanced', ODD.format('content'), ODD.format('generated'),
              [(STYLE_21x29, 3), (STYLE_24, 1)], 'avg', 1500.0, 80.0, 0.02),
)


def read_rgb_image(path):
    """uint8 [H,W,3]: PNG via png_io, anything else via PIL (needed for JPEG)."""
    if path.lower().endswith('.png'):
        return read_png(path)
    from PIL import Image
    return np.asarray(Image.open(path).convert('RGB'))


def classify(path, resize):
    """Top-5 (index, softmax) of the 1000 logits for an image resized to 224x224 bilinear (like ml5)."""
    rgb = read_rgb_image(path)
    if resize == 'pil':
        from PIL import Image
        resized = np.asarray(Image.fromarray(rgb).resize((CLASSIFY_SIZE_PX, CLASSIFY_SIZE_PX), Image.BILINEAR)).astype(np.float64)
        x = torch.from_numpy(resized).permute(2, 0, 1).unsqueeze(0)
    else:
        x = torch.from_numpy(rgb.astype(np.float64)).permute(2, 0, 1).unsqueeze(0)
        x = F.interpolate(x, size=(CLASSIFY_SIZE_PX, CLASSIFY_SIZE_PX), mode='bilinear', align_corners=False)
    with torch.no_grad():
        probabilities = torch.softmax(darknet_logits(load_darknet(DEFAULT_WEIGHTS), x), dim=0)
    top = torch.topk(probabilities, 5)
    return [{'index': int(i), 'probability': float(p)} for p, i in zip(top.values, top.indices)]


def parse_layer(text):
    layer, _, weight = text.partition(':')
    return layer, float(weight) if weight else 0.2


def have_pil():
    try:
        import PIL  # noqa: F401
        return True
    except ImportError:
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--weights', default=DEFAULT_WEIGHTS, help='model.json, relative to the repository root or absolute')
    parser.add_argument('--content')
    parser.add_argument('--generated', help='defaults to the content image')
    parser.add_argument('--style', action='append', default=[], help='PATH or PATH:BLEND_WEIGHT; repeatable')
    parser.add_argument('--pooling', choices=('avg', 'max'), default='max')
    parser.add_argument('--content-layer', action='append', default=[], help=f'repeatable; default {",".join(CONTENT_LAYERS)}')
    parser.add_argument('--style-layer', action='append', default=[], help='LAYER or LAYER:LAMBDA (default 0.2); repeatable')
    parser.add_argument('--alpha', type=float, default=10.0)
    parser.add_argument('--beta', type=float, default=40.0)
    parser.add_argument('--gamma', type=float, default=1e-3)
    parser.add_argument('--no-float32-check', action='store_true', help='skip the float32 re-run (stderr report)')
    parser.add_argument('--classify', metavar='IMAGE', help='print the top-5 classes of IMAGE (224x224 bilinear) and exit')
    parser.add_argument('--resize', choices=('pil', 'torch'), help='classification resize: PIL bilinear (default when PIL '
                        'is installed) or torch interpolate bilinear, align_corners=False')
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    if args.classify:
        resize = args.resize or ('pil' if have_pil() else 'torch')
        top = classify(args.classify, resize)
        json.dump({'image': args.classify, 'resize': resize, 'sizePx': CLASSIFY_SIZE_PX, 'top5': top}, sys.stdout, indent=2)
        sys.stdout.write('\n')
        return
    if args.content is None:
        cases = [dict(case) for case in GOLDEN_CASES]
    else:
        styles = [(s.rsplit(':', 1)[0], float(s.rsplit(':', 1)[1])) if ':' in s else (s, 1.0) for s in args.style or [args.content]]
        cases = [make_case('custom', args.content, args.generated or args.content, styles, args.pooling,
                           args.alpha, args.beta, args.gamma, tuple(args.content_layer) or CONTENT_LAYERS,
                           tuple(parse_layer(s) for s in args.style_layer) or STYLE_LAYERS, args.weights)]
    worst = {}
    for case in cases:
        case['outputs'] = evaluate(case['inputs'])
        if not args.no_float32_check:
            moves = float32_differences(case['inputs'], case['outputs'])
            print(f"float32 vs float64, {case['name']}: " + ', '.join(f'{k} {v:.1e}' for k, v in moves.items()), file=sys.stderr)
            for k, v in moves.items():
                worst[k] = max(worst.get(k, 0.0), v)
    if worst:
        print('float32 vs float64, max over cases: ' + ', '.join(f'{k} {v:.1e}' for k, v in worst.items()
                                                             if not k.startswith('styleByLayer')), file=sys.stderr)
        relative = [v for k, v in worst.items() if not k.startswith('gradient.sum')]
        print(f'  max over costs, per-layer style costs, l2Norm, maxAbs and at/maxAbs: {max(relative):.1e}', file=sys.stderr)
    json.dump({
        'generator': 'scripts/reference/darknet_reference.py (PyTorch float64, independent of the TypeScript engine)',
        'torchVersion': torch.__version__,
        'network': 'darknet-tiny',
        'gradientLayout': '[c, y, x] of the RGB 0-255 image (batch dimension dropped)',
        'cases': cases,
    }, sys.stdout, indent=2)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
