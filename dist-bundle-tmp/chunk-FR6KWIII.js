import {
  PainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/node/temp-files.js
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
var STALE_TEMP_AGE_MS = 15 * 60 * 1e3;
var TEMP_NAME = /^\.(.+)\.painterly-(\d+)-[0-9a-f]+\.tmp$/;
var LEGACY_TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/;
function tempPathFor(path) {
  const target = resolve(path);
  return join(dirname(target), `.${basename(target)}.painterly-${process.pid}-${randomBytes(6).toString("hex")}.tmp`);
}
async function removeStaleTempFiles(dir, belongs, nowMs = Date.now()) {
  const names = await fs.readdir(dir).catch(() => []);
  const removed = [];
  for (const name of names) {
    const match = TEMP_NAME.exec(name) ?? LEGACY_TEMP_NAME.exec(name);
    if (!match || !belongs(match[1]))
      continue;
    const pid = Number(match[2]);
    if (pid === process.pid)
      continue;
    const path = join(dir, name);
    const stats = await fs.lstat(path).catch(() => void 0);
    if (!stats?.isFile())
      continue;
    if (isProcessAlive(pid) && nowMs - stats.mtimeMs < STALE_TEMP_AGE_MS)
      continue;
    await fs.rm(path, { force: true }).then(() => removed.push(path), () => void 0);
  }
  return removed;
}
function isProcessAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

// dist/src/node/atomic-write.js
import fs2 from "node:fs/promises";
import { dirname as dirname2, join as join2, resolve as resolve2 } from "node:path";
async function writeFileAtomic(path, data) {
  const target = resolve2(path);
  const tempPath = tempPathFor(target);
  try {
    const handle = await fs2.open(tempPath, "wx");
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await keepExistingMode(target, tempPath);
    await fs2.rename(tempPath, target);
  } catch (error) {
    await fs2.rm(tempPath, { force: true }).catch(() => void 0);
    throw outputNotWritable(target, error);
  }
}
function outputNotWritable(path, error) {
  const code = errnoCode(error);
  if (code === void 0)
    return error instanceof Error ? error : new Error(String(error));
  const directory = dirname2(resolve2(path));
  const reasons = {
    ENOENT: `the directory ${directory} does not exist. Create it or choose another output path.`,
    ENOTDIR: `${directory} is not a directory. Choose an output path inside a directory.`,
    EISDIR: `${path} is a directory. Pass a file path such as ${join2(path, "output.png")}.`,
    EACCES: `no permission to write in the directory ${directory}. Choose a directory you can write to or change its permissions.`,
    EROFS: `the directory ${directory} is on a read-only file system. Choose another output path.`,
    ENOSPC: `the disk holding ${directory} is full. Free some space or choose another output path.`
  };
  reasons.EPERM = reasons.EACCES;
  reasons.EDQUOT = reasons.ENOSPC;
  const reason = reasons[code] ?? `${code} in the directory ${directory}. Check the path and its permissions.`;
  return new PainterlyError("OUTPUT_NOT_WRITABLE", `Cannot write ${path}: ${reason}`, { cause: error });
}
function errnoCode(error) {
  if (!(error instanceof Error) || !("code" in error))
    return void 0;
  return typeof error.code === "string" ? error.code : void 0;
}
async function keepExistingMode(target, tempPath) {
  const existing = await fs2.stat(target).catch(() => void 0);
  if (existing?.isFile())
    await fs2.chmod(tempPath, existing.mode & 4095);
}

export {
  tempPathFor,
  removeStaleTempFiles,
  writeFileAtomic,
  outputNotWritable,
  errnoCode
};
