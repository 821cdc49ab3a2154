/** The forms a secret may be echoed in besides raw and JSON-escaped text: what the redactor must know. */
import { Buffer } from 'node:buffer';

/** Every character as `%XX` of its UTF-8 bytes, the hex digits in `hexCase`. */
export function percentEveryCharacter(text: string, hexCase: 'lower' | 'upper'): string {
  const hex = [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
  return hexCase === 'upper' ? hex.toUpperCase() : hex;
}

/** Every character as an HTML character reference, in turn decimal, hex and (where one exists) named. */
export function htmlReferences(text: string): string {
  const named: Record<string, string> = {
    '.': '&period;',
    '/': '&sol;',
    '+': '&plus;',
    '=': '&equals;',
    _: '&lowbar;',
  };
  return Array.from(text)
    .map((ch, i) => {
      const code = ch.codePointAt(0) ?? 0;
      if (i % 3 === 2 && named[ch] !== undefined) return named[ch];
      return i % 2 === 0 ? `&#${code};` : `&#x${code.toString(16).toUpperCase()};`;
    })
    .join('');
}

/** The base64 of `text` inside the base64 of a longer text, where `text` starts at byte `offset`. */
export function base64Embedded(text: string, offset: number): string {
  return Buffer.from(`${'x'.repeat(offset)}${text}:tail`, 'utf8').toString('base64');
}
