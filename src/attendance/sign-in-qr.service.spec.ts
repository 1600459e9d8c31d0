import QRCode from 'qrcode';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { SignInCodesService } from './sign-in-codes.service';
import { inflateSync } from 'node:zlib';
import { decodeQrPng } from '../../test/utils/training-days';
import { qrPng, SignInQrService } from './sign-in-qr.service';

/**
 * The participant page's QR codes (issue 10, item 7: the slowest read): the page only lists them
 * (nothing drawn, nothing written); each image is drawn once per scan URL, then served from a
 * bounded cache; a new code gets its own image and entity tag.
 */
describe('SignInQrService', () => {
  const rows = [
    { registrationId: 1, title: '第一期', firstDay: '2021-04-12', dayCount: 2, dailyStart: '09:00', dailyEnd: '17:00' },
    { registrationId: 2, title: '已结束的一期', firstDay: '2021-03-01', dayCount: 1, dailyStart: '09:00', dailyEnd: '17:00' },
  ];
  let code = 'CODE-A';
  const dataSource = {
    driver: { escapeQueryWithParameters: (sql: string, params: object) => [sql, Object.values(params)] },
    query: async () => rows,
    manager: {},
  };
  const codes = { existingPageCode: async () => code, scanUrl: (c: string) => `https://example.org/s/${c}` } as unknown as SignInCodesService;
  const transactions = { run: jest.fn() } as unknown as TransactionRunner;
  const clock = { now: () => new Date('2021-03-22T01:00:00Z') } as Clock;
  const service = new SignInQrService(dataSource as unknown as DataSource, transactions, codes, clock);

  it('lists the confirmed registrations whose session has not ended, drawing and writing nothing', async () => {
    const draw = jest.spyOn(QRCode, 'toBuffer');
    expect(await service.forPage(9)).toEqual([{ sessionTitle: '第一期', registrationId: 1 }]);
    expect(draw).not.toHaveBeenCalled();
    expect(transactions.run).not.toHaveBeenCalled();
    draw.mockRestore();
  });

  it('draws the image of a code once and serves the same image afterwards; a new code, a new image and tag', async () => {
    const draw = jest.spyOn(QRCode, 'toBuffer');
    const first = await service.image(9, 'token', 1);
    const second = await service.image(9, 'token', 1);
    expect(decodeQrPng(first.png)).toBe('https://example.org/s/CODE-A');
    expect(second).toEqual(first);
    expect(draw).toHaveBeenCalledTimes(1);

    code = 'CODE-B';
    const third = await service.image(9, 'token', 1);
    expect(decodeQrPng(third.png)).toBe('https://example.org/s/CODE-B');
    expect(third.etag).not.toBe(first.etag);
    expect(draw).toHaveBeenCalledTimes(2);
    draw.mockRestore();
  });

  it('refuses the image of a registration it does not list (another person\'s, or a session that has ended)', async () => {
    for (const id of [2, 3]) await expect(service.image(9, 'token', id)).rejects.toEqual(expect.objectContaining({ code: 'NOT_FOUND' }));
    await expect(service.image(9, 'token', 3)).rejects.toBeInstanceOf(DomainError);
  });
});

describe('qrPng', () => {
  it('draws every scanline with PNG filter 2 (Up), not the five-filter search, and the code still reads', async () => {
    const text = `https://example.org/signin/${'A'.repeat(43)}`;
    const png = await qrPng(text);
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
    expect(decodeQrPng(png)).toBe(text);
  });
});
