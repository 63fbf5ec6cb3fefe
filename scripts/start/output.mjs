// Our own lines carry a bold (stderr: red) [start] prefix; each child's lines carry its label in a
// colour of its own, padded so the `|` columns line up. Colour only on a terminal, and never with
// NO_COLOR set.

const useColour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const COLOURS = [36, 33, 35, 32, 34, 91, 96, 93, 95, 92];
let nextColour = 0;
let labelWidth = 8;

/** A broken pipe on our own output (e.g. `pnpm start | head`) must not crash the orchestrator. */
export function ignoreBrokenPipes() {
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
}

function paint(code, text) {
  return useColour ? `\x1b[${code}m${text}\x1b[0m` : text;
}

export function log(message) {
  process.stdout.write(`${paint(1, '[start]')} ${message}\n`);
}

export function warn(message) {
  process.stderr.write(`${paint(31, '[start]')} ${message}\n`);
}

/** Set once the labels are known, before the first child starts, so every prefix has one width. */
export function setLabelWidth(width) {
  labelWidth = width;
}

export function makePrefix(label) {
  const colour = COLOURS[nextColour++ % COLOURS.length];
  return paint(colour, `${label.padEnd(labelWidth)} |`) + ' ';
}
