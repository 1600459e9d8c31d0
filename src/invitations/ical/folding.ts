/** Line folding for iCalendar content lines. Source: RFC 5545 §3.1. */

const CRLF = '\r\n';

/** RFC 5545 §3.1: "Lines of text SHOULD NOT be longer than 75 octets, excluding the line break." */
export const MAX_LINE_OCTETS = 75;

/**
 * Joins folded physical lines back into content lines by removing every CRLF
 * that is immediately followed by one space or horizontal tab (RFC 5545 §3.1).
 * The leading white-space character of the continuation line is removed with it.
 */
export function unfold(text: string): string {
  return text.replace(/\r\n[ \t]/g, '');
}

/**
 * Folds one unfolded content line so that no physical line exceeds 75 UTF-8
 * octets (the CRLF not counted). Continuation lines start with one space, and
 * that space counts towards their 75. Breaks only between code points, so a
 * multi-byte UTF-8 sequence or a UTF-16 surrogate pair is never split
 * (RFC 5545 §3.1: "Multi-octet characters MUST NOT be split").
 * Returns the physical lines joined by CRLF, without a trailing CRLF.
 * @throws Error when `line` contains CR or LF (it must be one content line).
 */
export function foldLine(line: string): string {
  if (/[\r\n]/.test(line)) {
    throw new Error('foldLine expects one content line without CR or LF');
  }
  const physical: string[] = [];
  let current = '';
  let octets = 0;
  // for..of walks code points; a lone surrogate arrives alone and is sized as U+FFFD.
  for (const char of line) {
    const size = utf8Octets(char.codePointAt(0) as number);
    if (octets + size > MAX_LINE_OCTETS) {
      physical.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  physical.push(current);
  return physical.join(CRLF);
}

/**
 * Folds a list of unfolded content lines into an iCalendar stream: every line
 * folded by octets and terminated by CRLF (RFC 5545 §3.1).
 */
export function foldLines(lines: readonly string[]): string {
  return lines.map((line) => foldLine(line) + CRLF).join('');
}

/** UTF-8 length of one code point; surrogates (lone ones) encode as U+FFFD, 3 octets. */
function utf8Octets(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}
