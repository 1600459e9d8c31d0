import type { INestApplication } from '@nestjs/common';

/** One route of the running app: method (upper case) and Express path pattern. */
export interface AppRoute {
  method: string;
  path: string;
}

/** Every route the application serves (from Express's router), sorted. */
export function listRoutes(app: INestApplication): AppRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: unknown[] }; _router?: { stack: unknown[] } };
  const stack = (express.router ?? express._router)!.stack as { route?: { path: string; methods: Record<string, boolean> } }[];
  const routes: AppRoute[] = [];
  for (const layer of stack) {
    // Middleware bound to every path (nestjs-pino's request logger) shows up as route layers on '/{*path}'.
    if (!layer.route || layer.route.path === '/{*path}') continue;
    for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') routes.push({ method: method.toUpperCase(), path: layer.route.path });
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}
