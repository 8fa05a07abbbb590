/**
 * The addresses of the coordinators' workspace, in one place: the pages link to each other with
 * them, the work queue's rows point at the one page where each is dealt with, and every email to
 * a coordinator links to the page it names. Paths carry ids only (never a municipality: the
 * signed-in session decides it), so an address forwarded to a colleague of another municipality
 * opens nothing.
 *
 * @example
 * workspacePaths.plan('c-17', 1, 2) // '/workspace/cases/c-17/cycles/1/plans/2'
 */
const id = (value: string) => encodeURIComponent(value);

/**
 * Every page of the workspace lives under this path, apart from the API's own addresses: on AWS the
 * API's routes need a bearer token (API Gateway's JWT authorizer), the workspace's a session
 * cookie, which that authorizer cannot read (functions/session/routes.ts deploys this prefix).
 */
export const WORKSPACE_PATH = '/workspace';
const cases = `${WORKSPACE_PATH}/cases`;

export const workspacePaths = {
  /** The work queue: the first page after sign-in. */
  queue: () => WORKSPACE_PATH,
  /** Open a case. */
  newCase: () => `${cases}/new`,
  /** Where the new-case form is sent. */
  cases: () => cases,
  case: (caseId: string) => `${cases}/${id(caseId)}`,
  assessment: (caseId: string) => `${cases}/${id(caseId)}/assessment`,
  ranking: (caseId: string) => `${cases}/${id(caseId)}/ranking`,
  plan: (caseId: string, cycle: number, revision: number) =>
    `${cases}/${id(caseId)}/cycles/${cycle}/plans/${revision}`,
  month: (caseId: string, month: string) => `${cases}/${id(caseId)}/months/${month}`,
  runs: () => `${WORKSPACE_PATH}/runs`,
  run: (runId: string) => `${WORKSPACE_PATH}/runs/${id(runId)}`,
  runCsv: (runId: string) => `${WORKSPACE_PATH}/runs/${id(runId)}/payments.csv`,
} as const;

/**
 * The ministry's pages (indicators, the policy what-if): under the workspace's prefix so the same
 * session route deploys them, apart from the API's `/ministry/...` addresses (bearer tokens).
 */
export const MINISTRY_PAGES_PATH = `${WORKSPACE_PATH}/ministry`;

export const ministryPaths = {
  indicators: () => MINISTRY_PAGES_PATH,
  indicatorsFile: (extension: 'csv' | 'xlsx') => `${MINISTRY_PAGES_PATH}/indicators.${extension}`,
  whatIf: () => `${MINISTRY_PAGES_PATH}/what-if`,
} as const;
