import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Inject } from '@nestjs/common';
import { AuthService } from './auth.service';
import { SESSION_COOKIE } from './organiser.guard';

/** Only same-site relative paths may follow a login. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[\w\-/?=&.%]*$/.test(next) ? next : '/admin';
}

/** Organiser sign-in and sign-out pages. */
@Controller('admin')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('login')
  page(@Query('next') next: string | undefined, @Res() res: Response) {
    res.render('auth/login', { title: '组织者登录', next: safeNext(next) });
  }

  @Post('login')
  async login(@Body() form: Record<string, unknown>, @Res() res: Response) {
    const username = typeof form.username === 'string' ? form.username.trim() : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const next = safeNext(form.next);
    try {
      if (!username || !password) throw new DomainError('UNAUTHENTICATED', '请输入用户名和密码。');
      const token = await this.auth.login(username, password);
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
      res.status(401).render('auth/login', { title: '组织者登录', next, username, error: error.message });
    }
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response) {
    await this.auth.logout(req.cookies?.[SESSION_COOKIE]);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/admin/login');
  }
}
