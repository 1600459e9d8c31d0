import { ArgumentMetadata, Injectable, PipeTransform, ValidationPipe } from '@nestjs/common';
import { clipText } from './clip-text';
import { DomainError } from './domain-error';

/** A route id: plain decimal digits, no leading zero, at most 9 digits (fits every table's ids and a JS integer exactly). */
const ROUTE_ID = /^[1-9]\d{0,8}$/;

/** What a route parameter names, for the message (a bare `:id` is named by its route). */
const NOUNS: Record<string, string> = { runId: '培训班', sessionId: '培训场次', participantId: '参训人员' };

/**
 * The one pipe for route ids (`@Param('runId', ParseIdPipe)`): the number when the parameter is
 * plain decimal digits of sane length, else 404 NOT_FOUND "…不存在" quoting what was sent
 * (clipped). So `1e3`, `0x10`, `01`, ` 1` or a 20-digit number never read as another row (trial
 * item 6), unlike ParseIntPipe, which reads them through `parseFloat`.
 * @throws DomainError NOT_FOUND.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    if (typeof value === 'string' && ROUTE_ID.test(value)) return Number(value);
    const noun = (metadata.data && NOUNS[metadata.data]) ?? '记录';
    throw new DomainError('NOT_FOUND', `${noun}“${clipText(String(value))}”不存在。`);
  }
}

/**
 * The global ValidationPipe, except that route parameters reach their own pipe as sent: the stock
 * pipe turns a `number` parameter into `Number(value)` first (so `1e3` would already be 1000 and
 * `0x10` 16 before ParseIdPipe sees them).
 */
export class AppValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }
}

/**
 * An optional id from a query or form value (a filter such as `?district=`): the number when it
 * is a route id as ParseIdPipe accepts it, else undefined (so a 400-digit value is "no filter",
 * never `Infinity` in SQL).
 */
export function optionalId(value: unknown): number | undefined {
  return typeof value === 'string' && ROUTE_ID.test(value) ? Number(value) : undefined;
}
