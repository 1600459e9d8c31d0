import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '../common/domain-error';
import { newToken } from '../common/tokens';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { FailureThrottle } from './failure-throttle.service';
import { AuthService, Organiser } from './auth.service';
import { AllowCoordinators, AllowSignInStaff, OrganiserGuard, SESSION_COOKIE } from './organiser.guard';

/** Cookie of the sign-in form's CSRF token (double submit: there is no session yet). */
const LOGIN_CSRF_COOKIE = 'login_csrf';

/** Only same-site relative paths may follow a login. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[\w\-/?=&.%]*$/.test(next) ? next : '/admin';
}

function sameToken(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || a.length === 0) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Sign-in and sign-out pages, and the signed-in session for API clients (its CSRF token). */
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly failures: FailureThrottle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('admin/login')
  page(@Query('next') next: string | undefined, @Res() res: Response) {
    this.renderLogin(res, 200, { next: safeNext(next) });
  }

  /**
   * Failed sign-ins are counted per client address (FailureThrottle) on top of the per-account
   * lockout; correct sign-ins never count, so a district behind one NAT address is not slowed.
   */
  @Post('admin/login')
  @HttpCode(200)
  async login(@Body() form: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const username = typeof form.username === 'string' ? form.username.trim() : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const next = safeNext(form.next);
    try {
      if (!sameToken(form._csrf, req.cookies?.[LOGIN_CSRF_COOKIE])) throw new DomainError('CSRF_FAILED', '登录页面已过期，请重新输入。');
      if (!username || !password) throw new DomainError('UNAUTHENTICATED', '请输入用户名和密码。');
      await this.failures.assertAllowed('login', req.ip ?? 'unknown');
      const token = await this.auth.login(username, password).catch(async (error: unknown) => {
        if (error instanceof DomainError && error.code === 'UNAUTHENTICATED') await this.failures.recordFailure('login', req.ip ?? 'unknown');
        throw error;
      });
      res.clearCookie(LOGIN_CSRF_COOKIE, { path: '/admin/login' });
      res.cookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: this.config.publicBaseUrl.startsWith('https:'),
        maxAge: this.config.organiser.sessionHours * 3_600_000,
        path: '/',
      });
      res.redirect(303, next);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.renderLogin(res, error.status, { next, username, error: error.message });
    }
  }

  @Post('admin/logout')
  @UseGuards(OrganiserGuard)
  @AllowCoordinators()
  @AllowSignInStaff()
  async logout(@Req() req: Request, @Res() res: Response) {
    await this.auth.logout(req.cookies?.[SESSION_COOKIE]);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/admin/login');
  }

  /** The signed-in account and the CSRF token JSON clients send as `X-CSRF-Token`. */
  @Get('api/admin/session')
  @UseGuards(OrganiserGuard)
  @AllowCoordinators()
  @AllowSignInStaff()
  session(@Req() req: Request & { organiser: Organiser }) {
    const { username, displayName, role, districtId, csrfToken } = req.organiser;
    return { username, displayName, role, districtId, csrfToken };
  }

  private renderLogin(res: Response, status: number, model: Record<string, unknown>) {
    const csrf = newToken();
    res.cookie(LOGIN_CSRF_COOKIE, csrf, { httpOnly: true, sameSite: 'strict', path: '/admin/login', maxAge: 3_600_000 });
    res.status(status).render('auth/login', { title: '登录', csrfToken: csrf, ...model });
  }
}
