import { html } from 'hono/html';

/**
 * The HTML documents the store serves for its web pages, written with hono's `html` tagged template:
 * every interpolated value is HTML-escaped (`&`, `<`, `>`, `"`, `'`) unless it is itself an `html`
 * fragment. The pages load only the store's own bundles (`/web/…`), never a CDN.
 */

/** An HTML document or fragment (hono's escaped-string type). */
export type Html = ReturnType<typeof html>;

/**
 * Content-Security-Policy of the pages: own scripts and styles only; `connect` lists the extra origins
 * the page may talk to (the join page: the LiveKit server, ws(s) and http(s)). Recordings may come from a
 * bucket on another origin, so media may load over http(s).
 */
export function pageCsp(connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: https: http:",
    ["connect-src 'self'", ...connect].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** The origins a LiveKit URL needs (signalling over ws(s), its http(s) validate endpoint), or none. */
export function liveKitOrigins(url: string | null): string[] {
  if (url === null) return [];
  try {
    const u = new URL(url);
    const secure = u.protocol === 'wss:' || u.protocol === 'https:';
    return [`${secure ? 'wss' : 'ws'}://${u.host}`, `${secure ? 'https' : 'http'}://${u.host}`];
  } catch {
    return [];
  }
}

function layout(opts: { title: string; lang?: string; body: Html; script?: string }): Html {
  const script = opts.script ? html` <script type="module" src="/web/${opts.script}"></script>` : '';
  return html`<!doctype html>
    <html lang="${opts.lang ?? 'en'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${opts.title}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/web/parley.css" />
        ${script}
      </head>
      <body>
        ${opts.body}
      </body>
    </html> `;
}

/** A clear message instead of the join page: expired, cancelled, completed, not yet open, bad link. */
export function messagePage(opts: { reason: string; title: string; message: string }): Html {
  return layout({
    title: opts.title,
    body: html`<main class="page narrow" id="message" data-reason="${opts.reason}">
      <h1>${opts.title}</h1>
      <p>${opts.message}</p>
    </main>`,
  });
}

/** The participant's page; `join.js` reads the token from the address and fills it in. */
export function joinPage(opts: { title: string; lang: string }): Html {
  return layout({
    title: opts.title,
    lang: opts.lang,
    script: 'join.js',
    body: html`<main class="page narrow" id="join">
      <noscript><p>This interview needs JavaScript and a microphone.</p></noscript>
      <p class="muted">Loading the interview…</p>
    </main>`,
  });
}

/** The observer pages (`/runs`, `/runs/<id>`); `observer.js` asks for the API key and renders. */
export function observerPage(opts: { title: string }): Html {
  return layout({
    title: opts.title,
    script: 'observer.js',
    body: html`<main class="page wide" id="observer">
      <noscript><p>The observer pages need JavaScript.</p></noscript>
      <p class="muted">Loading…</p>
    </main>`,
  });
}
