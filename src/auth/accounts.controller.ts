import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { optionalId } from '../common/parse-id.pipe';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { Response } from 'express';
import { DomainError } from '../common/domain-error';
import { OrganisationService } from '../organisation/organisation.service';
import { AccountRole } from './account.entity';
import { AccountsService } from './accounts.service';
import { OrganiserGuard } from './organiser.guard';

const ROLE_TEXT: Record<AccountRole, string> = { organiser: '市局组织者', coordinator: '区协调员', signin: '签到人员' };

/** The accounts page: organisers create district coordinators (and other organisers) and deactivate accounts. */
@Controller('admin/accounts')
@UseGuards(OrganiserGuard)
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly organisation: OrganisationService,
  ) {}

  @Get()
  async list(@Query('notice') notice: string | undefined, @Res() res: Response) {
    res.render('auth/accounts', await this.model({ notice: notice === 'created' ? '账号已创建。' : notice === 'deactivated' ? '账号已停用。' : undefined }));
  }

  @Post()
  async create(@Body() form: Record<string, unknown>, @Res() res: Response) {
    const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string).trim() : '');
    const role: AccountRole = text('role') === 'organiser' ? 'organiser' : text('role') === 'signin' ? 'signin' : 'coordinator';
    try {
      await this.accounts.create({
        username: text('username'),
        displayName: text('displayName'),
        role,
        districtId: text('districtId') === '' ? null : (optionalId(text('districtId')) ?? 0),
        password: typeof form.password === 'string' ? form.password : '',
      });
      res.redirect(303, '/admin/accounts?notice=created');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const status = error.code === 'VALIDATION_FAILED' ? 422 : error.status;
      res.status(status).render('auth/accounts', await this.model({ error: error.message, errors: error.details, form: { ...form, password: '' } }));
    }
  }

  @Post(':id/deactivate')
  async deactivate(@Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    await this.accounts.deactivate(id);
    res.redirect(303, '/admin/accounts?notice=deactivated');
  }

  private async model(extra: Record<string, unknown>) {
    const districts = await this.organisation.listDistricts();
    const name = (id: number | null) => districts.find((d) => d.id === id)?.name ?? '';
    const form = (extra.form as Record<string, unknown>) ?? {};
    return {
      title: '账号管理',
      accounts: (await this.accounts.list()).map((a) => ({ ...a, roleText: ROLE_TEXT[a.role], district: name(a.districtId) })),
      districts: districts.map((d) => ({ id: d.id, name: d.name, selected: String(d.id) === form.districtId })),
      form,
      errors: {},
      ...extra,
    };
  }
}
