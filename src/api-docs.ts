import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** Where the OpenAPI description is served: the UI, and the JSON at `/api/docs-json`. */
export const API_DOCS_PATH = 'api/docs';

/**
 * Serves the OpenAPI description of every JSON route (paths under /api) with @nestjs/swagger:
 * the Swagger UI at /api/docs and the document at /api/docs-json (issue 12, item 7). The pages
 * (HTML) are left out. The UI loads its own script and styles, so its pages get a content
 * security policy allowing same-origin scripts (the rest of the product allows none).
 */
export function setupApiDocs(app: NestExpressApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('培训报名 JSON API')
    .setDescription('组织者接口使用登录 Cookie（sid）并在修改请求中携带 X-CSRF-Token（见 GET /api/admin/session）；参训人员接口使用 Authorization: Bearer <个人链接中的令牌>。错误：{ statusCode, code, message }，message 为中文。')
    .setVersion('1')
    .addCookieAuth('sid')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.paths = Object.fromEntries(Object.entries(document.paths).filter(([path]) => path.startsWith('/api/')));
  app.use(`/${API_DOCS_PATH}`, (_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
    next();
  });
  SwaggerModule.setup(API_DOCS_PATH, app, document, { jsonDocumentUrl: `${API_DOCS_PATH}-json`, raw: ['json'] });
  return document;
}
