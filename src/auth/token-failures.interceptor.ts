import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { catchError, from, Observable, switchMap, throwError } from 'rxjs';
import { DomainError } from '../common/domain-error';
import { FailureThrottle } from './failure-throttle.service';

/**
 * On the personal-link routes: a request whose token opens nothing counts as a failure for its
 * address; once the address has used up its failures, such requests get 429 instead of 404.
 * Requests with a valid token are always served (issue 10, item 6).
 */
@Injectable()
export class TokenFailuresInterceptor implements NestInterceptor {
  constructor(private readonly throttle: FailureThrottle) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const address = context.switchToHttp().getRequest<Request>().ip ?? 'unknown';
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!(error instanceof DomainError) || error.code !== 'INVALID_TOKEN') return throwError(() => error);
        return from(this.throttle.assertAllowed('token', address).then(() => this.throttle.recordFailure('token', address))).pipe(switchMap(() => throwError(() => error)));
      }),
    );
  }
}
