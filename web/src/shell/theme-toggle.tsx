import { useTheme } from '../lib/theme.js';

export function ThemeToggle() {
  const { effective, cycle } = useTheme();
  const next = effective === 'dark' ? 'light' : 'dark';
  return (
    <button type="button" className="icon-button theme-toggle" onClick={cycle} aria-label={`Switch to the ${next} theme`} title={`Switch to the ${next} theme`}>
      <span aria-hidden="true">{effective === 'dark' ? '☀' : '☾'}</span>
    </button>
  );
}
