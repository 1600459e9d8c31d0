/**
 * Masks what could identify a person or open their page in a log line (issue 10, item 9):
 * e-mail addresses (the domain is kept), personal-link tokens (43 base64url characters, 32 bytes),
 * mainland mobile numbers. Names cannot be recognised in free text: code never logs them.
 */
export function maskPersonalData(text: string): string {
  return text
    .replace(/[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g, '***@$1')
    .replace(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, '[token]')
    .replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, '[mobile]');
}

/** A request path for the log: personal-link tokens replaced, the query string dropped (it may hold names). */
export function loggablePath(url: string): string {
  const path = url.split('?')[0];
  return maskPersonalData(path.replace(/^\/r\/[^/]+/, '/r/[token]'));
}
