/** Value encodings for iCalendar TEXT values and property parameters. */

/**
 * Makes free text representable in iCalendar: CRLF and lone CR become LF,
 * control characters other than HTAB and LF are removed (RFC 5545 §3.3.11
 * TSAFE-CHAR excludes CONTROL), and lone UTF-16 surrogates become U+FFFD so
 * the UTF-8 output stays valid.
 */
export function sanitizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\x00-\x08\x0B-\x1F\x7F]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Encodes a TEXT value (RFC 5545 §3.3.11): `\` → `\\`, `;` → `\;`, `,` → `\,`,
 * newline → `\n`. The input is sanitised first (see {@link sanitizeText}).
 */
export function escapeText(text: string): string {
  return sanitizeText(text)
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/**
 * Encodes a property parameter value such as CN (RFC 5545 §3.2).
 * A parameter value cannot contain DQUOTE and has no backslash escaping, so
 * `^`, `"` and newline are written with RFC 6868 caret encoding (`^^`, `^'`,
 * `^n`); the value is then DQUOTE-quoted when it contains `:`, `;` or `,`.
 */
export function encodeParamValue(value: string): string {
  const encoded = sanitizeText(value)
    .replace(/\^/g, '^^')
    .replace(/"/g, "^'")
    .replace(/\n/g, '^n');
  return /[:;,]/.test(encoded) ? `"${encoded}"` : encoded;
}

/**
 * Renders a calendar user line such as ORGANIZER or ATTENDEE (RFC 5545
 * §3.8.4.1, §3.8.4.3): `NAME;CN=<encoded>;<extra params>:mailto:<email>`.
 * `extraParams` are written verbatim and must already be valid (`ROLE=CHAIR`).
 * @throws Error when the address cannot be written as a mailto URI as is.
 */
export function calAddressLine(
  property: string,
  person: { name: string; email: string },
  extraParams: readonly string[] = [],
): string {
  if (!/^[^\s<>"@]+@[^\s<>"@]+$/.test(person.email)) {
    throw new Error(`Invalid e-mail address for ${property}: ${JSON.stringify(person.email)}`);
  }
  const params = [`CN=${encodeParamValue(person.name)}`, ...extraParams];
  return `${property};${params.join(';')}:mailto:${person.email}`;
}
