import type { Readable } from 'node:stream';
import { Entry, fromBufferPromise, ZipFile } from 'yauzl';

/**
 * Bounds of an uploaded .xlsx before exceljs inflates it (issue 9, item 10: a 697 KB file that
 * expands to 208 MB of XML). A full staff register (a few thousand rows) is a few MB of XML in
 * about 15 zip entries; the bounds leave ample room above that.
 */
export const XLSX_LIMITS = {
  /** Entries in the zip's central directory. */
  entries: 1000,
  /** Bytes of all entries together once inflated. */
  uncompressedBytes: 32 * 1024 * 1024,
};

const MB = 1024 * 1024;

/**
 * What is wrong with an .xlsx's zip container, in Chinese for organisers, or undefined when it is
 * within `limits`. Reads the central directory first (entry count, declared sizes), then inflates
 * each entry once without keeping it, stopping at the first byte past its declared size
 * (yauzl's size validation) or past the total — so a lying header costs at most the bound.
 * A file that is not a readable zip is reported as such. Never throws.
 */
export async function xlsxContainerProblem(buffer: Buffer, limits = XLSX_LIMITS): Promise<string | undefined> {
  let zip: ZipFile;
  try {
    zip = await fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true });
  } catch {
    return '无法读取 Excel 文件，请确认文件为 .xlsx 格式且未损坏';
  }
  const tooBig = `Excel 文件解压后超过 ${limits.uncompressedBytes / MB} MB，未导入：请删除多余的工作表、图片或格式后重新上传，或另存为 CSV`;
  try {
    if (zip.entryCount > limits.entries) return `Excel 文件包含 ${zip.entryCount} 个部件（最多 ${limits.entries} 个），未导入：请另存为新的 .xlsx 或 CSV 后重新上传`;
    let total = 0;
    for await (const entry of entries(zip)) {
      total += entry.uncompressedSize;
      if (total > limits.uncompressedBytes) return tooBig;
      const inflated = await inflatedSize(zip, entry, limits.uncompressedBytes);
      if (inflated === undefined) return '无法读取 Excel 文件，请确认文件为 .xlsx 格式且未损坏';
    }
    return undefined;
  } finally {
    zip.close();
  }
}

/** The entries of a lazily read zip, one at a time. */
async function* entries(zip: ZipFile): AsyncGenerator<Entry> {
  while (true) {
    const next = await new Promise<Entry | null>((resolve, reject) => {
      const cleanup = () => zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      const onEntry = (entry: Entry) => (cleanup(), resolve(entry));
      const onEnd = () => (cleanup(), resolve(null));
      const onError = (error: Error) => (cleanup(), reject(error));
      zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
      zip.readEntry();
    });
    if (!next) return;
    yield next;
  }
}

/** Bytes an entry inflates to (checked against its declared size by yauzl), or undefined if unreadable or past `max`. */
async function inflatedSize(zip: ZipFile, entry: Entry, max: number): Promise<number | undefined> {
  try {
    const stream: Readable = await zip.openReadStreamPromise(entry);
    let bytes = 0;
    for await (const chunk of stream) {
      bytes += (chunk as Buffer).length;
      if (bytes > max) {
        stream.destroy();
        return undefined;
      }
    }
    return bytes;
  } catch {
    return undefined;
  }
}
