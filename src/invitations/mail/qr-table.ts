import QRCode from 'qrcode';

/**
 * A QR code of `text` as an HTML table of black and white cells with inline styles: shows in mail
 * programs that block images and data URLs (issue 11, item 5: the reminder mail carries the sign-in code;
 * the dispatcher draws it at send time from the sealed secret, see `fillSecret`).
 */
export function qrHtmlTable(text: string, cell = 5): string {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const quiet = 4;
  const rows: string[] = [];
  for (let y = -quiet; y < size + quiet; y++) {
    const cells: string[] = [];
    for (let x = -quiet; x < size + quiet; x++) {
      const dark = x >= 0 && y >= 0 && x < size && y < size && qr.modules.get(y, x);
      cells.push(`<td style="width:${cell}px;height:${cell}px;padding:0;background:${dark ? '#000' : '#fff'}"></td>`);
    }
    rows.push(`<tr>${cells.join('')}</tr>`);
  }
  return `<table role="img" aria-label="签到二维码" cellpadding="0" cellspacing="0" style="border-collapse:collapse;line-height:0">${rows.join('')}</table>`;
}
