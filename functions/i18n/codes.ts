/**
 * The codes the catalogues name: every service and activity of the built-in policy book, and the
 * codes the domain explains (rejections, plan warnings, budget terms). Each catalogue is a record
 * over these lists, so a code without a name in some language is a type error; a test checks that
 * the policy book names no code missing here.
 */

export type { PlanWarningCode, UnfundedReason } from '../domain/plan/types.ts';
export {
  ASSESSMENT_DOMAINS,
  type AssessmentDomain,
  FUNDING_SOURCES,
  type FundingSource,
  SERVICE_UNITS,
  type ServiceUnit,
} from '../domain/policy/schema.ts';
export { REJECTION_REASONS, type RejectionReason } from '../domain/settlement/types.ts';

export const SERVICE_CODES = [
  'physiotherapy',
  'pool-physiotherapy',
  'occupational-therapy',
  'speech-therapy',
  'audio-speech-therapy',
  'micro-speech-therapy',
  'psychologist-child',
  'psychologist-parents',
  'aba-therapy',
  'music-therapy',
  'canistherapy',
  'hippotherapy',
  'alternative-communication',
  'special-educator',
  'assistant',
  'companion',
  'home-care',
  'respite-care',
  'day-care-centre',
  'support-person',
  'group-sessions',
  'relatives-support-group',
  'transport',
  'group-home',
] as const;
export type ServiceCode = (typeof SERVICE_CODES)[number];

export const ACTIVITY_CODES = [
  'work',
  'education',
  'day-care',
  'social-services',
  'health-care',
  'leisure',
  'social-inclusion',
] as const;
export type ActivityCode = (typeof ACTIVITY_CODES)[number];

export const PLAN_WARNING_CODES = [
  'ESSENTIAL_NOT_FUNDABLE',
  'NO_PROVIDER',
  'PROVIDER_BEYOND_THRESHOLD',
  'UNUSED_BUDGET',
  'PARENT_RANKED_UNRECOMMENDED',
  'NO_MONTHLY_ASSISTANT_GRANT',
  'PARENTS_DID_NOT_RANK',
] as const;

export const isServiceCode = (code: string): code is ServiceCode =>
  (SERVICE_CODES as readonly string[]).includes(code);
export const isActivityCode = (code: string): code is ActivityCode =>
  (ACTIVITY_CODES as readonly string[]).includes(code);
