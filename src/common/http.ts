import type { Request } from 'express';

/** True for page requests (not `/api`) whose client accepts HTML. */
export function wantsHtml(request: Request): boolean {
  if (request.path.startsWith('/api/') || request.path === '/api') return false;
  return Boolean(request.accepts(['html', 'json']) === 'html');
}
