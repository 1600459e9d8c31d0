import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '../common/domain-error';
import { setActor } from '../common/request-context';
import { AuthService, Organiser } from './auth.service';

/** Name of the login cookie. */
export const SESSION_COOKIE = 'sid';

const ALLOW_COORDINATORS = 'allowCoordinators';

/**
 * Marks a route that district coordinators may use too; the handler must limit them to their
 * own district (issue 6). Without it, a guarded route is for city organisers only.
 */
export const AllowCoordinators = () => SetMetadata(ALLOW_COORDINATORS, true);

const ALLOW_SIGN_IN_STAFF = 'allowSignInStaff';

/**
 * Marks a route that sign-in staff (签到人员) may use (issue 11): signing people in, and their own
 * session. Sign-in staff are refused on every other route, including coordinators' ones.
 */
export const AllowSignInStaff = () => SetMetadata(ALLOW_SIGN_IN_STAFF, true);

const CSRF_IN_QUERY = 'csrfInQuery';

/**
 * Marks a multipart upload route: its form carries the CSRF token as `?_csrf=` in the action URL,
 * because multer reads a multipart body only after the guards have run. Only such routes accept
 * the token in the query string (elsewhere it would end up in logs and browser history).
 */
export const CsrfTokenInQuery = () => SetMetadata(CSRF_IN_QUERY, true);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/**
 * Lets signed-in accounts through and puts them on `request.organiser`:
 * - UNAUTHENTICATED without a valid session; FORBIDDEN for a coordinator on an organiser-only route,
 *   and for sign-in staff on any route not marked `AllowSignInStaff`;
 * - every state-changing request must carry the session's CSRF token (form field `_csrf` or header
 *   `X-CSRF-Token`; query `_csrf` only on routes marked CsrfTokenInQuery), else CSRF_FAILED (403).
 */
@Injectable()
export class OrganiserGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { organiser?: Organiser }>();
    const account = await this.auth.organiserFor(request.cookies?.[SESSION_COOKIE]);
    if (!account) throw new DomainError('UNAUTHENTICATED', '请先登录。');
    const targets = [context.getHandler(), context.getClass()];
    const coordinatorsAllowed = this.reflector.getAllAndOverride<boolean>(ALLOW_COORDINATORS, targets);
    const signInStaffAllowed = this.reflector.getAllAndOverride<boolean>(ALLOW_SIGN_IN_STAFF, targets);
    const allowed = account.role === 'organiser' || (account.role === 'coordinator' && coordinatorsAllowed) || (account.role === 'signin' && signInStaffAllowed);
    if (!allowed) throw new DomainError('FORBIDDEN', '您的账号无权进行此操作。');
    if (!SAFE_METHODS.has(request.method)) {
      const fromQuery = this.reflector.getAllAndOverride<boolean>(CSRF_IN_QUERY, targets) ? request.query?._csrf : undefined;
      const sent = request.body?._csrf ?? fromQuery ?? request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !same(sent, account.csrfToken)) {
        throw new DomainError('CSRF_FAILED', '页面已过期或请求来源无效，请刷新页面后重试。');
      }
      if (request.body && typeof request.body === 'object') delete request.body._csrf;
    }
    request.organiser = account;
    setActor({ kind: account.role, id: account.id, label: account.username, districtId: account.districtId });
    const locals = context.switchToHttp().getResponse<Response>().locals;
    locals.organiserNav = true;
    locals.isCityOrganiser = account.role === 'organiser';
    locals.isSignInStaff = account.role === 'signin';
    locals.csrfToken = account.csrfToken;
    locals.account = { username: account.username, displayName: account.displayName };
    return true;
  }
}
