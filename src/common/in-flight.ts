import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { finalize, Observable } from 'rxjs';

let inFlight = 0;

/**
 * Counts route handlers still running, so shutdown can wait for them before it closes the
 * database: a client that hung up closes its socket (and so lets the HTTP server close) while
 * its handler is still writing (issue 10, item 9).
 */
@Injectable()
export class InFlightInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    inFlight++;
    return next.handle().pipe(finalize(() => inFlight--));
  }
}

/** Resolves once no handler is running, or after `timeoutMs` (default 10 s). */
export async function handlersFinished(timeoutMs = 10_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; inFlight > 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
}
