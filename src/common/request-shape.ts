import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from './domain-error';

/**
 * Deepest nesting of objects and arrays a request body may have. The deepest real body (a staffing
 * assignment with its approval and office list) nests 3 levels; recursive code (class-transformer,
 * class-validator, `String(array)`) overflows the stack somewhere past a few thousand.
 */
export const MAX_BODY_DEPTH = 16;

/** Body types the app parses: JSON and forms by the body parsers, multipart by multer on upload routes. */
const PARSED_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];
/** Methods whose body, if any, no route reads. */
const READ_ONLY = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Express middleware: a request that carries a body of a declared type nobody parses (text/plain,
 * XML, …) gets 415 UNSUPPORTED_MEDIA_TYPE instead of reaching a handler with no body.
 */
export function refuseUnparsedBodies(req: Request, _res: Response, next: NextFunction): void {
  // No Content-Type (an empty POST sent chunked, say): nothing to parse, handlers see no body.
  // `req.is` answers null for a request without a body, false for a body of another type.
  if (!READ_ONLY.has(req.method) && req.headers['content-type'] !== undefined && req.is(PARSED_TYPES) === false) {
    return next(new DomainError('UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型：请以 JSON（application/json）或表单提交。'));
  }
  next();
}

/**
 * Express middleware: a query key given twice (`?q=a&q=b`) gets 400 QUERY_INVALID naming the key,
 * so every handler sees each query value as one string (never an array).
 */
export function refuseRepeatedQueryKeys(req: Request, _res: Response, next: NextFunction): void {
  const at = req.originalUrl.indexOf('?');
  if (at < 0) return next();
  const seen = new Set<string>();
  for (const key of new URLSearchParams(req.originalUrl.slice(at + 1)).keys()) {
    if (seen.has(key)) return next(new DomainError('QUERY_INVALID', `查询参数“${key.slice(0, 40)}”重复出现，每个参数只能给一次。`));
    seen.add(key);
  }
  next();
}

/** Nesting depth of a parsed value (a scalar is 0), measured without recursion; stops once past `limit`. */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > limit) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Global pipe, before validation: the whole body a handler asks for (`@Body()`) must have been
 * sent and be an object (not an array or a scalar); any body value (whole or one field, JSON,
 * form or multipart) nests at most MAX_BODY_DEPTH levels. Throws DomainError BODY_INVALID (400).
 */
@Injectable()
export class BodyShapePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    if (metadata.data === undefined) {
      if (value === undefined) throw new DomainError('BODY_INVALID', '请求缺少内容：请以 JSON（application/json）或表单提交。');
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new DomainError('BODY_INVALID', '请求内容必须是 JSON 对象或表单。');
    }
    if (nestingDepth(value, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) throw new DomainError('BODY_INVALID', `请求内容嵌套过深（最多 ${MAX_BODY_DEPTH} 层）。`);
    return value;
  }
}
