import QRCode from 'qrcode';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { SignInCodesService } from './sign-in-codes.service';
import { inflateSync } from 'node:zlib';
import { decodeQrDataUrl } from '../../test/utils/training-days';
import { qrDataUrl, SignInQrService } from './sign-in-qr.service';

/**
 * The participant page's QR images (issue 10, item 7: the slowest read): drawn once per scan URL,
 * then served from a bounded cache; a new code gets its own image.
 */
describe('SignInQrService image cache', () => {
  const session = { id: 5, title: '第一期', status: 'scheduled', firstDay: '2021-04-12', dayCount: 2, dailyStart: '09:00', dailyEnd: '17:00' };
  let code = 'CODE-A';
  const manager = {
    find: async () => [{ id: 1, sessionId: 5, status: 'confirmed' }],
    findOneBy: async () => session,
  };
  const codes = { existingPageCode: async () => code, scanUrl: (c: string) => `https://example.org/s/${c}` } as unknown as SignInCodesService;
  const clock = { now: () => new Date('2021-03-22T01:00:00Z') } as Clock;
  const service = new SignInQrService({ manager } as unknown as DataSource, {} as TransactionRunner, codes, clock);

  it('draws the image of a code once and serves the same image afterwards', async () => {
    const draw = jest.spyOn(QRCode, 'toDataURL');
    const first = await service.forPage(9, 'token');
    const second = await service.forPage(9, 'token');
    expect(first[0].dataUrl).toMatch(/^data:image\/png;base64,/);
    expect(second).toEqual(first);
    expect(draw).toHaveBeenCalledTimes(1);

    code = 'CODE-B';
    const third = await service.forPage(9, 'token');
    expect(third[0].dataUrl).not.toEqual(first[0].dataUrl);
    expect(draw).toHaveBeenCalledTimes(2);
    draw.mockRestore();
  });
});

describe('qrDataUrl', () => {
  it('draws every scanline with PNG filter 2 (Up), not the five-filter search, and the code still reads', async () => {
    const text = `https://example.org/signin/${'A'.repeat(43)}`;
    const url = await qrDataUrl(text);
    const png = Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64');
    const idat: Buffer[] = [];
    for (let at = 8; at < png.length; ) {
      const length = png.readUInt32BE(at);
      if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
      at += 12 + length;
    }
    const raw = inflateSync(Buffer.concat(idat));
    const width = png.readUInt32BE(16);
    const rowBytes = 1 + width * 4;
    const filters = new Set(Array.from({ length: raw.length / rowBytes }, (_, row) => raw[row * rowBytes]));
    expect([...filters]).toEqual([2]);
    expect(decodeQrDataUrl(url)).toBe(text);
  });
});
