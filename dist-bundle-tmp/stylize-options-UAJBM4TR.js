import {
  STYLIZE_OPTIONS
} from "./chunk-CFMQO7VZ.js";
import "./chunk-YGESDE6G.js";
import "./chunk-SMFVLVLN.js";
import "./chunk-RLZ7CLXZ.js";
import "./chunk-OR6FP33I.js";
import "./chunk-YB37QKVG.js";
import "./chunk-GYDWO5CP.js";
import "./chunk-ELBWPZQG.js";
export {
  STYLIZE_OPTIONS
};
