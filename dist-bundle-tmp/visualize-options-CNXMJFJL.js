import {
  VISUALIZE_OPTIONS,
  parseUnitList,
  visualizeCliSchema
} from "./chunk-NCLQBPVO.js";
import "./chunk-KVEV2N3B.js";
import "./chunk-LLJ2YMLV.js";
import "./chunk-SXACJSYC.js";
import "./chunk-IZ6XPADM.js";
import "./chunk-FR6KWIII.js";
import "./chunk-5XKSNP64.js";
import "./chunk-SMFVLVLN.js";
import "./chunk-RLZ7CLXZ.js";
import "./chunk-6WINQWLN.js";
import "./chunk-OR6FP33I.js";
import "./chunk-YB37QKVG.js";
import "./chunk-GYDWO5CP.js";
import "./chunk-ELBWPZQG.js";
export {
  VISUALIZE_OPTIONS,
  parseUnitList,
  visualizeCliSchema
};
