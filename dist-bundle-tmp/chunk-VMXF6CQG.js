// dist/src/cli/error-text.js
function errorText(error, specs) {
  const { option } = error;
  const message = error.message.replace(/`([a-z][A-Za-z0-9]*)=([^`\s]+)`/g, (whole, key, value) => {
    const spec2 = specs.find((candidate) => candidate.field === key);
    return spec2 ? `--${spec2.flag} ${value}` : whole;
  });
  const spec = option === void 0 ? void 0 : specs.find((candidate) => candidate.field === option);
  if (!spec || option === void 0)
    return message;
  const flag = `--${spec.flag}`;
  if (new RegExp(`${flag}(?![\\w-])`).test(message))
    return message;
  const inPlace = ` for ${option} but received `;
  if (message.includes(inPlace))
    return message.replace(inPlace, ` for ${flag} but received `);
  return `${message} (see ${flag})`;
}

export {
  errorText
};
