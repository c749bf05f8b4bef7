import type { ReactNode } from 'react';
import { Button } from './button.js';

/**
 * A form's submit button (labelled by `children`) with a Cancel beside it that leaves the form without saving. The
 * submit stays first, so Tab reaches it before Cancel, and `isBusy` blocks a second submit while one is under way.
 */
export function FormActions({ isBusy, onCancel, size, className = 'form__row', children }: { isBusy: boolean; onCancel(): void; size?: 'normal' | 'small'; className?: string; children: ReactNode }) {
  return (
    <div className={className}>
      <Button type="submit" size={size} variant="primary" isBusy={isBusy}>
        {children}
      </Button>
      <Button size={size} variant="quiet" onClick={onCancel}>
        Cancel
      </Button>
    </div>
  );
}
