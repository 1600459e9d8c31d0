import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { TrainingRun } from '../training/training-run.entity';
import { AttendancePolicy, DEFAULT_ATTENDANCE_POLICY } from './attendance-policy.entity';

/** The organiser's per-run attendance rules (late grace, one-day leave and completion). */
@Injectable()
export class AttendancePolicyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /** The run's rules, defaults when none were saved. */
  async get(runId: number): Promise<{ lateAfterMinutes: number; oneDayLeaveCounts: boolean }> {
    const row = await this.dataSource.getRepository(AttendancePolicy).findOneBy({ runId });
    return row ? { lateAfterMinutes: row.lateAfterMinutes, oneDayLeaveCounts: row.oneDayLeaveCounts } : { ...DEFAULT_ATTENDANCE_POLICY };
  }

  /**
   * Saves the rules from the form (`lateAfterMinutes` 0–240, `oneDayLeaveCounts` 'on' or absent).
   * @throws DomainError VALIDATION_FAILED, NOT_FOUND (no such run).
   */
  async save(runId: number, form: Record<string, unknown>): Promise<void> {
    await this.transactions.run(async (m) => {
      if (!(await m.findOneBy(TrainingRun, { id: runId }))) throw new DomainError('NOT_FOUND', `培训班 ${runId} 不存在。`);
      const minutes = typeof form.lateAfterMinutes === 'string' && /^\d{1,3}$/.test(form.lateAfterMinutes) ? Number(form.lateAfterMinutes) : NaN;
      if (!(minutes >= 0 && minutes <= 240)) throw new DomainError('VALIDATION_FAILED', '迟到判定时间应为 0–240 分钟的整数。');
      const policy = { runId, lateAfterMinutes: minutes, oneDayLeaveCounts: form.oneDayLeaveCounts === 'on' };
      const before = await m.findOneBy(AttendancePolicy, { runId });
      await m.save(AttendancePolicy, policy);
      await this.audit.record(m, { action: 'attendance.policy', subjectType: 'training_run', subjectId: runId, before: before ?? undefined, after: policy });
    });
  }
}
