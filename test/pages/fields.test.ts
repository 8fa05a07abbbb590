/**
 * The shared form fields (functions/pages/components/fields.tsx): each ties its hint and its error
 * to its control, marks itself in error only when it has one, and keeps what was entered.
 */
import { describe, expect, it } from 'vitest';
import { catalogueOf } from '../../functions/i18n/catalogue.ts';
import {
  Button,
  Checkboxes,
  FileUpload,
  Radios,
  Select,
  Textarea,
  TextInput,
} from '../../functions/pages/components/fields.tsx';

const t = catalogueOf('en');
const html = async (element: { toString(): string | Promise<string> }) => String(await element.toString());

describe('the form fields', () => {
  it('ties a text input to its hint, and to its error only when it has one', async () => {
    const clean = await html(
      TextInput({ t, id: 'caseId', label: 'Case', hint: 'Letters', value: 'c-1', error: undefined }),
    );
    expect(clean).toContain('aria-describedby="caseId-hint"');
    expect(clean).toContain('value="c-1"');
    expect(clean).not.toContain('error');
    const wrong = await html(
      TextInput({
        t,
        id: 'caseId',
        label: 'Case',
        hint: 'Letters',
        value: '??',
        error: 'Case: not an id',
        width: 'govuk-input--width-10',
      }),
    );
    expect(wrong).toContain('class="govuk-form-group govuk-form-group--error"');
    expect(wrong).toContain('class="govuk-input govuk-input--width-10 govuk-input--error"');
    expect(wrong).toContain('aria-describedby="caseId-hint caseId-error"');
    expect(wrong).toContain('id="caseId-error"');
    expect(wrong).toContain('Case: not an id');
  });

  it('describes a field with neither hint nor error by nothing', async () => {
    const plain = await html(TextInput({ t, id: 'name', label: 'Name', value: undefined, error: undefined }));
    expect(plain).not.toContain('aria-describedby');
    expect(plain).toContain('value=""');
  });

  it('gives the first radio the field’s id, so the error summary’s link lands on it, and checks the chosen one', async () => {
    const radios = await html(
      Radios({
        t,
        id: 'reason',
        legend: 'Why',
        error: 'Why: choose one',
        choices: [
          { value: 'a', label: 'A' },
          { value: 'b', label: 'B' },
        ],
        checked: 'b',
      }),
    );
    expect(radios).toContain('id="reason" name="reason" type="radio" value="a"/>');
    expect(radios).toContain('id="reason-1" name="reason" type="radio" value="b" checked=""/>');
    expect(radios).toContain('<fieldset class="govuk-fieldset" aria-describedby="reason-error">');
  });

  it('marks the chosen option of a select, never the empty default', async () => {
    const options = [
      { value: '', text: 'All' },
      { value: 'talsi', text: 'Talsi' },
    ];
    const chosen = await html(
      Select({ t, id: 'm', label: 'Where', error: undefined, options, selected: 'talsi' }),
    );
    expect(chosen).toContain('<option value="talsi" selected="">');
    const none = await html(Select({ t, id: 'm', label: 'Where', error: undefined, options, selected: '' }));
    expect(none).not.toContain('selected');
  });

  it('keeps a textarea’s text, and limits its length when asked', async () => {
    const area = await html(
      Textarea({
        t,
        id: 'reason',
        label: 'Why',
        hint: 'Briefly',
        error: 'Too long',
        value: 'because',
        maxlength: 500,
      }),
    );
    expect(area).toContain('class="govuk-textarea govuk-textarea--error"');
    expect(area).toContain('maxlength="500"');
    expect(area).toContain('aria-describedby="reason-hint reason-error"');
    expect(area).toContain('>because</textarea>');
  });

  it('shows a checkbox group’s error above its boxes, a file upload its accepted types, a button its kind', async () => {
    const boxes = await html(
      Checkboxes({
        t,
        boxes: [{ name: 'confirm', label: 'I confirm', checked: false }],
        error: 'Confirm it',
      }),
    );
    expect(boxes).toContain('id="confirm-error"');
    expect(boxes).not.toContain('checked');
    const file = await html(
      FileUpload({ t, id: 'policyFile', label: 'File', error: undefined, accept: '.json' }),
    );
    expect(file).toContain('type="file" accept=".json"');
    const button = await html(Button({ variant: 'warning', preventDoubleClick: true, children: 'Close' }));
    expect(button).toBe(
      '<button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" data-prevent-double-click="true">Close</button>',
    );
  });
});
