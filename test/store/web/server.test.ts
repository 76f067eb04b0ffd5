import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packageRoot, readAsset } from '../../../src/store/web/assets.js';
import { joinProgress } from '../../../src/store/web/join-state.js';
import { joinPage, liveKitOrigins, messagePage, pageCsp } from '../../../src/store/web/pages.js';

describe('web server helpers', () => {
  it('escapes every interpolated value in the pages', async () => {
    const join = String(await joinPage({ title: `<script>alert("x")</script>&'`, lang: 'en"x' }));
    expect(join).toContain('<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</title>');
    expect(join).toContain('<html lang="en&quot;x">');
    expect(join).toContain('<script type="module" src="/web/join.js"></script>');
    const html = String(await messagePage({ reason: 'x"y', title: '<b>Hi</b>', message: 'a & b' }));
    expect(html).toContain('<h1>&lt;b&gt;Hi&lt;/b&gt;</h1>');
    expect(html).toContain('data-reason="x&quot;y"');
    expect(html).toContain('<p>a &amp; b</p>');
  });

  it('lets the join page connect to its LiveKit server only', () => {
    expect(liveKitOrigins('ws://127.0.0.1:7880')).toEqual(['ws://127.0.0.1:7880', 'http://127.0.0.1:7880']);
    expect(liveKitOrigins('https://lk.example.com/')).toEqual([
      'wss://lk.example.com',
      'https://lk.example.com',
    ]);
    expect(liveKitOrigins(null)).toEqual([]);
    expect(pageCsp(['wss://lk.example.com'])).toContain("connect-src 'self' wss://lk.example.com;");
    expect(pageCsp()).toContain("connect-src 'self';");
    expect(pageCsp()).toContain("script-src 'self';");
  });

  it('reads only the known bundles from the dist folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-web-'));
    writeFileSync(join(dir, 'join.js'), 'console.log(1)');
    writeFileSync(join(dir, 'other.js'), 'x');
    expect(await readAsset('join.js', dir)).toEqual({
      body: Buffer.from('console.log(1)'),
      type: 'text/javascript; charset=utf-8',
      encoding: null,
    });
    // gzip asked for but no compressed copy: the plain file; with one: the copy
    expect((await readAsset('join.js', dir, true))?.encoding).toBeNull();
    writeFileSync(join(dir, 'join.js.gz'), gzipSync('console.log(1)'));
    const gz = await readAsset('join.js', dir, true);
    expect(gz?.encoding).toBe('gzip');
    expect(gunzipSync(gz!.body).toString()).toBe('console.log(1)');
    expect(await readAsset('other.js', dir)).toBeNull();
    expect(await readAsset('observer.js', dir)).toBeNull();
    expect(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).name).toBe('parley');
  });

  it('shows the engine progress counts (questions total and answered)', () => {
    const progress = {
      nodes_total: 3,
      nodes_visited: 2,
      nodes_answered: 1,
      current_node: 'b',
      path_taken: ['intro', 'consent', 'a', 'b'],
      duration_s: 30,
      estimated_remaining_s: 60,
    };
    // the page shows the engine's counts as they are (the same numbers as GET /v1/interview-runs/:id)
    expect(joinProgress('active', progress)).toEqual({
      status: 'active',
      questions_total: 3,
      questions_answered: 1,
      current_node: 'b',
    });
  });
});
