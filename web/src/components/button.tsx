import type { ButtonHTMLAttributes } from 'react';

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'quiet' | 'danger';
  size?: 'normal' | 'small';
  isBusy?: boolean;
};

/** The one button of the app; `isBusy` keeps its label (no layout jump) and blocks a second submit. */
export function Button({ variant = 'secondary', size = 'normal', isBusy = false, className, type = 'button', disabled, children, ...rest }: ButtonProps) {
  const classes = ['button', `button--${variant}`, size === 'small' ? 'button--small' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <button type={type} className={classes} disabled={disabled || isBusy} aria-busy={isBusy || undefined} {...rest}>
      {children}
    </button>
  );
}
