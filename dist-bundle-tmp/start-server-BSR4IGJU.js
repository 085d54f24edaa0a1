import {
  listenError,
  startStudioServer
} from "./chunk-LW574ZQ2.js";
import "./chunk-E6BPELNH.js";
import "./chunk-AIOI3ZY6.js";
import "./chunk-DCTALWFM.js";
import "./chunk-LL4W252U.js";
import "./chunk-Y7CRH5CI.js";
import "./chunk-BVQ6QT43.js";
import "./chunk-AE3KFWGY.js";
import "./chunk-ZXF4SHAO.js";
import "./chunk-5I24BNVP.js";
import "./chunk-KVEV2N3B.js";
import "./chunk-LLJ2YMLV.js";
import "./chunk-SXACJSYC.js";
import "./chunk-IZ6XPADM.js";
import "./chunk-FR6KWIII.js";
import "./chunk-YGESDE6G.js";
import "./chunk-CD6T25GO.js";
import "./chunk-5XKSNP64.js";
import "./chunk-SMFVLVLN.js";
import "./chunk-RLZ7CLXZ.js";
import "./chunk-6WINQWLN.js";
import "./chunk-YB37QKVG.js";
import "./chunk-GYDWO5CP.js";
import "./chunk-ELBWPZQG.js";
export {
  listenError,
  startStudioServer
};
