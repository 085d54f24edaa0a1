#!/usr/bin/python3
"""Independent PyTorch (float64) reference for Painterly's two newer style-cost pieces on the real Darknet Tiny:
the Wasserstein-2 style loss (`styleLoss: 'w2'`) and balanced style layers (`styleBalance`).

    /usr/bin/python3 scripts/reference/style_cost_reference.py > test/fixtures/style-cost-golden.json

Written from the definitions below, not from the TypeScript engine (the network and the Gram cost come from
darknet_reference.py, itself written from the weights' specification):
  * W2 per style layer l, F the generated activation as C x N (N = nH nW positions):
      mu = mean over positions, Sigma = (F - mu)(F - mu)^T / N (biased);
      the painting's mu_S and Sigma_S the same over its own positions; several paintings with blend weights w_s
      (normalised to sum 1) are pooled as a mixture: mu_S = sum w_s mu_s, Sigma_S = sum w_s (Sigma_s + mu_s mu_s^T)
      - mu_S mu_S^T; then a ridge eps I, eps = 1e-5 tr(Sigma_S) / C, is added to Sigma_S;
      J_l = |mu - mu_S|^2 + tr Sigma + tr Sigma_S - 2 tr (Sigma_S^1/2 Sigma Sigma_S^1/2)^1/2,
      the matrix roots by eigendecomposition (torch.linalg.eigh / eigvalsh, eigenvalues below 1e-12 of the largest
      taken as 0), gradients by autograd.
      J = alpha J_content + beta sum_l lambda_l J_l (+ no TV here).
  * Balance: n_l = || d J_gram_l / d image ||_1 at the generated image for each style layer alone (Gram cost of
    darknet_reference.py, blended styles as there); the balanced cost is J = alpha J_content +
    beta sum_l lambda_l J_gram_l / n_l, and its gradient is reported.
Output: {"cases": [{"name", "inputs", "outputs": {"styleByLayer", "total", "gradient", ["balanceNorms"]}}]} with the
inputs in darknet-golden.json's form plus "styleLoss" and "styleBalance" (test/fixtures/README.md).
"""
import json
import sys

import torch

from darknet_reference import (DEFAULT_WEIGHTS, cast_steps, content_cost, darknet_activations, gradient_indices,
                               image_tensor, load_darknet, style_layer_cost)

RIDGE = 1e-5
EIGEN_FLOOR = 1e-12


def features(activation):
    channels = activation.shape[1]
    return activation[0].reshape(channels, -1)


def mean_and_covariance(activation):
    f = features(activation)
    mu = f.mean(dim=1)
    centred = f - mu[:, None]
    return mu, centred @ centred.t() / f.shape[1]


def psd_sqrt(matrix):
    values, vectors = torch.linalg.eigh(matrix)
    values = torch.clamp(values, min=0.0)
    return (vectors * values.sqrt()) @ vectors.t()


def sqrt_trace(matrix):
    """tr M^1/2 through the eigenvalues only (eigvalsh's gradient needs no eigenvalue gaps)."""
    values = torch.linalg.eigvalsh(matrix)
    floor = EIGEN_FLOOR * values.abs().max()
    kept = values > floor
    return torch.where(kept, torch.clamp(values, min=floor).sqrt(), torch.zeros_like(values)).sum()


def painting_statistics(style_acts, layer):
    """The pooled (mixture) mean and covariance of the paintings at `layer`, with the ridge."""
    mu_s, second = None, None
    for weight, acts in style_acts:
        mu, sigma = mean_and_covariance(acts[layer])
        mu_s = weight * mu if mu_s is None else mu_s + weight * mu
        moment = sigma + torch.outer(mu, mu)
        second = weight * moment if second is None else second + weight * moment
    sigma_s = second - torch.outer(mu_s, mu_s)
    channels = sigma_s.shape[0]
    sigma_s = sigma_s + RIDGE * torch.trace(sigma_s) / channels * torch.eye(channels, dtype=sigma_s.dtype)
    return mu_s, sigma_s


def w2_layer_cost(statistics, activation):
    mu_s, sigma_s = statistics
    mu, sigma = mean_and_covariance(activation)
    root = psd_sqrt(sigma_s)
    middle = root @ sigma @ root
    middle = (middle + middle.t()) / 2
    return ((mu - mu_s) ** 2).sum() + torch.trace(sigma) + torch.trace(sigma_s) - 2 * sqrt_trace(middle)


def evaluate(case, steps):
    pooling = case['pooling']
    style_layers = [(s['layer'], s['weight']) for s in case['styleLayers']]
    layers = [l for l, _ in style_layers]
    total_blend = sum(s['weight'] for s in case['styles'])
    content_acts = darknet_activations(steps, image_tensor(case['content'], torch.float64), case['contentLayers'], pooling)
    style_acts = [(s['weight'] / total_blend, darknet_activations(steps, image_tensor(s['image'], torch.float64), layers, pooling))
                  for s in case['styles']]
    generated = image_tensor(case['generated'], torch.float64).requires_grad_(True)
    acts = darknet_activations(steps, generated, list(case['contentLayers']) + layers, pooling)
    j_content = sum(content_cost(content_acts[l], acts[l]) for l in case['contentLayers'])
    if case['styleLoss'] == 'w2':
        by_layer = {l: w2_layer_cost(painting_statistics(style_acts, l), acts[l]) for l in layers}
    else:
        by_layer = {l: sum(w * style_layer_cost(a[l], acts[l]) for w, a in style_acts) for l in layers}
    outputs = {'styleByLayer': {l: float(v) for l, v in by_layer.items()}}
    factors = {l: 1.0 for l in layers}
    if case['styleBalance']:
        norms = {}
        for l in layers:
            (grad,) = torch.autograd.grad(by_layer[l], generated, retain_graph=True)
            norms[l] = grad.abs().sum().item()
        outputs['balanceNorms'] = norms
        factors = {l: 1.0 / norms[l] for l in layers}
    j_style = sum(lam * factors[l] * by_layer[l] for l, lam in style_layers)
    total = case['alpha'] * j_content + case['beta'] * j_style
    (grad,) = torch.autograd.grad(total, generated)
    grad = grad[0]
    outputs.update({
        'content': float(j_content), 'style': float(j_style), 'tv': 0.0, 'total': float(total),
        'gradient': {
            'l2Norm': grad.norm().item(), 'sum': grad.sum().item(), 'maxAbs': grad.abs().max().item(),
            'at': [{'index': list(i), 'value': grad[i].item()} for i in gradient_indices(grad.shape[1], grad.shape[2])],
        },
        'activationSizes': {l: list(a.shape[1:]) for l, a in acts.items()},
    })
    return outputs


def make_case(name, content, generated, styles, pooling, alpha, beta, style_loss, style_balance,
              content_layers=('conv10',), style_layers=(('conv1', 0.2), ('conv2', 0.2), ('conv4', 0.2), ('conv8', 0.2), ('conv12', 0.2))):
    return {'name': name, 'inputs': {
        'weights': DEFAULT_WEIGHTS, 'content': content, 'generated': generated,
        'styles': [{'image': image, 'weight': weight} for image, weight in styles], 'pooling': pooling,
        'contentLayers': list(content_layers), 'styleLayers': [{'layer': l, 'weight': w} for l, w in style_layers],
        'alpha': alpha, 'beta': beta, 'gamma': 0.0, 'styleLoss': style_loss, 'styleBalance': style_balance}}


F32 = 'test/fixtures/{}-32x24.png'
ODD = 'test/fixtures/{}-33x27.png'
STYLE_24 = 'test/fixtures/style-24x24.png'
STYLE_21x29 = 'test/fixtures/style-21x29.png'
# Darknet Tiny's default layers: conv1/conv2 have more positions than channels (the engine's C x C root),
# conv8/conv12 fewer (its N x N root); alpha and beta give the content and style gradients similar sizes.
CASES = (
    make_case('w2-max-33x27-default-layers', ODD.format('content'), ODD.format('generated'), [(STYLE_21x29, 1)], 'max', 1e3, 1.0, 'w2', False),
    make_case('w2-avg-32x24-two-styles', F32.format('content'), F32.format('generated'), [(STYLE_21x29, 3), (STYLE_24, 1)], 'avg', 1e3, 1.0, 'w2', False),
    make_case('balanced-gram-max-33x27', ODD.format('content'), ODD.format('generated'), [(STYLE_21x29, 1)], 'max', 1e3, 1.0, 'gram', True),
    make_case('balanced-w2-avg-33x27-two-styles', ODD.format('content'), ODD.format('generated'), [(STYLE_21x29, 3), (STYLE_24, 1)], 'avg', 1e3, 1.0, 'w2', True),
)


def main():
    steps = cast_steps(load_darknet(DEFAULT_WEIGHTS), torch.float64)
    cases = []
    for case in CASES:
        outputs = evaluate(case['inputs'], steps)
        print(f"{case['name']}: total {outputs['total']:.6g}, |g| {outputs['gradient']['l2Norm']:.6g}", file=sys.stderr)
        cases.append({**case, 'outputs': outputs})
    json.dump({'reference': 'scripts/reference/style_cost_reference.py (PyTorch float64)', 'cases': cases}, sys.stdout, indent=1)
    print()


if __name__ == '__main__':
    main()
