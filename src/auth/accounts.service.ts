import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { isCleanText } from '../common/text-rules';
import { TransactionRunner } from '../database/transaction-runner';
import { District } from '../organisation/district.entity';
import { Account, AccountRole } from './account.entity';
import { hashPassword, passwordProblem } from './passwords';
import { LoginSession } from './login-session.entity';

/** A new account as the organiser enters it. */
export interface NewAccount {
  username: string;
  displayName: string;
  role: AccountRole;
  districtId: number | null;
  password: string;
}

/** An account as the accounts page lists it (no hash). */
export interface AccountView {
  id: number;
  username: string;
  displayName: string;
  role: AccountRole;
  districtId: number | null;
  active: boolean;
  locked: boolean;
}

/** Organisers create and deactivate accounts; district coordinators act for one district (issue 6). */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<AccountView[]> {
    const now = Date.now();
    const rows = await this.dataSource.getRepository(Account).find({ order: { role: 'DESC', username: 'ASC' } });
    return rows.map(({ id, username, displayName, role, districtId, active, lockedUntil }) => ({
      id, username, displayName, role, districtId, active, locked: !!lockedUntil && lockedUntil.getTime() > now,
    }));
  }

  /**
   * Creates an account. @returns its id.
   * @throws DomainError VALIDATION_FAILED (field errors in `details`), INVALID_STATE (user name taken).
   */
  async create(input: NewAccount): Promise<number> {
    const errors: Record<string, string> = {};
    if (!/^[a-z0-9][a-z0-9._-]{2,31}$/.test(input.username)) errors.username = '用户名为 3–32 位小写字母、数字或 . _ -。';
    if (!isCleanText(input.displayName, 50)) errors.displayName = '请填写姓名或单位（不超过 50 字，不能含换行、控制字符或不可见的格式字符）。';
    if (input.role === 'coordinator' && !input.districtId) errors.districtId = '请选择协调员所属的区。';
    const weak = passwordProblem(input.password);
    if (weak) errors.password = weak;
    if (Object.keys(errors).length) throw new DomainError('VALIDATION_FAILED', '请修正标红的项目。', errors);
    return this.transactions.run(async (m) => {
      if (input.districtId && !(await m.findOneBy(District, { id: input.districtId }))) {
        throw new DomainError('VALIDATION_FAILED', '请修正标红的项目。', { districtId: '所选的区不存在。' });
      }
      if (await m.findOneBy(Account, { username: input.username })) {
        throw new DomainError('INVALID_STATE', `用户名 ${input.username} 已被使用。`, { username: '用户名已被使用。' });
      }
      const account = await m.save(
        m.create(Account, {
          username: input.username,
          displayName: input.displayName.trim(),
          role: input.role,
          districtId: input.role === 'coordinator' ? input.districtId : null,
          passwordHash: await hashPassword(input.password),
        }),
      );
      await this.audit.record(m, {
        action: 'account.create',
        subjectType: 'account',
        subjectId: account.id,
        districtId: account.districtId,
        after: { username: account.username, role: account.role, districtId: account.districtId },
      });
      return account.id;
    });
  }

  /** Deactivates an account and ends its sessions. @throws DomainError NOT_FOUND, INVALID_STATE (the last organiser). */
  async deactivate(id: number): Promise<void> {
    await this.transactions.run(async (m) => {
      const account = await m.findOneBy(Account, { id });
      if (!account) throw new DomainError('NOT_FOUND', `账号 ${id} 不存在。`);
      if (account.role === 'organiser' && (await m.countBy(Account, { role: 'organiser', active: true })) <= 1) {
        throw new DomainError('INVALID_STATE', '不能停用最后一个市局组织者账号。');
      }
      await m.update(Account, id, { active: false });
      await m.delete(LoginSession, { accountId: id });
      await this.audit.record(m, { action: 'account.deactivate', subjectType: 'account', subjectId: id, districtId: account.districtId, before: { active: true }, after: { active: false } });
    });
  }
}
