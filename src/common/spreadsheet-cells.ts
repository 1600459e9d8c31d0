/**
 * Cell text that a spreadsheet would run as a formula (CSV/formula injection, OWASP): text
 * starting with = + - @, a tab or a carriage return. Such text gets a leading apostrophe, so
 * Excel and LibreOffice show it as typed and never evaluate it. Numbers and dates pass unchanged.
 */
export function neutraliseCell<T>(value: T): T | string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * A CSV file (RFC 4180, CRLF) in UTF-8 with a byte-order mark so that Excel opens Chinese text
 * correctly; every cell neutralised by `neutraliseCell` and quoted when needed.
 */
export function toCsv(rows: unknown[][]): Buffer {
  const cell = (value: unknown) => {
    const text = String(neutraliseCell(value ?? ''));
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return Buffer.from('\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n', 'utf8');
}
