import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../common/domain-error';

/** What failed: a personal link that opens nothing, or a sign-in with a wrong name or password. */
export type FailureKind = 'token' | 'login';

/**
 * Failed attempts allowed per client address in the window, per kind (issue 10, item 6). Whole
 * districts reach us from one NAT address, so only failures count: holders of a valid personal
 * link and staff who sign in correctly are never slowed down. Accounts are locked on their own
 * (five failures, `AuthService`).
 */
export const FAILURE_LIMITS: Record<FailureKind, { points: number; duration: number }> = {
  token: { points: 60, duration: 10 * 60 },
  login: { points: 30, duration: 15 * 60 },
};

/**
 * Counts failed token and sign-in attempts per client address (`req.ip`: the socket's address,
 * or the first untrusted `X-Forwarded-For` hop when `TRUST_PROXY` names the proxy) in this
 * process's memory. Several instances each count their own share, which only makes the limit
 * per instance.
 */
@Injectable()
export class FailureThrottle {
  private readonly limiters = {
    token: new RateLimiterMemory({ keyPrefix: 'token', ...FAILURE_LIMITS.token }),
    login: new RateLimiterMemory({ keyPrefix: 'login', ...FAILURE_LIMITS.login }),
  };

  /** @throws DomainError TOO_MANY_FAILURES (429) when `address` has used up its failures of `kind`. */
  async assertAllowed(kind: FailureKind, address: string): Promise<void> {
    const state = await this.limiters[kind].get(address);
    if (state && state.consumedPoints >= FAILURE_LIMITS[kind].points) throw tooMany(kind, state);
  }

  /** Counts one failure of `kind` from `address`. */
  async recordFailure(kind: FailureKind, address: string): Promise<void> {
    await this.limiters[kind].penalty(address, 1);
  }
}

function tooMany(kind: FailureKind, state: RateLimiterRes): DomainError {
  const minutes = Math.max(1, Math.ceil(state.msBeforeNext / 60_000));
  const what = kind === 'token' ? '无效的个人报名链接' : '失败的登录';
  return new DomainError('TOO_MANY_FAILURES', `来自您网络地址的${what}尝试过多，请约 ${minutes} 分钟后再试。`, { retryAfterSeconds: Math.ceil(state.msBeforeNext / 1000) });
}
