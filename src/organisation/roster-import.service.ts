import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { District } from './district.entity';
import { JudicialOffice } from './judicial-office.entity';
import { OrganisationService } from './organisation.service';
import { Participant } from './participant.entity';
import { Post } from './post.entity';
import { parseRosterFile, RosterImportRow, RosterRowError } from './roster-import/parse-roster-file';

/** What an import did. */
export interface RosterImportResult {
  updated: number;
  unchanged: number;
}

/**
 * Replaces the people on posts from an organiser's CSV or Excel file, all or nothing: every row
 * is validated first (format, codes, duplicates, addresses used by people not in the file,
 * posts whose holder changes while registered), and nothing is written if any row is invalid.
 */
@Injectable()
export class RosterImportService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly organisation: OrganisationService,
  ) {}

  /**
   * @throws DomainError IMPORT_INVALID with `details` = the list of row errors (Chinese).
   */
  async import(file: { buffer: Buffer; filename: string }): Promise<RosterImportResult> {
    return this.transactions.run(async (m) => {
      const codes = {
        officeCodes: new Set((await m.find(JudicialOffice, { select: { code: true } })).map((o) => o.code)),
        districtCodes: new Set((await m.find(District, { select: { code: true } })).map((d) => d.code)),
      };
      const parsed = await parseRosterFile(file, codes);
      if (parsed.errors.length) throw invalid(parsed.errors);
      const plan = await this.plan(m, parsed.rows);
      if (plan.errors.length) throw invalid(plan.errors);
      // Two passes so that people swapping addresses within the file never collide on the unique index.
      for (const { participant } of plan.changes) {
        await m.update(Participant, participant.id, { email: `import-${participant.id}@invalid.invalid` });
      }
      for (const { participant, row, personChanged } of plan.changes) await this.organisation.writePostHolder(m, participant, row, personChanged);
      return { updated: plan.changes.length, unchanged: parsed.rows.length - plan.changes.length };
    });
  }

  private async plan(m: EntityManager, rows: RosterImportRow[]) {
    const errors: RosterRowError[] = [];
    const changes: { participant: Participant; row: RosterImportRow; personChanged: boolean }[] = [];
    const posts = new Map((await m.find(Post)).map((p) => [`${p.unitCode}/${p.kind}`, p]));
    const people = await m.find(Participant);
    const byPost = new Map(people.map((p) => [p.postId, p]));
    const inFile = new Set<number>();
    const registered = new Set<number>(
      (await m.query(`SELECT DISTINCT "participantId" AS id FROM registration WHERE status <> 'cancelled'`)).map((r: { id: number }) => Number(r.id)),
    );
    for (const row of rows) {
      const post = posts.get(`${row.unitCode}/${row.postKind}`);
      const participant = post && byPost.get(post.id);
      if (!participant) {
        errors.push({ line: row.line, field: 'unitCode', message: `第 ${row.line} 行：单位 ${row.unitCode} 没有该岗位` });
        continue;
      }
      inFile.add(participant.id);
      const personChanged = participant.email.toLowerCase() !== row.email.toLowerCase() || participant.name !== row.name;
      if (personChanged && registered.has(participant.id)) {
        errors.push({ line: row.line, field: 'name', message: `第 ${row.line} 行：该岗位现任人员已报名，更换人员前请先取消其报名` });
        continue;
      }
      const same = !personChanged && participant.mobile === row.mobile && !participant.isDemo;
      if (!same) changes.push({ participant, row, personChanged });
    }
    for (const { row, participant } of changes) {
      const holder = people.find((p) => p.email.toLowerCase() === row.email.toLowerCase() && p.id !== participant.id);
      if (holder && !inFile.has(holder.id)) {
        errors.push({ line: row.line, field: 'email', message: `第 ${row.line} 行：邮箱 ${row.email} 已被其他岗位人员使用` });
      }
    }
    return { errors, changes };
  }
}

function invalid(errors: RosterRowError[]): DomainError {
  return new DomainError('IMPORT_INVALID', `导入失败：共 ${errors.length} 处错误，未写入任何数据。请修改后重新上传。`, errors);
}
