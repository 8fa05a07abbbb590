/**
 * Settle N generated case-months (3 assistants, about 25 entries each) from their JSON text,
 * beside the floor: parsing the same JSON text and summing its hours.
 */
import { formatClockTime } from '../functions/domain/calendar.ts';
import { parseSettlementCase, type TimesheetEntryInput } from '../functions/domain/settlement/input.ts';
import { settleHours } from '../functions/domain/settlement/settle.ts';
import type { SettlementCase } from '../functions/domain/settlement/types.ts';
import { measure, perSecond, randomSource, type Suite } from './harness.ts';

const ACTIVITIES = ['work', 'education', 'day-care', 'health-care', 'leisure', 'social-inclusion'];

/** One plausible case-month as JSON text: school-day hours, some unconfirmed, a few over the cap. */
export function generateCaseMonth(random: ReturnType<typeof randomSource>, index: number): string {
  const year = random.int(2022, 2025);
  const month = random.int(1, 12);
  const monthText = `${year}-${String(month).padStart(2, '0')}`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const timesheets = [0, 1, 2].map((a) => {
    const entries = [];
    const count = random.int(22, 28);
    for (let i = 0; i < count; i++) {
      const day = random.int(1, days);
      const startHour = 6 + a * 5 + random.int(0, 2);
      const hours = random.int(2, 8) / 2;
      const entry: TimesheetEntryInput = {
        date: `${monthText}-${String(day).padStart(2, '0')}`,
        hours,
        activity: random.chance(0.01) ? 'swimming' : random.pick(ACTIVITIES),
        confirmed: !random.chance(0.05),
      };
      if (random.chance(0.7)) {
        entry.start = formatClockTime(startHour * 60);
        const endMinutes = startHour * 60 + hours * 60;
        entry.end = formatClockTime(endMinutes);
      }
      entries.push(entry);
    }
    return { assistantId: `A-${index}-${a}`, entries };
  });
  const grant = random.chance(0.8) ? { hoursPerMonth: random.pick([60, 80, 100]) } : { hoursPerMonth: 160 };
  return JSON.stringify({
    participantId: `P-${index}`,
    month: monthText,
    grant,
    timesheets,
    history: [1, 2, 3].map((back) => {
      const d = new Date(Date.UTC(year, month - 1 - back, 1));
      return { month: d.toISOString().slice(0, 7), hours: random.int(40, 100) };
    }),
  });
}

export const settleSuite: Suite = {
  name: 'settle',
  async run({ scale }) {
    const total = Math.round(100_000 * scale);
    const distinct = Math.min(total, 5_000);
    const random = randomSource(20_240_301);
    const inputs = Array.from({ length: distinct }, (_, i) => generateCaseMonth(random, i));
    let sink = 0;
    const settleAll = (count: number) => () => {
      for (let i = 0; i < count; i++) {
        const statement = settleHours(parseSettlementCase(JSON.parse(inputs[i % distinct] as string)));
        sink += statement.amountCents;
      }
    };
    const floorAll = (count: number) => () => {
      for (let i = 0; i < count; i++) {
        const json = JSON.parse(inputs[i % distinct] as string) as {
          timesheets: { entries: { hours: number }[] }[];
        };
        for (const timesheet of json.timesheets) for (const entry of timesheet.entries) sink += entry.hours;
      }
    };
    const parsedCases = inputs.map((text) => parseSettlementCase(JSON.parse(text)));
    const settleParsed = (count: number) => () => {
      for (let i = 0; i < count; i++)
        sink += settleHours(parsedCases[i % distinct] as SettlementCase).paidMinutes;
    };
    const floor = measure('JSON.parse and sum hours', total, floorAll(total), floorAll(distinct));
    const subject = measure('parse, validate and settle', total, settleAll(total), settleAll(distinct));
    const engine = measure('settle validated cases', total, settleParsed(total), settleParsed(distinct));
    return {
      suite: `Hour settlement: ${total.toLocaleString('en-US')} case-months, 3 assistants, ~25 entries each`,
      unit: 'case-months',
      subject,
      floor,
      notes: [
        `the engine alone, ${engine.label}: ${Math.round(perSecond(engine)).toLocaleString('en-US')} case-months/s`,
        `(checksum ${sink > 0 ? 'ok' : 'empty'})`,
      ],
    };
  },
};
