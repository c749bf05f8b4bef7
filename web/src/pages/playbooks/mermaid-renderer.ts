// The only module that imports mermaid. The playbook page loads it with import(), so Vite puts mermaid and its
// dependencies in chunks of their own, fetched when a playbook with a diagram is opened and by no other page.
import mermaid from 'mermaid';

export type ColorScheme = 'light' | 'dark';

/**
 * A colour token as the stylesheet declares it on :root: a light-dark() pair, or what the production build makes of
 * one (two var() fallbacks switched by variables that every color-scheme declaration also sets). Declared, not
 * computed: the computed value is already resolved in the page's own scheme.
 */
function declaredToken(token: string): string | undefined {
  for (const sheet of document.styleSheets) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      // A sheet from another origin (one an extension added) cannot be read, and declares none of Pulse's tokens.
      continue;
    }
    for (const rule of rules) {
      if (!(rule instanceof CSSStyleRule) || rule.selectorText !== ':root') continue;
      const value = rule.style.getPropertyValue(token);
      if (value !== '') return value;
    }
  }
  return undefined;
}

/**
 * The app's colour tokens as one scheme resolves them, whatever the page shows now: a hidden probe with that
 * scheme (from a class in playbooks.css, so that the build's switch variables follow it) declares each token again
 * as the stylesheet does and reads it back. Reading the inherited token instead would give the page's scheme for
 * both drawings.
 */
function themeVariables(scheme: ColorScheme): Record<string, string | boolean> {
  const probe = document.createElement('span');
  probe.className = `playbook-scheme-probe--${scheme}`;
  probe.hidden = true;
  document.body.append(probe);
  const colour = (token: string) => {
    const declared = declaredToken(token);
    if (declared !== undefined) probe.style.setProperty(token, declared);
    probe.style.color = `var(${token})`;
    return getComputedStyle(probe).color;
  };
  const text = colour('--text');
  const variables = {
    darkMode: scheme === 'dark',
    fontFamily: getComputedStyle(document.body).fontFamily,
    fontSize: '15px',
    background: colour('--surface'),
    primaryColor: colour('--accent-soft'),
    primaryTextColor: text,
    primaryBorderColor: colour('--accent'),
    secondaryColor: colour('--surface-sunken'),
    tertiaryColor: colour('--surface-sunken'),
    mainBkg: colour('--accent-soft'),
    nodeBorder: colour('--accent'),
    textColor: text,
    titleColor: text,
    lineColor: colour('--text-muted'),
    edgeLabelBackground: colour('--surface'),
    clusterBkg: colour('--surface-sunken'),
  };
  probe.remove();
  return variables;
}

let queue: Promise<unknown> = Promise.resolve();
let drawings = 0;

/**
 * Draws a flowchart as SVG text in one colour scheme. Mermaid's configuration is global, so drawings run one at a
 * time, each with its scheme set just before it. `strict` keeps Mermaid from running scripts or links in a diagram.
 */
export function drawFlowchart(source: string, scheme: ColorScheme): Promise<string> {
  const draw = async () => {
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      theme: 'base',
      themeVariables: themeVariables(scheme),
      // Narrower labels and tighter spacing than Mermaid's defaults keep a diagram close to the reading column's
      // width, so it is not scaled down until its words are too small to read.
      flowchart: { useMaxWidth: true, htmlLabels: true, padding: 12, wrappingWidth: 160, nodeSpacing: 30, rankSpacing: 40 },
    });
    drawings += 1;
    const { svg } = await mermaid.render(`playbook-diagram-svg-${drawings}`, source);
    return svg;
  };
  const drawn = queue.then(draw, draw);
  queue = drawn.catch(() => undefined);
  return drawn;
}
