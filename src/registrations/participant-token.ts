import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../common/domain-error';

/** The personal-link token from `Authorization: Bearer <token>` (JSON API). */
export const BearerToken = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new DomainError('UNAUTHENTICATED', '缺少个人报名链接凭据（Authorization: Bearer <token>）。');
  return match[1];
});
