/**
 * Hostile Markdown used to prove the renderer executes nothing: each payload, if it ever ran, would
 * set `window.__xss`. Shared by the unit test of the renderer and the browser test of the web app.
 */
export const XSS_PAYLOADS: readonly string[] = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss = 1">',
  '<svg onload="window.__xss=1"></svg>',
  '[click me](javascript:window.__xss=1)',
  '[click me](JaVaScRiPt:window.__xss=1)',
  '[tab](java\tscript:window.__xss=1)',
  '[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)',
  '[quote](https://example.test/" onmouseover="window.__xss=1)',
  '**<img src=x onerror=window.__xss=1>**',
  '`<script>window.__xss=1</script>`',
  '<a href="javascript:window.__xss=1">link</a>',
  '<iframe src="javascript:window.__xss=1"></iframe>',
  '# <img src=x onerror=window.__xss=1>',
  '- <details open ontoggle="window.__xss=1">',
  '> <body onload=window.__xss=1>',
  '```\n</code></pre><script>window.__xss=1</script>\n```',
  '<style>@import "javascript:window.__xss=1";</style>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>',
  '[x](#" onclick="window.__xss=1)',
  '<!-- --><script>window.__xss=1</script>',
];
