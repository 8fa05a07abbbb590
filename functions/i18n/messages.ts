/**
 * The shape of a message catalogue: every key each language (lv.ts, ru.ts, en.ts) must give.
 * Kept apart from catalogue.ts, which imports the languages, so no language imports its importer.
 */
import type {
  ActivityCode,
  AssessmentDomain,
  FundingSource,
  PlanWarningCode,
  RejectionReason,
  ServiceCode,
  ServiceUnit,
  UnfundedReason,
} from './codes.ts';
import type { MinistryMessages } from './ministry/en.ts';
import type { WorkspaceMessages } from './workspace/en.ts';

/** The forms of a counted word by Intl plural category; `other` is always there. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export interface Catalogue {
  /** The language's name in itself, for the language switch. */
  languageName: string;
  serviceName: string;

  // ---- shared with the emails ----------------------------------------------------------------
  services: Record<ServiceCode, { name: string; description: string }>;
  activities: Record<ActivityCode, string>;
  /** A unit counted: `4 nodarbības`. */
  units: Record<ServiceUnit, PluralForms>;
  perMonth: string;
  /** Why hours were not paid, as one sentence. */
  rejections: Record<RejectionReason, string>;
  unfunded: Record<UnfundedReason, string>;
  warnings: Record<PlanWarningCode, string>;
  /** The budget's figures, named the same in every email and page (figures.ts defines each). */
  budgetFigures: Record<'budget' | 'planned' | 'used' | 'leftToSpend' | 'leftToPlan', string>;
  funding: Record<FundingSource, string>;
  domains: Record<AssessmentDomain, string>;
  /** Latvian months after "par" take the accusative; other languages repeat the month as is. */
  monthFor: (month: string, monthNumber: number, year: string) => string;

  // ---- the pages' frame ---------------------------------------------------------------------
  layout: {
    skipLink: string;
    languageNavigation: string;
    footerText: string;
    accessibilityLink: string;
    opensPrint: string;
  };
  common: {
    errorSummaryTitle: string;
    errorPrefix: string;
    continue: string;
    change: string;
    send: string;
    back: string;
    total: string;
    date: string;
    time: string;
    activity: string;
    hours: string;
    amount: string;
    service: string;
    howOften: string;
    provider: string;
    notNamed: string;
    paidBy: string;
    forPeriod: string;
    period: string;
    print: string;
    printHint: string;
    askCoordinator: string;
    csrfExpired: string;
    warning: string;
  };
  links: {
    notFoundTitle: string;
    notFoundBody: string;
    expiredTitle: string;
    expiredBody: string;
    usedTitle: string;
    usedBody: string;
    overTitle: string;
    overBody: string;
    notNowTitle: string;
    notNowBody: string;
    busyBody: string;
    errorTitle: string;
    errorBody: string;
  };
  ranking: {
    title: string;
    intro: string;
    how: string;
    howNoScript: string;
    intensity: (text: string) => string;
    place: (service: string) => string;
    placeLabel: string;
    moveUp: string;
    moveDown: string;
    placeInvalid: (service: string, count: number) => string;
    placeTaken: (service: string, place: number) => string;
    checkTitle: string;
    checkIntro: string;
    yourOrder: string;
    changeOrder: string;
    sendRanking: string;
    sentTitle: string;
    sentBody: string;
    whatNext: string;
    whatNextBody: string;
  };
  consent: {
    title: string;
    intro: string;
    noPlanBody: string;
    servicesCaption: string;
    otherFundingCaption: string;
    unfundedTitle: string;
    unfundedNone: string;
    budgetTitle: string;
    budgetIntro: string;
    budgetTerms: {
      base: string;
      domain: (domain: string, score: number, weight: number, perPoint: string) => string;
      sum: string;
      cap: (applied: boolean) => string;
      period: (months: number) => string;
    };
    warningsTitle: string;
    decisionLegend: string;
    give: string;
    giveHint: string;
    refuse: string;
    refuseHint: string;
    whoLegend: string;
    reasonLabel: string;
    reasonHint: string;
    chooseDecision: string;
    chooseWho: string;
    reasonRequired: string;
    reasonTooLong: (max: number) => string;
    sendDecision: string;
    givenTitle: string;
    givenBody: string;
    refusedTitle: string;
    refusedBody: string;
  };
  hours: {
    title: (month: string) => string;
    intro: (assistant: string) => string;
    summary: (count: number, total: string) => string;
    disputeLegend: string;
    disputeHint: string;
    disputeLabel: (date: string) => string;
    reasonLabel: (date: string) => string;
    reasonHint: string;
    whoLegend: string;
    chooseWho: string;
    reasonRequired: (date: string) => string;
    reasonTooLong: (date: string, max: number) => string;
    confirmAll: string;
    sendWithDisputes: string;
    noEntries: string;
    confirmedTitle: string;
    confirmedBody: string;
    disputedTitle: string;
    disputedBody: (count: number) => string;
    statusConfirmed: string;
    statusDisputed: string;
    statusOpen: string;
    changedTitle: string;
    changedBody: string;
  };
  statement: {
    title: (month: string) => string;
    indexTitle: string;
    indexIntro: string;
    none: (month: string) => string;
    assistantCaption: string;
    hoursPaid: string;
    servicesCaption: string;
    used: string;
    paid: string;
    noServices: string;
    budgetCaption: string;
    supplementary: (sequence: number) => string;
    original: string;
    monthLabel: string;
    show: string;
  };
  /** The coordinators' workspace (functions/i18n/workspace/). */
  workspace: WorkspaceMessages;
  /** The ministry's pages: indicators and the policy what-if (functions/i18n/ministry/). */
  ministry: MinistryMessages;
  accessibility: {
    title: string;
    paragraphs: readonly string[];
    complianceTitle: string;
    compliance: string;
    preparedTitle: string;
    prepared: string;
    feedbackTitle: string;
    feedback: string;
    enforcementTitle: string;
    enforcement: string;
  };
  // ---- sign-in and the assistants' pages (issue 14b) ------------------------------------------
  signIn: {
    title: string;
    developmentTitle: string;
    developmentIntro: string;
    roles: Record<'coordinator' | 'supervisor' | 'assistant' | 'ministry', string>;
    user: (role: string, municipality: string, id: string) => string;
    signInAs: (id: string) => string;
    signOut: string;
    signedInAs: (id: string) => string;
    signedOutTitle: string;
    signedOutBody: string;
    signInAgain: string;
    failedTitle: string;
    failedBody: string;
    forbiddenTitle: string;
    forbiddenBody: string;
    chooseUser: string;
  };
  timesheet: {
    casesTitle: string;
    casesIntro: string;
    noCases: string;
    caseLabel: (caseId: string) => string;
    caseClosed: string;
    monthsCaption: string;
    monthColumn: string;
    statusColumn: string;
    status: Record<'empty' | 'draft' | 'submitted' | 'settled', string>;
    title: (month: string) => string;
    caseCaption: (caseId: string) => string;
    deadline: (date: string) => string;
    deadlinePassed: (date: string) => string;
    grantTitle: string;
    grant: (basis: 'month' | 'week', hours: string) => string;
    entered: string;
    left: string;
    over: string;
    weekOf: (date: string) => string;
    noGrant: string;
    calendarCaption: (month: string) => string;
    weekdays: readonly string[];
    weekdaysLong: readonly string[];
    copyWeek: string;
    copyWeekHidden: (date: string) => string;
    copied: (count: number) => string;
    nothingToCopy: string;
    addTitle: string;
    dayLabel: string;
    startLabel: string;
    endLabel: string;
    timeHint: string;
    activityLabel: string;
    chooseActivity: string;
    add: string;
    added: string;
    afterAdding: (left: string) => string;
    entriesTitle: string;
    noEntries: string;
    remove: string;
    removeHidden: (date: string) => string;
    removed: string;
    draftSaved: string;
    submittedOn: (date: string) => string;
    draftAfterSubmit: string;
    uploadTitle: string;
    uploadHint: string;
    fileLabel: string;
    upload: string;
    fileProblemsTitle: (count: number) => string;
    rowProblem: (row: number, column: string | undefined, message: string) => string;
    goodRowsKept: (count: number) => string;
    fixOrSubmit: string;
    withoutBadRows: string;
    continueToCheck: string;
    checkTitle: (month: string) => string;
    checkIntro: string;
    submit: string;
    sentTitle: string;
    sentBody: string;
    previewLink: string;
    statementLink: string;
    backToCases: string;
    backToMonth: string;
    previewTitle: (month: string) => string;
    previewIntro: string;
    previewSettled: string;
    willBePaid: string;
    willNotBePaid: string;
    nothingPaid: string;
    nothingRefused: string;
    nothingWasPaid: string;
    nothingWasRefused: string;
    reason: string;
    statementTitle: (month: string) => string;
    noStatement: string;
    paidTotal: string;
    refusedTotal: string;
    errors: {
      dayRequired: string;
      dayOutside: (month: string) => string;
      startInvalid: string;
      endInvalid: string;
      endBeforeStart: string;
      activityRequired: string;
      fileRequired: string;
      fileTooBig: string;
      conflict: string;
      nothingToSubmit: string;
      rowsLeftOut: string;
    };
    csvReasons: {
      date: string;
      time: string;
      number: string;
      activity: string;
      yesNo: string;
      tooManyCells: string;
      outsideMonth: (month: string) => string;
      endBeforeStart: string;
      notInDay: string;
      durationMissing: string;
      durationTooLong: string;
      notAColumn: string;
      twice: string;
      missingColumn: (column: string) => string;
      noDuration: string;
      emptyFile: string;
    };
  };
}
