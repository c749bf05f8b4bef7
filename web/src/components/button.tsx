import type { ButtonHTMLAttributes, MouseEvent, Ref } from 'react';

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'quiet' | 'danger';
  size?: 'normal' | 'small';
  isBusy?: boolean;
  ref?: Ref<HTMLButtonElement>;
};

/**
 * The one button of the app; `isBusy` keeps its label (no layout jump) and blocks a second submit. A busy button is
 * not disabled, only marked so: disabling the focused button would drop keyboard focus to the page, and a keyboard
 * user would have to find their place again after every save. A press while busy is ignored instead (which also
 * stops a form's Enter-key submission, a click on its default button).
 */
export function Button({ variant = 'secondary', size = 'normal', isBusy = false, className, type = 'button', disabled, onClick, children, ...rest }: ButtonProps) {
  const classes = ['button', `button--${variant}`, size === 'small' ? 'button--small' : '', className ?? ''].filter(Boolean).join(' ');
  const press = (event: MouseEvent<HTMLButtonElement>) => {
    if (isBusy) {
      event.preventDefault();
      return;
    }
    onClick?.(event);
  };
  return (
    <button type={type} className={classes} disabled={disabled} aria-disabled={isBusy || undefined} aria-busy={isBusy || undefined} onClick={press} {...rest}>
      {children}
    </button>
  );
}
