import * as fc from 'fast-check';
import { foldLine, foldLines, MAX_LINE_OCTETS, unfold } from './folding';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');

describe(foldLine.name, () => {
  const sut = foldLine;

  it('leaves a line of exactly 75 octets alone', () => {
    expect(sut('A'.repeat(75))).toBe('A'.repeat(75));
    expect(sut('司'.repeat(25))).toBe('司'.repeat(25));
  });

  it('folds at 75 octets, the continuation space counting in the next 75', () => {
    expect(sut('A'.repeat(76))).toBe(`${'A'.repeat(75)}\r\n A`);
    expect(sut('A'.repeat(150))).toBe(`${'A'.repeat(75)}\r\n ${'A'.repeat(74)}\r\n A`);
  });

  it('counts a CJK character as 3 octets', () => {
    expect(sut('司'.repeat(26))).toBe(`${'司'.repeat(25)}\r\n 司`);
  });

  it('moves a 4-octet emoji whole to the next line rather than split it', () => {
    expect(sut('A'.repeat(72) + '🎓')).toBe(`${'A'.repeat(72)}\r\n 🎓`);
    expect(sut('A'.repeat(71) + '🎓')).toBe('A'.repeat(71) + '🎓');
  });

  it('refuses a line containing CR or LF', () => {
    expect(() => sut('a\r\nb')).toThrow(Error);
    expect(() => sut('a\nb')).toThrow(Error);
  });

  describe('property: any mix of ASCII, Latin, CJK, emoji and combining marks', () => {
    const codePoints = (min: number, max: number) =>
      fc.integer({ min, max }).map((cp) => String.fromCodePoint(cp));
    const text = fc
      .array(
        fc.oneof(
          codePoints(0x20, 0x7e),
          codePoints(0xa0, 0x24f),
          codePoints(0x4e00, 0x9fff),
          codePoints(0x1f300, 0x1faff),
          codePoints(0x300, 0x36f),
          fc.constantFrom('\t', '👩‍👩‍👧', '🇨🇳', 'é', '\\n', ';', ','),
        ),
        { maxLength: 400 },
      )
      .map((parts) => parts.join(''));

    it('folds to ≤ 75 octets per line and unfolds back to the original', () => {
      fc.assert(
        fc.property(text, (line) => {
          const folded = sut(line);
          const physical = folded.split('\r\n');
          for (const [i, part] of physical.entries()) {
            expect(octets(part)).toBeLessThanOrEqual(MAX_LINE_OCTETS);
            expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part); // no split sequence or pair
            if (i > 0) expect(part.startsWith(' ')).toBe(true);
            // Lines are as full as they may be: the next code point would not have fitted.
            const next = physical[i + 1]?.slice(1);
            if (next) expect(octets(part) + octets(String.fromCodePoint(next.codePointAt(0)!))).toBeGreaterThan(75);
          }
          expect(unfold(folded)).toBe(line);
        }),
        { numRuns: 500 },
      );
    });
  });
});

describe(unfold.name, () => {
  it('removes CRLF followed by one space or tab, and nothing else', () => {
    expect(unfold('SUMMARY:ab\r\n c\r\n\td\r\nX:1\r\n')).toBe('SUMMARY:abcd\r\nX:1\r\n');
    expect(unfold('A:x\r\n  y')).toBe('A:x y');
  });
});

describe(foldLines.name, () => {
  it('terminates every line with CRLF', () => {
    expect(foldLines(['A:1', 'B:' + 'x'.repeat(80)])).toBe(`A:1\r\nB:${'x'.repeat(73)}\r\n ${'x'.repeat(7)}\r\n`);
  });
});
