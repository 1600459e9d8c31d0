import { loggablePath, maskPersonalData } from './mask-personal-data';

describe(maskPersonalData.name, () => {
  it('masks e-mail addresses, personal-link tokens and mobile numbers, and nothing else', () => {
    const token = 'vITjPM-b5lHEsPO951zmsqcBAkoI-ZAAvOEubburVnc';
    expect(maskPersonalData(`550 chen.xiaoming@example.org rejected; link /r/${token}; call 13900001234; outbox 12`)).toBe(
      '550 ***@example.org rejected; link /r/[token]; call [mobile]; outbox 12',
    );
  });
});

describe(loggablePath.name, () => {
  it('hides the token of a personal-link path and drops the query string', () => {
    expect(loggablePath('/r/abc/registration?run=2')).toBe('/r/[token]/registration');
    expect(loggablePath('/admin/participants?q=陈晓明&page=2')).toBe('/admin/participants');
  });
});
