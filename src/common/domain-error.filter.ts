import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { StorageUnavailableError, isRejectedValue, isStorageFault } from '../database/storage-fault';
import { EntityNotFoundError } from 'typeorm';
import { clipDetails, clipText, ERROR_TEXT_MAX } from './clip-text';
import { DomainError } from './domain-error';
import { wantsHtml } from './http';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}

const HTTP_MESSAGES: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', '请求内容有误，请检查后重试。'],
  401: ['UNAUTHENTICATED', '请先登录。'],
  403: ['FORBIDDEN', '您无权进行此操作。'],
  404: ['NOT_FOUND', '您访问的页面不存在。'],
  405: ['METHOD_NOT_ALLOWED', '不支持此操作。'],
  413: ['PAYLOAD_TOO_LARGE', '提交的内容过大。'],
  415: ['UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型。'],
  429: ['TOO_MANY_REQUESTS', '操作过于频繁，请稍后再试。'],
};

/** class-validator's own English messages, for the few not given a Chinese one in the DTOs; a field name the client sent is quoted clipped. */
function translateValidation(message: string): string {
  return message
    .replace(/^(?:(.+)\.)?property (\S+) should not exist$/s, (_, parent, field) => `不允许的字段“${clipText(`${parent ? `${parent}.` : ''}${field}`)}”`)
    .replace(/^an unknown value was passed to the validate function$/, '请求内容必须是 JSON 对象');
}

/**
 * Maps every error to one response: `DomainError` codes to their status; Nest HTTP errors
 * (validation, 404) to theirs; TypeORM's EntityNotFoundError to 404; anything else to 500
 * without internals. JSON for `/api` and
 * clients that do not accept HTML, a Chinese error page otherwise (house rule 7).
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const body = bounded(this.toBody(exception));
    if (body.code === 'STORAGE_UNAVAILABLE') this.logger.error(`Storage fault: ${describeCause(exception)}`);
    else if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (response.headersSent) return;
    if (body.statusCode === 503) response.setHeader('Retry-After', '30');
    const retryAfter = (body.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (body.statusCode === 429 && typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    if (wantsHtml(request) && body.code === 'UNAUTHENTICATED' && request.method === 'GET') {
      response.redirect(303, `/admin/login?next=${encodeURIComponent(request.originalUrl)}`);
    } else if (wantsHtml(request)) {
      response.status(body.statusCode).render('errors/error', { title: '出错了', ...body });
    } else {
      response.status(body.statusCode).json(body);
    }
  }

  private toBody(exception: unknown): ErrorBody {
    // A statement or COMMIT the storage refused (disk full, I/O, locked): 503, never 500.
    if (!(exception instanceof DomainError) && isStorageFault(exception)) exception = new StorageUnavailableError(exception);
    if (exception instanceof DomainError) {
      return { statusCode: exception.status, code: exception.code, message: exception.message, details: exception.details };
    }
    if (isRejectedValue(exception)) return { statusCode: 400, code: 'VALIDATION_FAILED', message: '输入的值超出允许的范围或格式无效，请检查后重试。' };
    // A `findOneByOrFail` on an id from the URL that names no row: the client's mistake, not ours.
    if (exception instanceof EntityNotFoundError) return { statusCode: 404, code: 'NOT_FOUND', message: '您要找的记录不存在，可能已被删除。' };
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const [code, fallback] = HTTP_MESSAGES[statusCode] ?? ['HTTP_ERROR', '请求未能完成。'];
      const response = exception.getResponse() as { message?: string | string[] };
      const messages = Array.isArray(response?.message) ? response.message : undefined;
      if (statusCode === 400 && messages) {
        // One message per fault: class-validator repeats a message for each failed constraint.
        const chinese = [...new Set(messages.map(translateValidation))];
        return { statusCode, code: 'VALIDATION_FAILED', message: `请求内容有误：${chinese.join('；')}`, details: chinese };
      }
      return { statusCode, code, message: fallback };
    }
    // Errors of the body parser and multer (too large, malformed JSON, too many files) carry a 4xx status.
    const status = (exception as { status?: unknown; statusCode?: unknown })?.status ?? (exception as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const [code, message] = HTTP_MESSAGES[status] ?? ['BAD_REQUEST', '请求内容有误，请检查后重试。'];
      return { statusCode: status, code, message };
    }
    if ((exception as { code?: unknown })?.code === 'LIMIT_FILE_SIZE') return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: HTTP_MESSAGES[413][1] };
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: '服务器内部错误，请稍后再试。' };
  }
}

/** The answer with its message and details clipped (clip-text.ts): no error echoes a huge input back. */
function bounded(body: ErrorBody): ErrorBody {
  const clipped = { ...body, message: clipText(body.message, ERROR_TEXT_MAX) };
  if (body.details !== undefined) clipped.details = clipDetails(body.details);
  return clipped;
}

/** The driver's message of a storage fault, without the query's parameters (personal data). */
function describeCause(exception: unknown): string {
  const cause = exception instanceof StorageUnavailableError ? exception.cause : exception;
  return cause instanceof Error ? cause.message : String(cause);
}
