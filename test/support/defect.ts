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
 * - DEFECT_AT_START: the first composite abort signal the run makes throws, as a bug would while
 *   the run is set up, before any work.
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

if (process.env.DEFECT_AT_START !== undefined) {
  const any = AbortSignal.any.bind(AbortSignal);
  let first = true;
  AbortSignal.any = (signals: AbortSignal[]) => {
    if (!first) return any(signals);
    first = false;
    throw new Error('a defect while the run was set up');
  };
}
