/**
 * The GOV.UK Frontend form fields every staff form is made of, written once: a text input, a file
 * upload, a select, a textarea, radios and checkboxes, each with its label or legend, hint and
 * error message tied to it by `aria-describedby`, and the submit button. A field shows the error
 * it is given (the error summary's row for its id, layout.tsx); it does not read the form itself.
 *
 * @example
 * <TextInput t={page.t} id="caseId" label={n.caseId} value={form.get('caseId')} error={errorOf(problems, 'caseId')} />
 */
import type { Child } from 'hono/jsx';
import type { Catalogue } from '../../i18n/catalogue.ts';
import { ErrorMessage } from '../layout.tsx';

const classes = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ');

/** The hint's and the error's ids a field is described by, or nothing when it has neither. */
export const describedBy = (id: string, hint: unknown, error: string | undefined) => {
  const ids = classes(hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined);
  return ids === '' ? {} : { 'aria-describedby': ids };
};

/** A form group, marked when its field has an error. */
export function FormGroup({ error, children }: { error: string | undefined; children?: Child }) {
  return (
    <div class={classes('govuk-form-group', error !== undefined && 'govuk-form-group--error')}>
      {children}
    </div>
  );
}

function Hint({ id, hint }: { id: string; hint: Child | undefined }) {
  return hint ? (
    <div id={`${id}-hint`} class="govuk-hint">
      {hint}
    </div>
  ) : null;
}

function Label({ id, label, size }: { id: string; label: Child; size: 's' | 'm' | undefined }) {
  return (
    <label class={classes('govuk-label', size && `govuk-label--${size}`)} for={id}>
      {label}
    </label>
  );
}

/**
 * A field's form group: its label, its hint and its error message, then the control the caller
 * gives (described by {@link describedBy}), for a control the fields here do not make.
 */
export function Labelled({
  t,
  id,
  label,
  labelSize,
  hint,
  error,
  children,
}: FieldProps & { children?: Child }) {
  return (
    <FormGroup error={error}>
      <Label id={id} label={label} size={labelSize} />
      <Hint id={id} hint={hint} />
      <ErrorMessage t={t} id={`${id}-error`} text={error} />
      {children}
    </FormGroup>
  );
}

interface FieldProps {
  t: Catalogue;
  id: string;
  label: Child;
  /** A larger label: `m` where the field stands alone as a question. */
  labelSize?: 's' | 'm' | undefined;
  hint?: Child;
  error: string | undefined;
}

/** A one-line text input; `name` is the id unless given. */
export function TextInput({
  t,
  id,
  name = id,
  label,
  labelSize,
  hint,
  error,
  value,
  width,
  type = 'text',
  inputmode,
  autocomplete,
}: FieldProps & {
  name?: string;
  value: string | null | undefined;
  /** A GOV.UK width class, e.g. `govuk-input--width-10`. */
  width?: string;
  type?: 'text' | 'email';
  inputmode?: 'decimal' | 'numeric' | 'email' | 'text';
  autocomplete?: string;
}) {
  return (
    <Labelled t={t} id={id} label={label} labelSize={labelSize} hint={hint} error={error}>
      <input
        class={classes('govuk-input', width, error !== undefined && 'govuk-input--error')}
        id={id}
        name={name}
        type={type}
        {...(inputmode && { inputmode })}
        {...(autocomplete && { autocomplete })}
        spellcheck={false}
        value={value ?? ''}
        {...describedBy(id, hint, error)}
      />
    </Labelled>
  );
}

/** A file to upload, of the types `accept` names. */
export function FileUpload({
  t,
  id,
  label,
  labelSize,
  hint,
  error,
  accept,
}: FieldProps & { accept: string }) {
  return (
    <Labelled t={t} id={id} label={label} labelSize={labelSize} hint={hint} error={error}>
      <input
        class={classes('govuk-file-upload', error !== undefined && 'govuk-file-upload--error')}
        id={id}
        name={id}
        type="file"
        accept={accept}
        {...describedBy(id, hint, error)}
      />
    </Labelled>
  );
}

/** A choice from a list, the first option usually the empty "all" or "current" one (the default, never marked). */
export function Select({
  t,
  id,
  label,
  labelSize,
  error,
  options,
  selected,
}: Omit<FieldProps, 'hint'> & {
  options: readonly { value: string; text: Child }[];
  selected: string | undefined;
}) {
  return (
    <Labelled t={t} id={id} label={label} labelSize={labelSize} error={error}>
      <select class="govuk-select" id={id} name={id}>
        {options.map((option) => (
          <option
            value={option.value}
            {...(option.value !== '' && option.value === selected && { selected: true })}
          >
            {option.text}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

/** A longer text, up to `maxlength` characters. */
export function Textarea({
  t,
  id,
  label,
  labelSize,
  hint,
  error,
  value,
  rows = 4,
  maxlength,
}: FieldProps & { value: string | null | undefined; rows?: number; maxlength?: number }) {
  return (
    <Labelled t={t} id={id} label={label} labelSize={labelSize} hint={hint} error={error}>
      <textarea
        class={classes('govuk-textarea', error !== undefined && 'govuk-textarea--error')}
        id={id}
        name={id}
        rows={rows}
        {...(maxlength !== undefined && { maxlength })}
        {...describedBy(id, hint, error)}
      >
        {value ?? ''}
      </textarea>
    </Labelled>
  );
}

export interface Choice {
  value: string;
  label: Child;
  /** The input's id; by default the field's id for the first choice (the error summary links there), `<id>-<n>` after. */
  id?: string;
}

/**
 * One choice of several, in a fieldset with its legend. The error summary links to the first
 * choice's input: give the error under that input's id.
 */
export function Radios({
  t,
  id,
  name = id,
  legend,
  legendSize = 'm',
  hint,
  error,
  choices,
  checked,
  modifiers,
}: {
  t: Catalogue;
  /** The fieldset's hint and error ids derive from it. */
  id: string;
  name?: string;
  legend: Child;
  legendSize?: 's' | 'm';
  hint?: Child;
  error: string | undefined;
  choices: readonly Choice[];
  checked?: string | null | undefined;
  /** e.g. `govuk-radios--small govuk-radios--inline` */
  modifiers?: string;
}) {
  return (
    <FormGroup error={error}>
      <fieldset class="govuk-fieldset" {...describedBy(id, hint, error)}>
        <legend class={`govuk-fieldset__legend govuk-fieldset__legend--${legendSize}`}>{legend}</legend>
        <Hint id={id} hint={hint} />
        <ErrorMessage t={t} id={`${id}-error`} text={error} />
        <div class={classes('govuk-radios', modifiers)} data-module="govuk-radios">
          {choices.map((choice, index) => {
            const inputId = choice.id ?? (index === 0 ? id : `${id}-${index}`);
            return (
              <div class="govuk-radios__item">
                <input
                  class="govuk-radios__input"
                  id={inputId}
                  name={name}
                  type="radio"
                  value={choice.value}
                  checked={checked === choice.value}
                />
                <label class="govuk-label govuk-radios__label" for={inputId}>
                  {choice.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </FormGroup>
  );
}

export interface Checkbox {
  /** The input's id and name; its value is `yes`. */
  name: string;
  label: Child;
  checked: boolean;
}

/** Small yes/no checkboxes, without a form group (for a checkbox among other fields). */
export function CheckboxItems({ boxes }: { boxes: readonly Checkbox[] }) {
  return (
    <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
      {boxes.map((box) => (
        <div class="govuk-checkboxes__item">
          <input
            class="govuk-checkboxes__input"
            id={box.name}
            name={box.name}
            type="checkbox"
            value="yes"
            checked={box.checked}
          />
          <label class="govuk-label govuk-checkboxes__label" for={box.name}>
            {box.label}
          </label>
        </div>
      ))}
    </div>
  );
}

/** Small yes/no checkboxes in a form group, with the error of the first (`<name>-error`). */
export function Checkboxes({
  t,
  boxes,
  error,
}: {
  t: Catalogue;
  boxes: readonly Checkbox[];
  error?: string | undefined;
}) {
  return (
    <FormGroup error={error}>
      <ErrorMessage t={t} id={`${boxes[0]?.name ?? ''}-error`} text={error} />
      <CheckboxItems boxes={boxes} />
    </FormGroup>
  );
}

/**
 * A form's button. `preventDoubleClick` for a command that must not be sent twice; a `name` and
 * `value` where one form has several buttons.
 */
export function Button({
  children,
  variant,
  preventDoubleClick = false,
  name,
  value,
}: {
  children?: Child;
  variant?: 'secondary' | 'warning';
  preventDoubleClick?: boolean;
  name?: string;
  value?: string;
}) {
  return (
    <button
      type="submit"
      {...(name !== undefined && { name })}
      {...(value !== undefined && { value })}
      class={classes('govuk-button', variant && `govuk-button--${variant}`)}
      data-module="govuk-button"
      {...(preventDoubleClick && { 'data-prevent-double-click': 'true' })}
    >
      {children}
    </button>
  );
}
