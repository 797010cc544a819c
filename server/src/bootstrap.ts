import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/config.js';

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export function buildOpenApi(app: NestExpressApplication) {
  const config = new DocumentBuilder()
    .setTitle('Bearing API')
    .setDescription(
      'Team health and delivery metrics. All routes are under /api/v1; errors are {"error":{"code","message","details"?}}.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addCookieAuth('bearing_session')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Builds the Nest application (used by main and by the HTTP tests). */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  options: { webDistDir?: string | null; logger?: boolean } = {},
): Promise<NestExpressApplication> {
  const webDistDir = options.webDistDir === undefined ? (config.webDistDir ?? DEFAULT_WEB_DIST) : options.webDistDir;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl, webDistDir), {
    bufferLogs: true,
    // JSON bodies only: no urlencoded parser, so a cross-site HTML form cannot post to the API
    bodyParser: false,
    // keep the exact bytes of JSON bodies (req.rawBody): webhook signatures are over them
    rawBody: true,
    logger: options.logger === false ? false : undefined,
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  // JSON only (application/json and application/*+json such as CloudEvents); over 1 MB → 413
  app.useBodyParser('json', { limit: '1mb', type: ['application/json', 'application/*+json'] });
  SwaggerModule.setup('api/docs', app, buildOpenApi(app), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
