/**
 * Which methods a path answers: built from the app's registered routes, so a request with another method
 * gets 405 with an `Allow` header instead of 404.
 */
export interface RouteTable {
  /** The methods registered for a path matching `path`, or an empty list when no route matches. */
  allowed(path: string): string[];
}

export function routeTable(routes: readonly { method: string; path: string }[]): RouteTable {
  const byPattern = new Map<string, { re: RegExp; methods: Set<string> }>();
  for (const r of routes) {
    if (r.method === 'ALL' || r.path.includes('*')) continue;
    let entry = byPattern.get(r.path);
    if (!entry) {
      const re = new RegExp(
        '^' +
          r.path
            .split('/')
            .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
            .join('/') +
          '$',
      );
      entry = { re, methods: new Set() };
      byPattern.set(r.path, entry);
    }
    entry.methods.add(r.method.toUpperCase());
  }
  return {
    allowed(path) {
      const out = new Set<string>();
      for (const { re, methods } of byPattern.values())
        if (re.test(path)) for (const m of methods) out.add(m);
      if (out.has('GET')) out.add('HEAD');
      return [...out].sort();
    },
  };
}
