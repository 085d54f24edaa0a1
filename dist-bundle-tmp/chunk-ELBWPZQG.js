// dist/src/engine/errors.js
var PainterlyError = class extends Error {
  code;
  option;
  constructor(code, message, details = {}) {
    super(message, details.cause === void 0 ? void 0 : { cause: details.cause });
    this.name = "PainterlyError";
    this.code = code;
    if (details.option !== void 0)
      this.option = details.option;
  }
};
function isPainterlyError(error) {
  return error instanceof Error && error.name === "PainterlyError" && typeof error.code === "string";
}
function invalidOption(expected, option, received) {
  return new PainterlyError("INVALID_OPTION", expectedMessage(expected, option, received), { option });
}
function invalidValue(expected, name, received) {
  return new PainterlyError("INVALID_OPTION", expectedMessage(expected, name, received));
}
function expectedMessage(expected, name, received) {
  const shown = typeof received === "string" ? JSON.stringify(received) : String(received);
  return `Expected ${expected} for ${name} but received ${shown}.`;
}
function throwIfAborted(signal, message = "The stylization was cancelled.", option) {
  if (signal?.aborted)
    throw new PainterlyError("ABORTED", message, { option });
}

export {
  PainterlyError,
  isPainterlyError,
  invalidOption,
  invalidValue,
  throwIfAborted
};
