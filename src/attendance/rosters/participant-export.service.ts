import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { neutraliseCell, toCsv } from '../../common/spreadsheet-cells';
import { OrganisationService } from '../../organisation/organisation.service';
import { RegistrationsService } from '../../registrations/registrations.service';
import { inAudience } from '../../training/run-audience';
import { TrainingService } from '../../training/training.service';

const HEADER = ['姓名', '区', '单位', '职务', '手机', '邮箱', '报名状态', '期次', '候补位次'];
const STATUS_TEXT = { confirmed: '已确认', waitlisted: '候补中', cancelled: '未报名' } as const;

/**
 * The participant list of a run as a table (issue 11, item 7): the run's audience (of one district
 * when given) and anyone registered, with their registration; exported as .xlsx or CSV, formula-like cells neutralised.
 */
@Injectable()
export class ParticipantExportService {
  constructor(
    private readonly organisation: OrganisationService,
    private readonly registrations: RegistrationsService,
    private readonly training: TrainingService,
  ) {}

  /** Header and rows. @throws DomainError NOT_FOUND (no such run). */
  async table(runId: number, districtId?: number): Promise<string[][]> {
    const run = await this.training.run(runId);
    const titles = new Map(run.sessions.map((s) => [s.id, s.title]));
    const active = await this.registrations.activeByParticipant(runId);
    const people = (await this.organisation.listParticipants(districtId ? { districtId } : {})).filter((p) => inAudience(run, p) || active.has(p.id));
    return [
      HEADER,
      ...people.map((p) => {
        const r = active.get(p.id);
        return [p.name, p.districtName, p.unitLabel, p.postLabel, p.mobile, p.email, r ? STATUS_TEXT[r.status] : '未报名', r?.sessionId ? (titles.get(r.sessionId) ?? '') : '', r?.waitlistPosition ? String(r.waitlistPosition) : ''];
      }),
    ];
  }

  /** The table as .xlsx (text cells neutralised). */
  async xlsx(runId: number, districtId?: number): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('参训人员');
    for (const row of await this.table(runId, districtId)) sheet.addRow(row.map(neutraliseCell));
    sheet.getRow(1).font = { bold: true };
    sheet.columns.forEach((c, i) => (c.width = [10, 10, 26, 22, 14, 28, 10, 28, 10][i]));
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  /** The table as CSV, UTF-8 with BOM. */
  async csv(runId: number, districtId?: number): Promise<Buffer> {
    return toCsv(await this.table(runId, districtId));
  }
}
