/** One problem with an input, named by its path (`timesheets[0].entries[3].hours`). */
export interface InputIssue {
  path: string;
  message: string;
}

/**
 * Input the domain cannot act on. Raised before anything is computed or written, so a caller
 * can show every issue at once and change nothing.
 */
export class InputError extends Error {
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[]) {
    super(issues.map((issue) => `${issue.path || '(input)'}: ${issue.message}`).join('; '));
    this.name = 'InputError';
    this.issues = issues;
  }
}

/** `['timesheets', 0, 'hours']` as `timesheets[0].hours`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text ? `.${String(part)}` : String(part);
  }
  return text;
}
