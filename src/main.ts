import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AuthService } from './auth/auth.service';
import { bootstrapHttp } from './bootstrap';
import { loadConfig } from './config/app-config';
import { warmUpViews } from './common/view-warmup';

/**
 * Starts the service: structured logs (nestjs-pino), HTTP on `PORT`. SIGTERM and SIGINT shut
 * down gracefully (`enableShutdownHooks` in bootstrapHttp): the server stops accepting, requests
 * in flight finish, then the dispatcher's pass, the RSVP listener and the database close. The
 * first organiser account's password is printed last, where a newcomer sees it.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  bootstrapHttp(app);
  // Every page template compiled before the first request (no burst of compiles under load).
  await warmUpViews(app);
  await app.listen(config.port);
  const logger = new Logger('Main');
  logger.log(`Serving ${config.publicBaseUrl} (organiser pages: ${config.publicBaseUrl}/admin)`);
  const notice = app.get(AuthService).takeFirstAccountNotice();
  if (notice) process.stdout.write(`\n${'='.repeat(78)}\n${notice}\nSign in at ${config.publicBaseUrl}/admin\n${'='.repeat(78)}\n\n`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
