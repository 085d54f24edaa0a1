// dist/src/engine/network/describe.js
function weightsLabel(weights) {
  return { networkName: weights.network.displayName, source: weights.source, pretrained: weights.pretrained };
}
function describeWeights(label) {
  if (!label.pretrained)
    return `${label.networkName} with untrained random weights (${label.source}) \u2014 not what the ImageNet network learns`;
  return `${label.networkName}, ImageNet weights`;
}

export {
  weightsLabel,
  describeWeights
};
