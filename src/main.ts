import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { bootstrapHttp } from './bootstrap';
import { loadConfig } from './config/app-config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = bootstrapHttp(await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false }));
  await app.listen(config.port);
  const logger = new Logger('Main');
  if (config.clockStart) logger.log(`Product clock started at ${config.clockStart.toISOString()} (CLOCK_START); it runs on from there`);
  logger.log(`Serving ${config.publicBaseUrl} (organiser pages: ${config.publicBaseUrl}/admin)`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
