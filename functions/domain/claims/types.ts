/** Service claims: what providers say they delivered, and what is paid against the plan. */
import type { IsoDate, YearMonth } from '../calendar.ts';
import type { FundingSource } from '../policy/schema.ts';

/** One plan line as the claims need it (a subset of the plan's output line). */
export interface PlannedService {
  service: string;
  unitsPerMonth: number;
  unitCents: number;
  travelCents: number;
  funding: FundingSource;
}

/** The parts of a support plan that claims are paid against. */
export interface PlanForClaims {
  period: { start: IsoDate; end: IsoDate };
  lines: readonly PlannedService[];
  /** How far one month may exceed its share, in hundredths; null: only the period total caps. */
  monthlyFlexibilityHundredths: number | null;
}

export interface ServiceClaim {
  date: IsoDate;
  service: string;
  units: number;
  providerId: string;
  /** Confirmed by the parent. */
  confirmed: boolean;
}

export type ClaimRejectionReason =
  | 'OUTSIDE_PERIOD'
  | 'LATER_MONTH'
  | 'NOT_IN_PLAN'
  | 'UNCONFIRMED'
  | 'DUPLICATE'
  | 'MONTH_CAP'
  | 'PERIOD_CAP';

export interface PaidClaim {
  /** Where the claim stands in the input, e.g. `claims[3]`. */
  claim: string;
  date: IsoDate;
  providerId: string;
  units: number;
  amountCents: number;
}

export interface RejectedClaim {
  claim: string;
  date: IsoDate;
  service: string;
  providerId: string;
  /** The units rejected: all of the claim, or the part beyond a cap. */
  units: number;
  reason: ClaimRejectionReason;
  detail: string;
}

export interface ServiceLineStatement {
  service: string;
  funding: FundingSource;
  unitsPerMonth: number;
  /** unitCents + travelCents. */
  unitPriceCents: number;
  periodUnits: number;
  periodCents: number;
  /** Paid in the statement month. */
  monthUnits: number;
  monthCents: number;
  /** Paid from the start of the period to the end of the statement month. */
  usedUnits: number;
  usedCents: number;
  /** periodUnits - usedUnits. */
  leftToSpendUnits: number;
  /** periodCents - usedCents: what the line can still pay (functions/domain/budget/figures.ts). */
  leftToSpendCents: number;
  /** The claims paid in the statement month. */
  paid: PaidClaim[];
}

export interface ServicesStatement {
  month: YearMonth;
  lines: ServiceLineStatement[];
  /** Rejections among the claims of the statement month (and any claim outside the period or later). */
  rejected: RejectedClaim[];
  /** Individual-budget money used from the start of the period to the end of the month. */
  usedCents: number;
  /** Planned - used so far, over the individual-budget lines: what the plan can still pay after this month. */
  leftToSpendCents: number;
  /** Individual-budget money paid for this month's claims. */
  monthCents: number;
  /** Claims of earlier months in the period that were rejected (each on its own month's statement). */
  earlierRejections: number;
  /** One sentence for the family. */
  summary: string;
}
