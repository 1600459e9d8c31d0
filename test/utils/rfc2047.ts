/**
 * A strict reader of RFC 5322 header fields with RFC 2047 encoded-words, for tests: each
 * encoded-word is decoded on its own (base64 or Q to bytes, then UTF-8 with `fatal: true`), so
 * a character split across two encoded-words (RFC 2047 §5: "each encoded-word MUST represent an
 * integral number of characters") is an error, not two U+FFFD.
 */

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/** Unfolded header fields of a raw message, by lower-case name (all values of repeated fields). */
export function headerFields(raw: string | Buffer): Map<string, string[]> {
  const text = Buffer.isBuffer(raw) ? raw.toString('latin1') : raw;
  const end = text.search(/\r?\n\r?\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const fields = new Map<string, string[]>();
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).replace(/^[ \t]/, '')]);
  }
  return fields;
}

/** The raw (folded) lines of the header block, to check line lengths. */
export function headerLines(raw: string | Buffer): string[] {
  const text = Buffer.isBuffer(raw) ? raw.toString('latin1') : raw;
  const end = text.search(/\r?\n\r?\n/);
  return (end < 0 ? text : text.slice(0, end)).split(/\r?\n/);
}

/** One encoded-word's text. @throws Error when it is not UTF-8 or not a whole number of characters. */
export function decodeEncodedWord(charset: string, encoding: string, payload: string): string {
  if (!/^utf-8(\*.*)?$/i.test(charset)) throw new Error(`unexpected charset ${charset}`);
  let bytes: Buffer;
  if (encoding.toUpperCase() === 'B') {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload) || payload.length % 4 !== 0) throw new Error(`bad base64 in encoded-word: ${payload}`);
    bytes = Buffer.from(payload, 'base64');
  } else {
    const out: number[] = [];
    for (let i = 0; i < payload.length; i++) {
      const c = payload[i];
      if (c === '_') out.push(0x20);
      else if (c === '=') {
        const hex = payload.slice(i + 1, i + 3);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Error(`bad Q escape in encoded-word: ${payload}`);
        out.push(parseInt(hex, 16));
        i += 2;
      } else out.push(c.charCodeAt(0));
    }
    bytes = Buffer.from(out);
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/**
 * Decodes an unstructured header value (e.g. Subject): encoded-words one by one, white space
 * between adjacent encoded-words dropped (RFC 2047 §6.2). Every encoded-word is at most 75
 * characters (§2). @throws Error on any encoded-word that does not decode strictly.
 */
export function decodeStrict(value: string): string {
  let result = '';
  let last = 0;
  let previousWasWord = false;
  for (const match of value.matchAll(ENCODED_WORD)) {
    const between = value.slice(last, match.index);
    if (!(previousWasWord && /^[ \t]*$/.test(between))) result += between;
    if (match[0].length > 75) throw new Error(`encoded-word longer than 75 characters: ${match[0]}`);
    result += decodeEncodedWord(match[1], match[2], match[3]);
    last = match.index! + match[0].length;
    previousWasWord = true;
  }
  return result + value.slice(last);
}

/** A single mailbox header (`name <address>`), display name decoded strictly or unquoted. */
export function decodeMailbox(value: string): { name: string; address: string } {
  const m = /^(.*?)\s*<([^<>]+)>\s*$/.exec(value);
  if (!m) return { name: '', address: value.trim() };
  const display = m[1].trim();
  const name = /^".*"$/.test(display) ? display.slice(1, -1).replace(/\\(.)/g, '$1') : decodeStrict(display);
  return { name, address: m[2] };
}
