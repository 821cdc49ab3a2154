/** Text as a JSON encoder may write it inside a string: every UTF-16 unit as `\uXXXX`. */
export function escapeEveryUnit(text: string, hexCase: 'lower' | 'upper'): string {
  return text.replace(/[\s\S]/g, (unit) => {
    const hex = unit.charCodeAt(0).toString(16).padStart(4, '0');
    return `\\u${hexCase === 'upper' ? hex.toUpperCase() : hex}`;
  });
}
