import { useEffect, type ReactNode } from 'react';
import { ThemeToggle } from '../shell/theme-toggle.js';

/** The calm, centred frame of the signed-out pages. */
export function AuthLayout({ title, lead, children, footer }: { title: string; lead?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Pulse`;
  }, [title]);
  return (
    <div className="auth">
      <header className="auth__top">
        <span className="brand" aria-hidden="true">
          <span className="brand__mark" />
          Pulse
        </span>
        <ThemeToggle />
      </header>
      <main className="auth__main" id="main">
        <div className="auth__card">
          <h1 className="auth__title">
            {title}
          </h1>
          {lead && <div className="auth__lead">{lead}</div>}
          {children}
        </div>
        {footer && <div className="auth__footer">{footer}</div>}
      </main>
    </div>
  );
}
