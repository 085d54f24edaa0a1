import {
  findImportedModel
} from "./chunk-ZXF4SHAO.js";
import {
  isNetworkId
} from "./chunk-YB37QKVG.js";

// dist/src/cli/imported-network.js
async function withImportedNetwork(values) {
  const field = values.network !== void 0 ? "network" : "weights";
  const name = values[field];
  if (typeof name !== "string" || isNetworkId(name) || name.startsWith("random"))
    return values;
  const model = await findImportedModel(name);
  if (!model)
    return values;
  return { ...values, [field]: model.path, preprocessing: values.preprocessing ?? model.preprocessing };
}

export {
  withImportedNetwork
};
