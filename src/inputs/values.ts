/** How the inputs' values are read: lists, numbers, booleans, URLs, one-line texts. */
import * as core from '@actions/core';
import { entryExcerpt } from '../model/entries.ts';
import { visibleName } from '../model/names.ts';
import { INPUTS, type InputDefinition, type InputName } from '../model/actions.ts';
import type { Redactor } from '../model/safe-text.ts';

export const DEFAULT_API_URL = INPUTS['api-url'].default;

/** One problem with one input, phrased as what is wrong and how to fix it. */
export interface InputProblem {
  input: string;
  message: string;
}

export class InvalidInputsError extends Error {
  readonly problems: InputProblem[];

  constructor(problems: InputProblem[]) {
    super(problems.map((p) => `Input "${p.input}": ${p.message}`).join('\n'));
    this.name = 'InvalidInputsError';
    this.problems = problems;
  }
}

/** Splits a list input on newlines and commas, trims, drops blanks and repeats. */
export function parseList(value: string): string[] {
  return [...new Set(listItems(value))];
}

/** The items of a list, split on newlines and commas and trimmed, blanks dropped. */
export function listItems(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export function apiUrlProblem(raw: string): string | URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw}" is not a URL; use the API's base URL, e.g. ${DEFAULT_API_URL}`;
  }
  if (url.username !== '' || url.password !== '') {
    return 'contains credentials; remove them and pass the token in the "token" input';
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    return 'uses plain http, which would send the token unencrypted; use https (http is allowed only for localhost, 127.0.0.0/8 and [::1])';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `uses ${url.protocol.replace(':', '')}; use an https URL`;
  }
  if (url.search !== '' || url.hash !== '') {
    return 'has a query or fragment; give only the base URL';
  }
  // The docs show paths with their version (https://api.turso.tech/v1/...), so people copy it;
  // the action adds the version itself.
  url.pathname = url.pathname.replace(/\/v[12]\/*$/, '/');
  return url;
}

/** A whole number written in plain decimal digits (never `0x10`, `1e1`, `+3` or ` 3`); undefined otherwise. */
export function decimalDigits(raw: string): number | undefined {
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/** A whole-number input, read as given (untrimmed) or its default when empty, from `min` to `max`. */
export function wholeNumber(name: InputName, min: number, max: number, problems: InputProblem[], quote: Quote): number {
  const fallback = Number(defaultOf(name));
  const raw = core.getInput(name, { trimWhitespace: false });
  if (raw === '') return fallback;
  const value = decimalDigits(raw);
  if (value === undefined || value < min || value > max) {
    problems.push({
      input: name,
      message: `${quote(raw)} is not a whole number from ${min} to ${max} in plain decimal digits; set it to one, e.g. ${fallback}`,
    });
    return fallback;
  }
  return value;
}

/** Seconds as a plain decimal (`30`, `0.5`), from 1 ms (what a timer can wait) to `max`. */
export function seconds(name: string, raw: string, max: number, problems: InputProblem[]): number {
  const value = Number(raw);
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(raw) || value < 0.001 || value > max) {
    problems.push({
      input: name,
      message: `"${visibleName(raw)}" is not a number of seconds from 0.001 to ${max} written as a plain decimal; set it to one, e.g. 30`,
    });
    return 1;
  }
  return value;
}

/**
 * An entry as a message quotes it: redacted, then cut short (a cut can split a secret, which
 * redaction then no longer recognises), invisible characters shown as code points.
 */
export type Quote = (text: string) => string;

export const quoter =
  (redact: Redactor): Quote =>
  (text) =>
    `"${visibleName(entryExcerpt(redact(text)))}"`;

/** A true/false input (the toolkit's YAML 1.2 booleans); empty means the default. */
export function booleanInput(name: InputName, problems: InputProblem[]): boolean {
  const fallback = defaultOf(name) === 'true';
  const raw = core.getInput(name);
  if (raw === '') return fallback;
  try {
    return core.getBooleanInput(name);
  } catch {
    problems.push({ input: name, message: `"${raw}" is not a boolean; use true or false` });
    return fallback;
  }
}

/**
 * Refuses a token that no HTTP header can carry (a line break, a control character, a character
 * beyond Latin-1: what fetch and undici refuse to send), never quoting it: sent, it would fail
 * every request as if the network had.
 */
export function refuseHeaderToken(input: string, token: string, problems: InputProblem[]): void {
  // The characters of an HTTP header value (RFC 9110 field-value), as the runtime checks them.
  if (/^[\t\x20-\x7e\x80-\xff]*$/.test(token)) return;
  problems.push({
    input,
    message:
      'holds a line break or another character an HTTP header cannot carry (copied with the end of a line?); store the secret again as the token alone, on one line',
  });
}

// eslint-disable-next-line no-control-regex -- control characters are what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Whether a text is one line without control characters (a name, a ticket number). */
export function isOneLine(raw: string): boolean {
  return !CONTROL.test(raw);
}

/**
 * An input's default, from the one definition of the actions: what an input given as `''` reads
 * as (the runner fills in the default only when the input is left out).
 */
export function defaultOf(name: InputName): string {
  const definition: InputDefinition = INPUTS[name];
  return definition.default ?? '';
}

/** An input as given, or its default when empty. */
export function givenOrDefault(name: InputName): string {
  return core.getInput(name) || defaultOf(name);
}

/** An input that must be one of `choices`; its default, with the problem pushed, otherwise. */
export function oneOf<const C extends string>(name: InputName, choices: readonly C[], problems: InputProblem[]): C {
  const raw = givenOrDefault(name);
  const chosen = choices.find((choice) => choice === raw);
  if (chosen !== undefined) return chosen;
  problems.push({
    input: name,
    message: `"${visibleName(raw)}" is not one of ${choices.join(', ')}; set it to one`,
  });
  return choices.find((choice) => choice === defaultOf(name)) ?? (choices[0] as C);
}
