import {
  SERVE_OPTIONS
} from "./chunk-6IHZYXOR.js";
import "./chunk-7UCADAM2.js";
import "./chunk-M7XC4JET.js";
import "./chunk-DCTALWFM.js";
import "./chunk-ZXF4SHAO.js";
import "./chunk-5I24BNVP.js";
import "./chunk-IZ6XPADM.js";
import "./chunk-FR6KWIII.js";
import "./chunk-CD6T25GO.js";
import "./chunk-RLZ7CLXZ.js";
import "./chunk-6WINQWLN.js";
import "./chunk-OR6FP33I.js";
import "./chunk-YB37QKVG.js";
import "./chunk-GYDWO5CP.js";
import "./chunk-ELBWPZQG.js";
export {
  SERVE_OPTIONS
};
