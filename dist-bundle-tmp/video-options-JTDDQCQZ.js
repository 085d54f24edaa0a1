import {
  VIDEO_OPTIONS
} from "./chunk-XZALPO55.js";
import "./chunk-UWTGW7CW.js";
import "./chunk-CFMQO7VZ.js";
import "./chunk-YGESDE6G.js";
import "./chunk-CD6T25GO.js";
import "./chunk-5XKSNP64.js";
import "./chunk-SMFVLVLN.js";
import "./chunk-RLZ7CLXZ.js";
import "./chunk-6WINQWLN.js";
import "./chunk-OR6FP33I.js";
import "./chunk-YB37QKVG.js";
import "./chunk-GYDWO5CP.js";
import "./chunk-ELBWPZQG.js";
export {
  VIDEO_OPTIONS
};
