import { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import hbs from 'hbs';
import helmet from 'helmet';
import { join } from 'node:path';
import { setupApiDocs } from './api-docs';
import { DomainErrorFilter } from './common/domain-error.filter';
import { InFlightInterceptor } from './common/in-flight';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { VIEWS_DIR } from './common/paths';
import { withRequestContext } from './common/request-context';
import { AppValidationPipe } from './common/parse-id.pipe';
import { BodyShapePipe, refuseRepeatedQueryKeys, refuseUnparsedBodies } from './common/request-shape';
import { registerViewHelpers } from './common/view-helpers';

/** Largest JSON or form body accepted; larger ones get 413. File uploads have their own limit. */
export const BODY_LIMIT = '100kb';

/**
 * Configures an application instance the same way for `main.ts` and the e2e tests: security
 * headers with a content security policy that allows no inline script or style, body limits,
 * cookies, the request context (who acts, for the audit log), views, validation (house rule 6)
 * and the one error filter (house rule 7).
 */
export function bootstrapHttp(app: NestExpressApplication): NestExpressApplication {
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  app.use((_req: unknown, _res: unknown, next: () => void) => withRequestContext(next));
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: false });
  // Malformed input gets a clear 4xx before any handler (issue 9, items 6, 8 and 9).
  app.use(refuseUnparsedBodies, refuseRepeatedQueryKeys);
  app.use(cookieParser());
  app.useStaticAssets(join(VIEWS_DIR, 'assets'), { prefix: '/assets/', maxAge: '1h' });
  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/main' });
  // Compile each template and layout once (Express turns this on only with NODE_ENV=production):
  // otherwise hbs reads and compiles them again on every page (issue 10, item 7: the slowest read).
  app.set('view cache', true);
  hbs.registerPartials(join(VIEWS_DIR, 'partials'));
  registerViewHelpers(hbs);
  app.disable('x-powered-by');
  // The client address (req.ip) for the failure throttle: X-Forwarded-For only from a trusted proxy.
  app.set('trust proxy', app.get<AppConfig>(APP_CONFIG).trustProxy);
  app.useGlobalPipes(new BodyShapePipe(), new AppValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalInterceptors(new InFlightInterceptor());
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks();
  setupApiDocs(app);
  return app;
}
