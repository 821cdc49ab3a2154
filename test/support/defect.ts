/**
 * Loaded into the bundle's process (`node --import`) to stand in for a defect of the action:
 * building the path of a request for the segment DEFECT_SEGMENT throws, as a bug would, inside
 * that one person's work. No answer of the API reaches a throw: the action checks every value
 * it is given, so a test of what a defect leaves behind brings its own.
 */
const segment = process.env.DEFECT_SEGMENT;
const encode = globalThis.encodeURIComponent;
globalThis.encodeURIComponent = (value: string | number | boolean) => {
  if (segment !== undefined && value === segment) throw new Error(`a defect while building the path for ${segment}`);
  return encode(value);
};
