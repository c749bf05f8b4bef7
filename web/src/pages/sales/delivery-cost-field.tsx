import { TextField } from '../../components/field.js';
import { formatAmount, lossOfTyped, moneyFieldValue } from './sales-types.js';

/**
 * A deal's delivery cost, typed as text (a number input hands over '' for what it cannot read, which would clear the
 * figure instead of having the server refuse it). A cost above the amount is allowed, since some deals are worth a
 * loss, but said before the form is sent: a mistyped digit should not pass unseen. `action` names the form's button.
 */
export function DeliveryCostField({ label, amount, value, action, error, onChange }: { label: string; amount: string; value: string; action: string; error: string | undefined; onChange(value: string): void }) {
  const typedLoss = lossOfTyped(moneyFieldValue(amount), moneyFieldValue(value));
  return (
    <TextField
      label={label}
      name="deliveryCost"
      inputMode="decimal"
      hint={typedLoss === null ? 'Hosting, implementation, support. Blank is unknown.' : `Above the amount: this deal loses ${formatAmount(typedLoss)}. ${action} it if that is meant.`}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
    />
  );
}
