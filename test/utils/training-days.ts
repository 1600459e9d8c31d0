import jsQR from 'jsqr';
import { AccountsService } from '../../src/auth/accounts.service';
import { OrganisationService } from '../../src/organisation/organisation.service';
import { RegistrationsService } from '../../src/registrations/registrations.service';
import { TrainingSession } from '../../src/training/training-session.entity';
import { organiserCookie, participantsWithTokens, TestApp } from './test-app';

// pngjs comes with qrcode; it has no type declarations of its own here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PNG } = require('pngjs') as { PNG: { sync: { read(buffer: Buffer): { width: number; height: number; data: Buffer } } } };

/** Decodes the QR code in PNG bytes (e.g. the body of `GET /r/:token/sign-in-qr/:id.png`) with jsQR. */
export function decodeQrPng(bytes: Buffer): string {
  const png = PNG.sync.read(bytes);
  const result = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!result) throw new Error('no QR code found');
  return result.data;
}

/** Decodes the QR code a mail carries as an HTML table of black and white cells (see src/invitations/mail/qr-table.ts) with jsQR. */
export function decodeQrHtmlTable(html: string, scale = 4): string {
  const table = /<table role="img" aria-label="签到二维码"[^>]*>([\s\S]*?)<\/table>/.exec(html);
  if (!table) throw new Error('no QR table');
  const rows = table[1].split('</tr>').filter((r) => r.includes('<td')).map((r) => [...r.matchAll(/background:(#000|#fff)/g)].map((m) => m[1] === '#000'));
  const size = rows.length * scale;
  const data = new Uint8ClampedArray(size * size * 4);
  rows.forEach((row, y) => row.forEach((dark, x) => {
    for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) {
      const i = ((y * scale + dy) * size + x * scale + dx) * 4;
      data.fill(dark ? 0 : 255, i, i + 3);
      data[i + 3] = 255;
    }
  }));
  const result = jsQR(data, size, size);
  if (!result) throw new Error('no QR code found in the table');
  return result.data;
}

/** Creates a sign-in staff account (签到人员) and signs it in. @returns the session cookie. */
export async function signInStaffCookie(t: TestApp, username = 'door1'): Promise<string> {
  await t.get(AccountsService).create({ username, displayName: `签到${username}`, role: 'signin', districtId: null, password: 'signin-staff-pw-1' });
  return organiserCookie(t, username, 'signin-staff-pw-1');
}

/** Registers the first `n` seeded participants (with personal links) into `session`, confirmed. */
export async function confirmedIn(t: TestApp, runId: number, session: TrainingSession, n: number) {
  const people = await participantsWithTokens(t, n);
  const out = [];
  for (const p of people) {
    const r = await t.get(RegistrationsService).register({ participantId: p.id, runId, preferences: [session.id], actor: 'organiser' });
    out.push({ ...p, registrationId: r.id, districtId: (await t.get(OrganisationService).participant(p.id)).districtId });
  }
  return out;
}

/** The instant of Shanghai local `date` ('YYYY-MM-DD') at `time` ('HH:mm'). */
export function shanghai(date: string, time: string): string {
  return `${date}T${time}:00+08:00`;
}
