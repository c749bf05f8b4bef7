import { useCallback, useState } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
const THEME_KEY = 'pulse-theme';

export function storedTheme(): ThemeChoice {
  const value = localStorage.getItem(THEME_KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** `system` follows prefers-color-scheme through CSS; a choice pins `data-theme` on <html>. */
export function applyTheme(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

export function useTheme(): { choice: ThemeChoice; effective: 'light' | 'dark'; cycle(): void } {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  const prefersDark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  const effective = choice === 'system' ? (prefersDark ? 'dark' : 'light') : choice;
  const cycle = useCallback(() => {
    // A toggle flips what the person sees; going back to "follow the system" happens when the flip matches it.
    const next: 'light' | 'dark' = effective === 'dark' ? 'light' : 'dark';
    const nextChoice: ThemeChoice = (next === 'dark') === prefersDark ? 'system' : next;
    if (nextChoice === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, nextChoice);
    applyTheme(nextChoice);
    setChoice(nextChoice);
  }, [effective, prefersDark]);
  return { choice, effective, cycle };
}
