/**
 * Server-rendered SVG charts of the overview (issue 13, item 3): no script, presentation
 * attributes only (the CSP forbids inline styles), a <title> and a text alternative for screen
 * readers, black text on light fills so they print. Pure functions returning SVG markup with
 * every text escaped.
 */

/** A short label for a session: 第一期 out of 全市司法所长培训班（第一期）, else at most 10 characters. */
export function shortTitle(title: string): string {
  const part = /（(第[^）]+期)）/.exec(title);
  return part ? part[1] : title.length > 10 ? `${title.slice(0, 9)}…` : title;
}

const esc = (s: string | number) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One session's seats: confirmed, capacity and waitlisted people who chose it. */
export interface SeatLoad {
  title: string;
  confirmed: number;
  capacity: number;
  waiting: number;
}

/** Horizontal bars: confirmed of capacity per session, the waitlist drawn beyond in a lighter shade. */
export function seatLoadChart(sessions: SeatLoad[]): string {
  const width = 640;
  const label = 150;
  const row = 34;
  const height = sessions.length * row + 30;
  const max = Math.max(1, ...sessions.map((s) => Math.max(s.capacity, s.confirmed + s.waiting)));
  const scale = (n: number) => ((width - label - 90) * n) / max;
  const bars = sessions.map((s, i) => {
    const y = 10 + i * row;
    const full = s.capacity > 0 && s.confirmed >= s.capacity;
    return `<g><text x="0" y="${y + 17}" font-size="13" fill="#111827">${esc(shortTitle(s.title))}</text>
<rect x="${label}" y="${y}" width="${scale(s.capacity).toFixed(1)}" height="22" fill="#f3f4f6" stroke="#6b7280"/>
<rect x="${label}" y="${y}" width="${scale(s.confirmed).toFixed(1)}" height="22" fill="${full ? '#991b1b' : '#1d4ed8'}"/>
<rect x="${(label + scale(s.confirmed)).toFixed(1)}" y="${y + 6}" width="${scale(s.waiting).toFixed(1)}" height="10" fill="#f59e0b"/>
<text x="${(label + scale(Math.max(s.capacity, s.confirmed + s.waiting)) + 6).toFixed(1)}" y="${y + 16}" font-size="12" fill="#111827">${s.confirmed}/${s.capacity}${s.waiting ? ` +${s.waiting}候补` : ''}</text></g>`;
  });
  const desc = sessions.map((s) => `${s.title}：已确认 ${s.confirmed}，容量 ${s.capacity}，候补 ${s.waiting}`).join('；');
  return `<svg class="chart" role="img" aria-labelledby="chart-load-title chart-load-desc" viewBox="0 0 ${width} ${height}" width="${width}" xmlns="http://www.w3.org/2000/svg">
<title id="chart-load-title">各期座位占用</title><desc id="chart-load-desc">${esc(desc)}</desc>${bars.join('\n')}
<text x="${label}" y="${height - 4}" font-size="11" fill="#374151">蓝：已确认（红：已满） · 灰框：容量 · 橙：候补（选了该期）</text></svg>`;
}

/** District × session heat map of confirmed people; darker = more; numbers always written. */
export function districtHeatMap(sessions: string[], districts: { name: string; counts: number[] }[]): string {
  const label = 90;
  const cell = 80;
  const row = 24;
  const width = label + sessions.length * cell;
  const height = 30 + districts.length * row;
  const max = Math.max(1, ...districts.flatMap((d) => d.counts));
  const shade = (n: number) => {
    const level = n === 0 ? 0 : Math.ceil((n / max) * 4);
    return ['#ffffff', '#dbeafe', '#93c5fd', '#3b82f6', '#1e3a8a'][level];
  };
  const head = sessions.map((s, j) => `<text x="${label + j * cell + cell / 2}" y="18" font-size="12" text-anchor="middle" fill="#111827">${esc(shortTitle(s))}</text>`).join('');
  const body = districts
    .map((d, i) => {
      const y = 26 + i * row;
      const cells = d.counts
        .map((n, j) => {
          const x = label + j * cell;
          const dark = n / max > 0.5;
          return `<rect x="${x}" y="${y}" width="${cell - 2}" height="${row - 2}" fill="${shade(n)}" stroke="#d1d5db"/><text x="${x + cell / 2}" y="${y + 16}" font-size="12" text-anchor="middle" fill="${dark ? '#ffffff' : '#111827'}">${n}</text>`;
        })
        .join('');
      return `<text x="0" y="${y + 16}" font-size="12" fill="#111827">${esc(d.name)}</text>${cells}`;
    })
    .join('\n');
  return `<svg class="chart" role="img" aria-labelledby="chart-heat-title" viewBox="0 0 ${width} ${height}" width="${width}" xmlns="http://www.w3.org/2000/svg">
<title id="chart-heat-title">各区 × 期次已确认人数（颜色越深人数越多；数字见下表）</title>${head}\n${body}</svg>`;
}

/** Registrations per day (cumulative line over daily bars) up to the deadline, marked. */
export function registrationsOverTime(days: { day: string; n: number }[], deadlineDay: string): string {
  const width = 640;
  const height = 200;
  const left = 40;
  const bottom = 170;
  const total = days.reduce((a, d) => a + d.n, 0);
  const maxCum = Math.max(1, total);
  const step = days.length > 1 ? (width - left - 20) / (days.length - 1) : 0;
  let cum = 0;
  const points = days.map((d, i) => {
    cum += d.n;
    return { x: left + i * step, y: bottom - ((bottom - 20) * cum) / maxCum, ...d, cum };
  });
  const maxDay = Math.max(1, ...days.map((d) => d.n));
  const bars = points.map((p) => `<rect x="${(p.x - 3).toFixed(1)}" y="${(bottom - (60 * p.n) / maxDay).toFixed(1)}" width="6" height="${((60 * p.n) / maxDay).toFixed(1)}" fill="#93c5fd"/>`).join('');
  const line = points.length ? `<polyline points="${points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')}" fill="none" stroke="#1d4ed8" stroke-width="2"/>` : '';
  const deadline = points.find((p) => p.day === deadlineDay);
  const mark = deadline ? `<line x1="${deadline.x}" y1="10" x2="${deadline.x}" y2="${bottom}" stroke="#991b1b" stroke-dasharray="4 3"/><text x="${deadline.x - 4}" y="12" font-size="11" text-anchor="end" fill="#991b1b">报名截止</text>` : '';
  const first = days[0]?.day ?? '';
  const last = days[days.length - 1]?.day ?? '';
  return `<svg class="chart" role="img" aria-labelledby="chart-time-title chart-time-desc" viewBox="0 0 ${width} ${height}" width="${width}" xmlns="http://www.w3.org/2000/svg">
<title id="chart-time-title">报名人数随时间变化（至报名截止）</title><desc id="chart-time-desc">${esc(`${first} 至 ${last} 共报名 ${total} 人次`)}</desc>
<line x1="${left}" y1="${bottom}" x2="${width - 10}" y2="${bottom}" stroke="#6b7280"/><text x="0" y="24" font-size="11" fill="#374151">${total}</text><text x="0" y="${bottom}" font-size="11" fill="#374151">0</text>
${bars}${line}${mark}
<text x="${left}" y="${bottom + 18}" font-size="11" fill="#374151">${esc(first)}</text><text x="${width - 10}" y="${bottom + 18}" font-size="11" text-anchor="end" fill="#374151">${esc(last)}</text>
<text x="${left + 60}" y="${bottom + 18}" font-size="11" fill="#374151">蓝线：累计报名 · 浅蓝柱：当日报名</text></svg>`;
}

/** One training day's sign-in figures (issue 11's counts). */
export interface AttendanceDay {
  label: string;
  confirmed: number;
  signedIn: number;
  leave: number;
  absent: number;
}

/** Stacked bars per training day: signed in, on leave, absent, of the confirmed people. */
export function attendanceChart(days: AttendanceDay[]): string {
  const label = 170;
  const width = 640;
  const row = 28;
  const height = days.length * row + 30;
  const max = Math.max(1, ...days.map((d) => d.confirmed));
  const scale = (n: number) => ((width - label - 80) * n) / max;
  const bars = days.map((d, i) => {
    const y = 8 + i * row;
    const a = scale(d.signedIn);
    const b = scale(d.leave);
    const c = scale(d.absent);
    return `<text x="0" y="${y + 15}" font-size="12" fill="#111827">${esc(d.label)}</text>
<rect x="${label}" y="${y}" width="${scale(d.confirmed).toFixed(1)}" height="20" fill="#f3f4f6" stroke="#6b7280"/>
<rect x="${label}" y="${y}" width="${a.toFixed(1)}" height="20" fill="#047857"/><rect x="${(label + a).toFixed(1)}" y="${y}" width="${b.toFixed(1)}" height="20" fill="#9ca3af"/><rect x="${(label + a + b).toFixed(1)}" y="${y}" width="${c.toFixed(1)}" height="20" fill="#b91c1c"/>
<text x="${(label + scale(d.confirmed) + 6).toFixed(1)}" y="${y + 15}" font-size="12" fill="#111827">${d.signedIn}/${d.confirmed}</text>`;
  });
  const desc = days.map((d) => `${d.label}：签到 ${d.signedIn}，请假 ${d.leave}，缺席 ${d.absent}，应到 ${d.confirmed}`).join('；');
  return `<svg class="chart" role="img" aria-labelledby="chart-att-title chart-att-desc" viewBox="0 0 ${width} ${height}" width="${width}" xmlns="http://www.w3.org/2000/svg">
<title id="chart-att-title">各培训日签到情况</title><desc id="chart-att-desc">${esc(desc)}</desc>${bars.join('\n')}
<text x="${label}" y="${height - 4}" font-size="11" fill="#374151">绿：已签到 · 灰：请假 · 红：缺席 · 灰框：应到</text></svg>`;
}
