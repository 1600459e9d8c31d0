import { ValidationPipe } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import hbs from 'hbs';
import { join } from 'node:path';
import { DomainErrorFilter } from './common/domain-error.filter';
import { registerViewHelpers } from './common/view-helpers';
import { VIEWS_DIR } from './common/paths';

/**
 * Configures an application instance the same way for `main.ts` and the e2e tests: views,
 * body limits, cookies, validation (house rule 6) and the one error filter (house rule 7).
 */
export function bootstrapHttp(app: NestExpressApplication): NestExpressApplication {
  app.useBodyParser('json', { limit: '100kb' });
  app.useBodyParser('urlencoded', { limit: '100kb', extended: false });
  app.use(cookieParser());
  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/main' });
  hbs.registerPartials(join(VIEWS_DIR, 'partials'));
  registerViewHelpers(hbs);
  app.disable('x-powered-by');
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks();
  return app;
}
