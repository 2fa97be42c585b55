import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthReport } from './healthReport.js';
import type { PrometheusMetrics } from './PrometheusMetrics.js';
import { describeError } from '../core/describeError.js';

/**
 * The operators' HTTP listener (MONITORING_PORT): `GET /healthz` (200 or 503, JSON) and
 * `GET /metrics` (Prometheus text format). Bound to 127.0.0.1 unless MONITORING_HOST says
 * otherwise: it tells anyone who reaches it how busy the bot is, so it is not public by default.
 */
export interface MonitoringOptions {
  readonly host: string;
  readonly port: number;
  readonly metrics: PrometheusMetrics;
  readonly health: () => HealthReport;
}

export interface MonitoringServer {
  /** Where it listens, e.g. http://127.0.0.1:9464 (the port chosen when 0 was asked). */
  readonly url: string;
  close(): Promise<void>;
}

export type MonitoringStart = { readonly kind: 'listening'; readonly server: MonitoringServer } | { readonly kind: 'failed'; readonly reason: string };

export function startMonitoring(options: MonitoringOptions): Promise<MonitoringStart> {
  const server = createServer((request, response) => {
    void handle(options, request, response).catch((error: unknown) => {
      // A metric that fails to render must not take the listener down; the scrape sees a 500.
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`${describeError(error, { stack: false })}\n`);
    });
  });
  // A scraper keeping its connection open must not hold the bot's exit.
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      resolve({ kind: 'failed', reason: `cannot listen on ${options.host}:${options.port} (${error.code ?? error.message})` });
    });
    server.listen(options.port, options.host, () => {
      const { address, port } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      resolve({
        kind: 'listening',
        server: {
          url: `http://${host}:${port}`,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              server.closeAllConnections();
            }),
        },
      });
    });
  });
}

async function handle(options: MonitoringOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
    return;
  }
  if (pathname === '/healthz') {
    const report = options.health();
    response.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    response.end(`${JSON.stringify(report)}\n`);
    return;
  }
  if (pathname === '/metrics') {
    const body = await options.metrics.render();
    response.writeHead(200, { 'content-type': options.metrics.contentType, 'cache-control': 'no-store' }).end(body);
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: try /healthz or /metrics\n');
}
