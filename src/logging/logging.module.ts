import { Module } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { loggablePath, maskPersonalData } from './mask-personal-data';

/** A request id from the client's `X-Request-Id` when it is a plain token, else a new UUID; echoed back. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Structured JSON logs (nestjs-pino, issue 10 item 9): one line per request with its id, method,
 * path (personal-link tokens hidden, no query string), status and time; application messages
 * carry the request id of the request they belong to. Every message passes through
 * `maskPersonalData`; headers, cookies and bodies are never logged. `LOG_LEVEL`, `LOG_FILE`.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: [
          {
            level: config.log.level,
            genReqId: requestId,
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: loggablePath(req.url) }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              err: (err: Error) => ({ type: err.name, message: maskPersonalData(err.message) }),
            },
            hooks: {
              logMethod(args: unknown[], method: (...a: unknown[]) => void) {
                method.apply(this, args.map((a) => (typeof a === 'string' ? maskPersonalData(a) : a)));
              },
            },
            customSuccessMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${loggablePath(req.url ?? '')} ${res.statusCode}`,
            customErrorMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${loggablePath(req.url ?? '')} ${res.statusCode}`,
            // The static assets would drown the log.
            autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/assets/') },
          },
          config.log.file ? pino.destination({ dest: config.log.file, sync: true, mkdir: true }) : pino.destination({ dest: 1, sync: true }),
        ],
      }),
    }),
  ],
})
export class LoggingModule {}
