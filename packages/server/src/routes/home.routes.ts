/** GET /: a small page for whoever opens the server's address in a browser: what it is, and where to go. */
import type { FastifyInstance } from 'fastify';

function page(version: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>OiChat server ${version}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; }
  code { font-size: 0.9em; }
  li { margin: 0.25rem 0; }
</style>
</head>
<body>
<main>
<h1>OiChat server <small>${version}</small></h1>
<p>A self-hosted chat API. Your backend signs its requests with a project's secret key (the server SDK,
<code>@oichat/server-sdk</code>, does it for you); your users' apps talk to <code>/v1/me</code> and the
WebSocket at <code>/v1/realtime</code> with the tokens your backend issues them.</p>
<h2>Where to go</h2>
<ul>
<li><a href="/v1/docs">API reference</a>: every endpoint, browsable</li>
<li><a href="/v1/openapi.json">OpenAPI document</a>: the same, for code generators and API tools</li>
<li><a href="/healthz">/healthz</a>: liveness (the process answers)</li>
<li><a href="/readyz">/readyz</a>: readiness (the database, and Redis in a cluster, answer)</li>
</ul>
</main>
</body>
</html>
`;
}

export async function homeRoutes(app: FastifyInstance, { version }: { version: string }): Promise<void> {
  const html = page(version);
  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html),
  );
}
