// dist/src/cli/event-writer.js
var stdoutClosed = false;
function writeJsonEvent(event) {
  if (!stdoutClosed)
    process.stdout.write(`${JSON.stringify(event)}
`);
}
function watchStdout(onClosed) {
  process.stdout.on("error", (error) => {
    if (error.code !== "EPIPE")
      throw error;
    stdoutClosed = true;
    onClosed();
  });
}
function isStdoutClosed() {
  return stdoutClosed;
}
function noticeWriter(quiet) {
  return (message) => {
    if (!quiet)
      process.stderr.write(`Note: ${message}
`);
  };
}

export {
  writeJsonEvent,
  watchStdout,
  isStdoutClosed,
  noticeWriter
};
