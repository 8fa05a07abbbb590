/**
 * The coordinators' case routes, in the order the API lists them: open a case, the reads
 * coordinators and supervisors share (a case with its current cycle, its statements, its audit
 * trail), submit the assessment, record the parents' ranking on their behalf, approve a plan
 * revision or ask for changes, trigger an early review, close, resume, the parents' statement link
 * and stays. Each group lives in cases/; every route works in the municipality of the caller's
 * token (a case of another municipality is not found). Handlers parse, call the cycle's commands
 * or the store, and answer; the commands decide.
 *
 * The workspace's forms run these routes' handlers (functions/pages/workspace/forms/, one file a
 * form), which is why the routes they post to are named here too.
 *
 * @example
 * app.request('/cases', { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body });
 */
import { recordRankingRoute, submitAssessmentRoute } from './cases/assessment-and-ranking.ts';
import { closeCaseRoute, earlyReviewRoute, openCaseRoute, resumeCycleRoute } from './cases/lifecycle.ts';
import { approvePlanRoute, requestChangesRoute } from './cases/plans.ts';
import { caseAuditRoute, caseStatementsRoute, getCaseRoute } from './cases/reads.ts';
import { recordStayRoute, statementLinkRoute } from './cases/statement-links-and-stays.ts';

export {
  approvePlanRoute,
  closeCaseRoute,
  earlyReviewRoute,
  openCaseRoute,
  recordRankingRoute,
  requestChangesRoute,
  resumeCycleRoute,
  submitAssessmentRoute,
};

export const caseRoutes = [
  openCaseRoute,
  getCaseRoute,
  caseStatementsRoute,
  caseAuditRoute,
  submitAssessmentRoute,
  recordRankingRoute,
  approvePlanRoute,
  requestChangesRoute,
  earlyReviewRoute,
  closeCaseRoute,
  resumeCycleRoute,
  statementLinkRoute,
  recordStayRoute,
];
