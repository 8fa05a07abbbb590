/**
 * One question of a form: its label, an optional hint and the error message above the control the
 * caller gives, the group marked while in error. The ids follow the control's: `{id}-hint`,
 * `{id}-error`, which {@link describedBy} names for the control's `aria-describedby`.
 *
 * @example
 * <FormGroup t={t} id="start" label="Start" error={error}>
 *   <input class="govuk-input" id="start" name="start" {...describedBy('start', { error })} />
 * </FormGroup>
 */
import type { Child } from 'hono/jsx';
import type { Catalogue } from '../../i18n/catalogue.ts';
import { ErrorMessage } from '../layout.tsx';

/** The control's `aria-describedby`: its hint and its error, when it has them (nothing otherwise). */
export function describedBy(
  id: string,
  { hint, error }: { hint?: string | undefined; error?: string | undefined },
): { 'aria-describedby'?: string } {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids === '' ? {} : { 'aria-describedby': ids };
}

export function FormGroup({
  t,
  id,
  label,
  labelClass = 'govuk-label',
  hint,
  error,
  children,
}: {
  t: Catalogue;
  id: string;
  label: Child;
  labelClass?: string;
  hint?: string | undefined;
  error: string | undefined;
  children?: Child;
}) {
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label class={labelClass} for={id}>
        {label}
      </label>
      {hint && (
        <div id={`${id}-hint`} class="govuk-hint">
          {hint}
        </div>
      )}
      <ErrorMessage t={t} id={`${id}-error`} text={error} />
      {children}
    </div>
  );
}
