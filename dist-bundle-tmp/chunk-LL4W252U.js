// dist/src/server/jobs/worker-host.js
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
var CANCEL_GRACE_MS = 5e3;
function workerScript() {
  if (!import.meta.url.endsWith(".ts"))
    return { path: fileURLToPath(new URL("./worker.js", import.meta.url)), execArgv: [] };
  return { path: fileURLToPath(new URL("./worker.ts", import.meta.url)), execArgv: ["--import", "tsx"] };
}
function runInWorker(job, onProgress, graceMs = CANCEL_GRACE_MS) {
  const script = workerScript();
  const child = fork(script.path, [], { execArgv: script.execArgv, serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let final;
  let cancelled = false;
  let graceTimer;
  const send = (message) => {
    if (child.connected)
      child.send(message, (error) => void error);
  };
  send({ type: "job", job });
  const finished = new Promise((resolve) => {
    child.on("message", (message) => {
      if (final)
        return;
      if (message.type === "done" || message.type === "failed" || message.type === "cancelled") {
        final = message;
        graceTimer = setTimeout(() => void child.kill("SIGKILL"), graceMs);
        return;
      }
      onProgress(message);
    });
    child.on("error", (error) => {
      final ??= { type: "failed", code: "ENGINE_FAILED", message: `The job's worker could not run (${error.message}).` };
    });
    child.on("exit", (exitCode, signal) => {
      clearTimeout(graceTimer);
      if (cancelled && final?.type !== "done")
        final = { type: "cancelled" };
      const how = signal ? `signal ${signal}` : `exit code ${exitCode}`;
      resolve(final ?? { type: "failed", code: "ENGINE_FAILED", message: `The job's worker stopped unexpectedly (${how}). It may have run out of memory: try a smaller size.` });
    });
  });
  return {
    finished,
    cancel(keep = false) {
      if (cancelled || final)
        return;
      cancelled = true;
      send({ type: "cancel", keep });
      graceTimer = setTimeout(() => void child.kill("SIGKILL"), graceMs);
    }
  };
}

export {
  runInWorker
};
