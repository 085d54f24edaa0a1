import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPainterlyError } from '../src/engine/errors.js';
import { AdamOptimizer } from '../src/engine/optimizers/adam.js';
import { createOptimizer } from '../src/engine/optimizers/create-optimizer.js';
import { LbfgsOptimizer } from '../src/engine/optimizers/lbfgs.js';
import { SgdOptimizer } from '../src/engine/optimizers/sgd.js';
import type { Optimizer, OptimizerName } from '../src/engine/optimizers/types.js';

/** Writes ∂f/∂x into `gradient` and returns f(x). */
type Objective = (params: Float32Array, gradient: Float32Array) => number;

/** Params are Float32Arrays: one float32 ulp near 1 is 1.2e-7, so hand-computed steps of size ≲ 2
 * agree to a few ulps; moments/pairs are also stored as float32. 1e-6 leaves ~5× margin. */
const FLOAT32_STEP_TOLERANCE = 1e-6;

/** f(x) = ½ Σ aᵢ (xᵢ − 1)², aᵢ log-spaced from 1 to 1000 (condition number 1000); minimum at 1. */
function illConditionedQuadratic(size: number): Objective {
  const curvatures = Float64Array.from({ length: size }, (_, i) => 1000 ** (i / (size - 1)));
  return (params, gradient) => {
    let loss = 0;
    for (let i = 0; i < size; i++) {
      gradient[i] = curvatures[i] * (params[i] - 1);
      loss += 0.5 * curvatures[i] * (params[i] - 1) ** 2;
    }
    return loss;
  };
}

/** Rosenbrock's banana: f(x, y) = (1 − x)² + 100 (y − x²)², minimum at (1, 1). */
const rosenbrock: Objective = (params, gradient) => {
  const [x, y] = params;
  gradient[0] = -2 * (1 - x) - 400 * x * (y - x * x);
  gradient[1] = 200 * (y - x * x);
  return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
};

function maxDistance(params: Float32Array, target: (i: number) => number): number {
  let distance = 0;
  for (let i = 0; i < params.length; i++) distance = Math.max(distance, Math.abs(params[i] - target(i)));
  return distance;
}

/** Steps until `done(params)` or `maxSteps`; returns the steps taken (maxSteps + 1 if never done). */
function stepsUntil(optimizer: Optimizer, objective: Objective, params: Float32Array, maxSteps: number, done: (p: Float32Array) => boolean): number {
  const gradient = new Float32Array(params.length);
  for (let step = 0; step <= maxSteps; step++) {
    const loss = objective(params, gradient);
    if (done(params)) return step;
    optimizer.step(params, gradient, loss);
  }
  return maxSteps + 1;
}

function assertClose(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: expected ${expected} ± ${tolerance} but got ${actual}`);
}

describe('Adam', () => {
  it('first step is −lr·g/(|g|+ε) ≈ −lr·sign(g), whatever the gradient scale', () => {
    const adam = new AdamOptimizer(4, { learningRate: 0.5 });
    const params = new Float32Array(4);
    adam.step(params, Float32Array.of(1e-3, 5, -1e4, 0), 0);
    // m̂ = g and v̂ = g² after bias correction, so the step is lr·g/(|g| + 1e-8).
    assertClose(params[0], -0.5 * (1e-3 / (1e-3 + 1e-8)), FLOAT32_STEP_TOLERANCE, 'g = 1e-3');
    assertClose(params[1], -0.5, FLOAT32_STEP_TOLERANCE, 'g = 5');
    assertClose(params[2], 0.5, FLOAT32_STEP_TOLERANCE, 'g = −1e4');
    assert.equal(params[3], 0, 'a zero gradient gives a zero step');
  });

  it('defaults to lr 2: the first step moves each value by 2', () => {
    const params = Float32Array.of(100, 100);
    new AdamOptimizer(2).step(params, Float32Array.of(123, -0.01), 0);
    assertClose(params[0], 98, FLOAT32_STEP_TOLERANCE * 100, 'positive gradient'); // ulp at 100 is 7.6e-6
    assertClose(params[1], 102, FLOAT32_STEP_TOLERANCE * 100, 'negative gradient');
  });

  it('second step matches the bias-corrected closed form', () => {
    // By hand, with β1 = 0.9, β2 = 0.999, gradients g1 then g2:
    //   m̂ = (0.9·0.1·g1 + 0.1·g2) / (1 − 0.9²),  v̂ = (0.999·0.001·g1² + 0.001·g2²) / (1 − 0.999²)
    // g = (1, 3):    m̂ = 0.39 / 0.19,   v̂ = 0.009999 / 0.001999
    // g = (−2, 0.5): m̂ = −0.13 / 0.19,  v̂ = 0.004246 / 0.001999
    const learningRate = 0.1;
    const adam = new AdamOptimizer(2, { learningRate });
    const params = new Float32Array(2);
    adam.step(params, Float32Array.of(1, -2), 0);
    adam.step(params, Float32Array.of(3, 0.5), 0);
    const firstStep = [-learningRate, learningRate];
    const secondStep = [
      -learningRate * (0.39 / 0.19) / (Math.sqrt(0.009999 / 0.001999) + 1e-8),
      -learningRate * (-0.13 / 0.19) / (Math.sqrt(0.004246 / 0.001999) + 1e-8),
    ];
    assertClose(params[0], firstStep[0] + secondStep[0], FLOAT32_STEP_TOLERANCE, 'g = (1, 3)');
    assertClose(params[1], firstStep[1] + secondStep[1], FLOAT32_STEP_TOLERANCE, 'g = (−2, 0.5)');
  });

  it('clamps to [clampMin, clampMax] after each step', () => {
    const params = Float32Array.of(1, 254.5, 100);
    new AdamOptimizer(3, { clampMin: 0, clampMax: 255 }).step(params, Float32Array.of(10, -10, 10), 0);
    assert.deepEqual([...params], [0, 255, 98]);
  });
});

describe('SGD', () => {
  it('steps by −lr·g', () => {
    const params = Float32Array.of(1, -2);
    new SgdOptimizer(2, { learningRate: 0.25 }).step(params, Float32Array.of(4, -8), 0);
    assert.deepEqual([...params], [0, 0]);
  });
});

describe('L-BFGS', () => {
  it('first step is −min(1, 1/‖g‖₁)·lr·g', () => {
    const small = Float32Array.of(0, 0);
    new LbfgsOptimizer(2, { learningRate: 0.5 }).step(small, Float32Array.of(0.25, -0.25), 0); // ‖g‖₁ = 0.5 → factor 1
    assert.deepEqual([...small], [-0.125, 0.125]);
    const large = Float32Array.of(0, 0);
    new LbfgsOptimizer(2).step(large, Float32Array.of(3, -1), 0); // ‖g‖₁ = 4 → factor 1/4
    assert.deepEqual([...large], [-0.75, 0.25]);
  });

  it('lands on the minimum of a 1-D quadratic at step 2 (the secant pair is exact)', () => {
    // f = 2(x − 3)², x0 = 0: g0 = −12, x1 = 0 + 12/12 = 1; g1 = −8, s = 1, y = 4 → Newton step to 3.
    const lbfgs = new LbfgsOptimizer(1);
    const params = Float32Array.of(0);
    lbfgs.step(params, Float32Array.of(4 * (params[0] - 3)), 0);
    assert.equal(params[0], 1);
    lbfgs.step(params, Float32Array.of(4 * (params[0] - 3)), 0);
    assert.equal(params[0], 3);
  });

  it('leaves params untouched at a stationary point and rejects a non-finite gradient', () => {
    const params = Float32Array.of(5);
    const lbfgs = new LbfgsOptimizer(1);
    lbfgs.step(params, Float32Array.of(0), 0);
    assert.equal(params[0], 5);
    assert.throws(() => lbfgs.step(params, Float32Array.of(Number.NaN), 0), (error) => isPainterlyError(error) && error.code === 'ENGINE_FAILED');
  });

  it('needs far fewer steps than SGD on an ill-conditioned 1000-D quadratic', () => {
    const size = 1000;
    const objective = illConditionedQuadratic(size);
    const converged = (p: Float32Array) => maxDistance(p, () => 1) < 1e-3;
    const lbfgsSteps = stepsUntil(new LbfgsOptimizer(size), objective, new Float32Array(size), 300, converged);
    // SGD's best fixed rate for curvatures in [1, 1000] is 2/(1 + 1000).
    const sgdSteps = stepsUntil(new SgdOptimizer(size, { learningRate: 2 / 1001 }), objective, new Float32Array(size), 10_000, converged);
    assert.ok(lbfgsSteps <= 300, `L-BFGS took ${lbfgsSteps} steps`);
    assert.ok(sgdSteps <= 10_000, `SGD took ${sgdSteps} steps`);
    assert.ok(sgdSteps > 10 * lbfgsSteps, `SGD ${sgdSteps} vs L-BFGS ${lbfgsSteps} steps`);
  });
});

describe('every optimizer', () => {
  it('minimises an ill-conditioned 1000-D quadratic', () => {
    const size = 1000;
    const budgets: Array<[OptimizerName, number, number]> = [['adam', 0.05, 500], ['lbfgs', 1, 300], ['sgd', 2 / 1001, 10_000]];
    for (const [name, learningRate, maxSteps] of budgets) {
      const steps = stepsUntil(createOptimizer(name, size, { learningRate }), illConditionedQuadratic(size), new Float32Array(size), maxSteps, (p) => maxDistance(p, () => 1) < 1e-3);
      assert.ok(steps <= maxSteps, `${name} did not converge in ${maxSteps} steps`);
    }
  });

  it('minimises Rosenbrock from (−1.2, 1)', () => {
    // Float32 params and a flat valley floor limit how close first-order methods get; 1e-2 for those.
    const budgets: Array<[OptimizerName, number, number, number]> = [['lbfgs', 1, 200, 1e-3], ['adam', 0.05, 3000, 1e-2], ['sgd', 2e-3, 10_000, 1e-2]];
    for (const [name, learningRate, maxSteps, tolerance] of budgets) {
      const steps = stepsUntil(createOptimizer(name, 2, { learningRate }), rosenbrock, Float32Array.of(-1.2, 1), maxSteps, (p) => maxDistance(p, () => 1) < tolerance);
      assert.ok(steps <= maxSteps, `${name} did not reach (1, 1) ± ${tolerance} in ${maxSteps} steps`);
    }
  });

  it('stays in [0, 255] and reaches the clamped minimum of a quadratic centred outside it', () => {
    const size = 64;
    const centres = Float64Array.from({ length: size }, (_, i) => -100 + (450 * i) / (size - 1));
    const objective: Objective = (params, gradient) => {
      let loss = 0;
      for (let i = 0; i < size; i++) {
        gradient[i] = (1 + (i % 7)) * (params[i] - centres[i]);
        loss += 0.5 * (1 + (i % 7)) * (params[i] - centres[i]) ** 2;
      }
      return loss;
    };
    const projected = (i: number) => Math.min(255, Math.max(0, centres[i]));
    for (const [name, learningRate] of [['adam', 2], ['lbfgs', 1], ['sgd', 0.1]] as const) {
      const inRange = (p: Float32Array) => {
        assert.ok(p.every((value) => value >= 0 && value <= 255), `${name} left [0, 255]`);
        return maxDistance(p, projected) < 1e-2;
      };
      const steps = stepsUntil(createOptimizer(name, size, { learningRate, clampMin: 0, clampMax: 255 }), objective, new Float32Array(size).fill(128), 1000, inRange);
      assert.ok(steps <= 1000, `${name} did not reach the clamped minimum`);
    }
  });

  it('continues identically after state() → structuredClone → restore()', () => {
    const cases: Array<[OptimizerName, number]> = [['adam', 0.05], ['lbfgs', 1], ['sgd', 1e-3]];
    for (const [name, learningRate] of cases) {
      const options = { learningRate, historySize: 3, clampMin: -1.1 }; // history 3 < steps: exercises recycling
      const original = createOptimizer(name, 2, options);
      const params = Float32Array.of(-1.2, 1);
      const gradient = new Float32Array(2);
      for (let i = 0; i < 6; i++) original.step(params, gradient, rosenbrock(params, gradient));
      const live = original.state();
      const saved = structuredClone(live);
      const savedParams = params.slice();
      const continued: number[][] = [];
      for (let i = 0; i < 6; i++) {
        original.step(params, gradient, rosenbrock(params, gradient));
        continued.push([...params]);
      }
      assert.deepEqual(live, saved, `${name}: state() must be a copy, unchanged by later steps`);
      const resumed = createOptimizer(name, 2, options);
      resumed.restore(saved);
      const resumedParams = savedParams.slice();
      for (let i = 0; i < 6; i++) {
        resumed.step(resumedParams, gradient, rosenbrock(resumedParams, gradient));
        assert.deepEqual([...resumedParams], continued[i], `${name} step ${i} after restore`);
      }
    }
  });
});

describe('errors', () => {
  const isCode = (code: string) => (error: unknown) => isPainterlyError(error) && error.code === code;

  it('rejects bad options, foreign state and mismatched sizes', () => {
    assert.throws(() => createOptimizer('adam', 4, { learningRate: -1 }), isCode('INVALID_OPTION'));
    assert.throws(() => createOptimizer('sgd', 4, { clampMin: 10, clampMax: 0 }), isCode('INVALID_OPTION'));
    assert.throws(() => createOptimizer('lbfgs', 4, { historySize: 0 }), isCode('INVALID_OPTION'));
    assert.throws(() => createOptimizer('newton' as OptimizerName, 4), isCode('INVALID_OPTION'));
    assert.throws(() => createOptimizer('adam', 0), isCode('INVALID_OPTION'));
    assert.throws(() => createOptimizer('adam', 4).restore(createOptimizer('sgd', 4).state()), isCode('INVALID_OPTION'));
    assert.throws(() => createOptimizer('adam', 4).restore(createOptimizer('adam', 5).state()), isCode('INVALID_OPTION'));
    assert.throws(() => createOptimizer('sgd', 4).step(new Float32Array(4), new Float32Array(3), 0), isCode('ENGINE_FAILED'));
  });
});
