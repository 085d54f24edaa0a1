import {
  PainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/cli/help.js
function formatHelp(help) {
  const width = Math.min(100, Math.max(60, process.stdout.columns ?? 100));
  const lines = [`Usage: ${help.usage}`, "", ...wrap(help.summary, width, ""), ""];
  const groups = [...new Set(help.options.map((option) => option.group))];
  for (const group of groups) {
    lines.push(`${group}:`);
    for (const option of help.options.filter((candidate) => candidate.group === group)) {
      const flag = `  ${option.short ? `-${option.short}, ` : ""}--${option.flag}${option.placeholder ? ` ${option.placeholder}` : ""}`;
      const text = option.description + (option.defaultText ? ` (default: ${option.defaultText})` : "");
      const body = wrap(text, width - 32, " ".repeat(32));
      if (flag.length < 31) {
        lines.push(flag.padEnd(32) + body[0].trimStart(), ...body.slice(1));
      } else {
        lines.push(flag, ...body);
      }
    }
    lines.push("");
  }
  if (help.notes?.length) {
    for (const note of help.notes)
      lines.push(...wrap(note, width, ""), "");
  }
  if (help.examples.length)
    lines.push("Examples:", ...help.examples.map((example) => `  ${example}`), "");
  return lines.join("\n");
}
function wrap(text, width, indent) {
  const lines = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && (indent + line + " " + word).length > width + indent.length) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line)
    lines.push(indent + line);
  return lines.length ? lines : [indent];
}

// dist/src/cli/option-spec.js
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
function parseCommandLine(specs, argv) {
  const config = {};
  for (const spec of specs) {
    config[spec.flag] = {
      type: spec.kind === "boolean" ? "boolean" : "string",
      ...spec.repeatable ? { multiple: true } : {},
      ...spec.short ? { short: spec.short } : {}
    };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: attachNegativeNumbers(specs, argv), options: config, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(error, specs);
  }
  const values = {};
  for (const spec of specs) {
    const raw = parsed.values[spec.flag];
    if (raw === void 0)
      continue;
    values[spec.field] = convert(spec, raw);
  }
  return { values, positionals: parsed.positionals };
}
function fieldNamer(specs, positionals = {}) {
  const flags = new Map(specs.map((spec) => [spec.field, `--${spec.flag}`]));
  return (field) => positionals[field] ?? flags.get(field) ?? `--${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}
function attachNegativeNumbers(specs, argv) {
  const numeric = /* @__PURE__ */ new Map();
  for (const spec of specs) {
    if (spec.kind !== "number" && spec.kind !== "numberList")
      continue;
    numeric.set(`--${spec.flag}`, spec.flag);
    if (spec.short)
      numeric.set(`-${spec.short}`, spec.flag);
  }
  const args = [];
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index];
    if (token === "--") {
      args.push(...argv.slice(index));
      break;
    }
    const flag = numeric.get(token);
    const next = argv[index + 1];
    if (flag !== void 0 && next !== void 0 && /^-(\d|\.\d|Infinity)/.test(next)) {
      args.push(`--${flag}=${next}`);
      index++;
    } else {
      args.push(token);
    }
  }
  return args;
}
function convert(spec, raw) {
  if (spec.kind === "boolean")
    return raw;
  const texts = Array.isArray(raw) ? raw : [raw];
  switch (spec.kind) {
    case "number":
      return spec.repeatable ? texts.map(toNumber) : toNumber(texts[texts.length - 1]);
    case "numberList":
      return texts.flatMap(splitList).map(toNumber);
    case "stringList":
      return texts.flatMap(splitList);
    case "pathList":
      return texts.flatMap(splitPathList);
    default:
      return spec.repeatable ? texts : texts[texts.length - 1];
  }
}
function splitPathList(text) {
  if (existsSync(text))
    return [text];
  return text.split(/(?<!\\),/).map((part) => part.trim().replaceAll("\\,", ",")).filter((part) => part.length > 0);
}
function splitList(text) {
  return text.split(",").map((part) => part.trim()).filter((part) => part.length > 0);
}
function toNumber(text) {
  const value = Number(text);
  return text.trim() !== "" && Number.isFinite(value) ? value : text;
}
function usageError(error, specs) {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message);
  if (unknown) {
    const typed = unknown[1].replace(/^-+/, "");
    const closest = closestFlag(typed, specs);
    const hint = closest ? ` Did you mean --${closest}?` : "";
    return new PainterlyError("INVALID_OPTION", `Unknown option ${unknown[1]}.${hint} Run with --help to see every option.`);
  }
  const missing = /Option '(-{1,2}[^']+?)(?: <value>)?' argument missing/.exec(message);
  if (missing)
    return new PainterlyError("INVALID_OPTION", `Option ${missing[1]} needs a value. Run with --help to see every option.`);
  return new PainterlyError("INVALID_OPTION", `${message.replace(/\.$/, "")}. Run with --help to see every option.`);
}
function closestFlag(typed, specs) {
  let best;
  for (const spec of specs) {
    const distance = editDistance(typed, spec.flag);
    if (!best || distance < best.distance)
      best = { flag: spec.flag, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(typed.length / 3)) ? best.flag : void 0;
}
function editDistance(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

export {
  formatHelp,
  parseCommandLine,
  fieldNamer
};
