// dist/src/engine/random.js
function createRng(seed) {
  let state = seed >>> 0;
  let spareNormal;
  const uniform = () => {
    state = state + 1831565813 >>> 0;
    let t = state;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
  const normal = () => {
    if (spareNormal !== void 0) {
      const value = spareNormal;
      spareNormal = void 0;
      return value;
    }
    const u1 = 1 - uniform();
    const u2 = uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    spareNormal = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  };
  const fillNormal = (target, scale) => {
    const length = target.length;
    let i = 0;
    if (length > 0 && spareNormal !== void 0) {
      target[i++] = spareNormal * scale;
      spareNormal = void 0;
    }
    while (i < length) {
      const u1 = 1 - uniform();
      const u2 = uniform();
      const radius = Math.sqrt(-2 * Math.log(u1));
      target[i++] = radius * Math.cos(2 * Math.PI * u2) * scale;
      const spare = radius * Math.sin(2 * Math.PI * u2);
      if (i < length)
        target[i++] = spare * scale;
      else
        spareNormal = spare;
    }
  };
  return { uniform, normal, fillNormal };
}

export {
  createRng
};
