// The only module that imports mermaid. The playbook page loads it with import(), so Vite puts mermaid and its
// dependencies in chunks of their own, fetched when a playbook with a diagram is opened and by no other page.
import mermaid from 'mermaid';

export type ColorScheme = 'light' | 'dark';

/**
 * The app's colour tokens as one scheme resolves them. The tokens are light-dark() pairs, so a probe element with
 * its own color-scheme reads either side, whatever the page shows now.
 */
function themeVariables(scheme: ColorScheme): Record<string, string | boolean> {
  const probe = document.createElement('span');
  probe.style.colorScheme = scheme;
  probe.hidden = true;
  document.body.append(probe);
  const colour = (token: string) => {
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
