import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, preloadPageOf } from './app.js';
import { SessionProvider } from './lib/session.js';
import { applyTheme, storedTheme } from './lib/theme.js';
import './styles.css';

// Before the first render, so a dark-theme choice never flashes light.
applyTheme(storedTheme());
preloadPageOf(window.location.pathname);

const rootElement = document.getElementById('root');
if (rootElement) {
  createRoot(rootElement).render(
    <StrictMode>
      <SessionProvider>
        <App />
      </SessionProvider>
    </StrictMode>,
  );
}
