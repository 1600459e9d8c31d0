import { Injectable } from '@nestjs/common';
import { UNSAFE_TEXT } from '../common/text-rules';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { isClockTime } from '../common/shanghai-time';
import { TransactionRunner } from '../database/transaction-runner';
import { TrainingRun } from '../training/training-run.entity';
import { ReminderKind, ReminderRule } from './reminder-rule.entity';

/**
 * Reads a rule form: `kind` session|deadline, `daysBefore` 0–60, `sendAt` HH:mm, `note` ≤ 200.
 * @throws DomainError VALIDATION_FAILED (Chinese), e.g. for a negative number of days.
 */
export function readRuleForm(form: Record<string, unknown>): Pick<ReminderRule, 'kind' | 'daysBefore' | 'sendAt' | 'note'> {
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string).trim() : '');
  const kind = text('kind') as ReminderKind;
  if (kind !== 'session' && kind !== 'deadline') throw new DomainError('VALIDATION_FAILED', '请选择提醒类型（期次开始前或报名截止前）。');
  if (/^-/.test(text('daysBefore'))) throw new DomainError('VALIDATION_FAILED', '提前天数不能为负数。');
  if (!/^\d{1,2}$/.test(text('daysBefore')) || Number(text('daysBefore')) > 60) throw new DomainError('VALIDATION_FAILED', '提前天数应为 0–60 的整数。');
  if (!isClockTime(text('sendAt'))) throw new DomainError('VALIDATION_FAILED', '发送时间应为 HH:mm，例如 09:00。');
  if (text('note').length > 200) throw new DomainError('VALIDATION_FAILED', '附加说明不超过 200 字。');
  if (UNSAFE_TEXT.test(text('note'))) throw new DomainError('VALIDATION_FAILED', '附加说明不能含换行、制表符、控制字符或不可见的格式字符。');
  return { kind, daysBefore: Number(text('daysBefore')), sendAt: text('sendAt'), note: text('note') };
}

/** The organiser's reminder rules per run (issue 11, item 1). */
@Injectable()
export class ReminderRulesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /** Active rules of a run, or of every run. */
  list(runId?: number): Promise<ReminderRule[]> {
    return this.dataSource.getRepository(ReminderRule).find({ where: { active: true, ...(runId ? { runId } : {}) }, order: { kind: 'DESC', daysBefore: 'DESC', id: 'ASC' } });
  }

  /** Adds a rule. @throws DomainError VALIDATION_FAILED, NOT_FOUND (no such run). */
  async add(runId: number, form: Record<string, unknown>): Promise<number> {
    const rule = readRuleForm(form);
    return this.transactions.run(async (m) => {
      if (!(await m.findOneBy(TrainingRun, { id: runId }))) throw new DomainError('NOT_FOUND', `培训班 ${runId} 不存在。`);
      const saved = await m.save(m.create(ReminderRule, { ...rule, runId, active: true }));
      await this.audit.record(m, { action: 'reminder.rule.add', subjectType: 'reminder_rule', subjectId: saved.id, after: rule });
      return saved.id;
    });
  }

  /** Switches a rule off (reminders already queued stay). @returns its run. @throws DomainError NOT_FOUND. */
  async remove(id: number): Promise<number> {
    return this.transactions.run(async (m) => {
      const rule = await m.findOneBy(ReminderRule, { id, active: true });
      if (!rule) throw new DomainError('NOT_FOUND', `提醒规则 ${id} 不存在。`);
      await m.update(ReminderRule, id, { active: false });
      await this.audit.record(m, { action: 'reminder.rule.remove', subjectType: 'reminder_rule', subjectId: id, before: { active: true }, after: { active: false } });
      return rule.runId;
    });
  }
}
