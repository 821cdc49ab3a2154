/**
 * Loaded into the bundle's process (`node --import`) to stand in for a defect of the action. No
 * answer of the API reaches a throw: the action checks every value it is given, so a test of
 * what a defect leaves behind brings its own.
 *
 * - DEFECT_SEGMENT: building the path of a request for that segment throws, as a bug would,
 *   inside that one person's work, before anything is sent.
 * - DEFECT_ANSWER_HEADER: reading an answer's header of that name throws a TypeError with a code
 *   of Node's own (`ERR_INVALID_ARG_TYPE`), as a bug in the HTTP client would: inside an
 *   attempt, once the request has been sent.
 */
const segment = process.env.DEFECT_SEGMENT;
const encode = globalThis.encodeURIComponent;
globalThis.encodeURIComponent = (value: string | number | boolean) => {
  if (segment !== undefined && value === segment) throw new Error(`a defect while building the path for ${segment}`);
  return encode(value);
};

const answerHeader = process.env.DEFECT_ANSWER_HEADER;
if (answerHeader !== undefined) {
  // The client collects an answer's headers into a plain object, reading each name on it first.
  Object.defineProperty(Object.prototype, answerHeader, {
    get() {
      const error = new TypeError(`a defect while reading the answer header ${answerHeader}`);
      throw Object.assign(error, { code: 'ERR_INVALID_ARG_TYPE' });
    },
  });
}
