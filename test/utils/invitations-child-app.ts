/**
 * The application without HTTP, as a separate process, for the crash test: boots AppModule from
 * the environment (DATABASE_PATH or DATABASE_URL, SMTP_URL, DISPATCH_INTERVAL_MS, CLOCK_START …) so the
 * background dispatcher runs, and prints "ready" once booted. Started with
 * `node -r ts-node/register/transpile-only test/utils/invitations-child-app.ts`.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module';

NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] })
  .then((app) => {
    app.enableShutdownHooks();
    // Nothing else keeps the event loop alive: the dispatcher's timer is unref'd and there is no HTTP server.
    setInterval(() => undefined, 60_000);
    process.stdout.write('ready\n');
  })
  .catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
