import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../common/domain-error';
import { AuthService, Organiser } from './auth.service';

/** Name of the login cookie. */
export const SESSION_COOKIE = 'sid';

/** Lets signed-in organisers through and puts them on `request.organiser`; others get UNAUTHENTICATED. */
@Injectable()
export class OrganiserGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { organiser?: Organiser }>();
    const organiser = await this.auth.organiserFor(request.cookies?.[SESSION_COOKIE]);
    if (!organiser) throw new DomainError('UNAUTHENTICATED', '请先以组织者身份登录。');
    request.organiser = organiser;
    // Pages rendered for a signed-in organiser show the organiser navigation.
    context.switchToHttp().getResponse<Response>().locals.organiserNav = true;
    return true;
  }
}
