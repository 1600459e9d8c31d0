/**
 * Server-side paging of list pages (issue 13, item 1): the page number and size from the query
 * string, and the links of a pager that keep every filter (so a filter survives paging and
 * export). Pages count from 1; the size is clamped to 10–200 (default 50).
 */
export interface PageRequest {
  page: number;
  size: number;
  offset: number;
}

/** Reads `page` and `size` from a query string object; malformed values fall back to defaults. */
export function readPage(query: Record<string, unknown>, defaultSize = 50): PageRequest {
  const int = (v: unknown) => (typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : undefined);
  const page = Math.max(1, int(query.page) ?? 1);
  const size = Math.min(200, Math.max(10, int(query.size) ?? defaultSize));
  return { page, size, offset: (page - 1) * size };
}

/** A query string of the non-empty filters (string values only), with `extra` on top. */
export function queryString(filters: Record<string, unknown>, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) {
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'string' || typeof value === 'number') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The pager's view model: totals, current page, previous/next links (null at the ends). */
export function pager(path: string, filters: Record<string, unknown>, request: PageRequest, total: number) {
  const pages = Math.max(1, Math.ceil(total / request.size));
  const page = Math.min(request.page, pages);
  const keep = { ...filters, page: undefined, notice: undefined, for: undefined };
  const href = (p: number) => `${path}${queryString(keep, { page: p, size: request.size === 50 ? undefined : request.size })}`;
  return {
    total,
    page,
    pages,
    from: total === 0 ? 0 : (page - 1) * request.size + 1,
    to: Math.min(total, page * request.size),
    first: page > 1 ? href(1) : null,
    prev: page > 1 ? href(page - 1) : null,
    next: page < pages ? href(page + 1) : null,
    last: page < pages ? href(pages) : null,
  };
}

/** A sort key from the query string, limited to `allowed` (first one by default). */
export function readSort<K extends string>(value: unknown, allowed: readonly K[]): K {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as K) : allowed[0];
}
