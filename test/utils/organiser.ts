import roster from '../../seeds/roster.json';
import { District } from '../../src/organisation/district.entity';
import { Participant } from '../../src/organisation/participant.entity';
import { Post, PostKind } from '../../src/organisation/post.entity';
import { TestApp, asOrganiser } from './test-app';

/** The seeded roster, for expected counts. */
export const ROSTER = roster;

/** A page request as a browser makes it (HTML wanted), optionally signed in. */
export function page(t: TestApp, method: 'get' | 'post', path: string, cookie?: string) {
  const req = t.http[method](path).set('Accept', 'text/html');
  return cookie ? req.set(asOrganiser(cookie)) : req;
}

/** The participant holding the post (unit code, kind). */
export async function holderOf(t: TestApp, unitCode: string, kind: PostKind): Promise<Participant> {
  const post = await t.dataSource.getRepository(Post).findOneByOrFail({ unitCode, kind });
  return t.dataSource.getRepository(Participant).findOneByOrFail({ postId: post.id });
}

/** The district with this code. */
export function district(t: TestApp, code: string): Promise<District> {
  return t.dataSource.getRepository(District).findOneByOrFail({ code });
}

/** Every participant's stored fields, by id (to prove an import changed nothing, or only some). */
export async function participantsById(t: TestApp): Promise<Map<number, Participant>> {
  const all = await t.dataSource.getRepository(Participant).find({ order: { id: 'ASC' } });
  return new Map(all.map((p) => [p.id, p]));
}

/** A UTF-8 CSV file from rows of cells (no quoting needed for our values). */
export function csv(rows: string[][]): Buffer {
  return Buffer.from(rows.map((r) => r.join(',')).join('\r\n') + '\r\n', 'utf8');
}

/** Rows of the participants page: name, district and status class of each row. */
export function participantRows(html: string): { name: string; district: string; status: string }[] {
  const body = html.slice(html.indexOf('<tbody>'), html.lastIndexOf('</tbody>'));
  return body
    .split('<tr>')
    .slice(1)
    .map((row) => {
      const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]);
      return {
        name: cells[0].replace(/<[^>]+>.*$/s, '').trim(),
        district: cells[1].trim(),
        status: /<td class="status-(\w+)"/.exec(row)?.[1] ?? '',
      };
    });
}

/** The number in the participants page heading 参训人员（N）. */
export function listedTotal(html: string): number {
  const match = /<h1>参训人员（(\d+)）<\/h1>/.exec(html);
  if (!match) throw new Error('no participants heading');
  return Number(match[1]);
}
