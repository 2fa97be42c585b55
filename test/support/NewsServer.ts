/**
 * A local web server for the link and feed tests (node:http on 127.0.0.1): each path answers what a
 * test sets — a page, a feed, a redirect, a slow or endless body, a wrong content type. It records
 * every request, so tests can check conditional headers and that a refused address was never asked.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (request: IncomingMessage, response: ServerResponse) => void;

export interface ServedRequest {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
}

export class NewsServer {
  readonly requests: ServedRequest[] = [];
  private readonly routes = new Map<string, Route>();
  private readonly server: Server;

  private constructor(server: Server) {
    this.server = server;
  }

  static async start(): Promise<NewsServer> {
    let self: NewsServer | undefined;
    const server = createServer((request, response) => {
      const url = request.url ?? '/';
      self!.requests.push({ path: url, headers: request.headers });
      const route = self!.routes.get(url.split('?')[0]!);
      if (route === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      route(request, response);
    });
    self = new NewsServer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  url(path: string): string {
    return `${this.origin}${path}`;
  }

  route(path: string, route: Route): this {
    this.routes.set(path, route);
    return this;
  }

  /** Serves `body` with `contentType` (and any other headers). */
  serve(path: string, contentType: string, body: string | Uint8Array, headers: Record<string, string> = {}): this {
    return this.route(path, (_request, response) => {
      response.writeHead(200, { 'content-type': contentType, ...headers }).end(body);
    });
  }

  redirect(path: string, location: string, status = 302): this {
    return this.route(path, (_request, response) => {
      response.writeHead(status, { location }).end();
    });
  }

  requestsFor(path: string): ServedRequest[] {
    return this.requests.filter((request) => request.path.split('?')[0] === path);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
