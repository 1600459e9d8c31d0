import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { formatShanghai } from '../common/shanghai-time';
import { ProductClockState } from './product-clock-state.entity';

/**
 * Anchors the replay clock in the database (issue 9, item 2). The first boot with a given
 * `CLOCK_START` stores the offset it starts with; every later boot resumes that offset, so
 * product time has run on through the downtime and never goes backwards. A `CLOCK_START` later
 * than the product time already reached moves the clock forward; an earlier one is ignored with
 * a warning (delete the database to start the replay over). Without `CLOCK_START` the clock is
 * real time and nothing is stored.
 */
export async function anchorProductClock(dataSource: DataSource, clock: Clock, clockStart: Date | undefined): Promise<void> {
  if (!clockStart) return;
  const logger = new Logger('ProductClock');
  const repo = dataSource.getRepository(ProductClockState);
  const configuredStart = clockStart.toISOString();
  // Several instances may boot at once: the first insert wins, the others read it.
  await repo.createQueryBuilder().insert().values({ id: 1, configuredStart, offsetMs: clock.offset }).orIgnore().execute();
  const stored = await repo.findOneByOrFail({ id: 1 });
  const storedNow = Date.now() + stored.offsetMs;
  if (stored.configuredStart !== configuredStart && clockStart.getTime() > storedNow) {
    await repo.update({ id: 1 }, { configuredStart, offsetMs: clock.offset });
    logger.log(`Product clock moved forward to CLOCK_START ${formatShanghai(clock.now())}`);
    return;
  }
  clock.resume(stored.offsetMs);
  if (stored.configuredStart !== configuredStart) {
    logger.warn(`CLOCK_START ${configuredStart} is before the product time already reached; the clock continues from ${formatShanghai(clock.now())}`);
  } else {
    logger.log(`Product clock (replay from ${formatShanghai(new Date(stored.configuredStart))}) now reads ${formatShanghai(clock.now())}`);
  }
}
