/**
 * What the ministry's pages share: their navigation (indicators, the what-if, sign out), the page
 * frame, and a horizontal bar chart drawn on the server as SVG (no script; its figures are always
 * in a table after it). Its tables are components/table.tsx's ScrollTable.
 */
import { ministryPaths } from '../../domain/work-queue/paths.ts';
import type { Session } from '../../session/session.ts';
import type { PageContext } from '../layout.tsx';
import { StaffBar, StaffPage, type StaffPageProps } from '../workspace/frame.tsx';

export function MinistryNav({ page, session, csrf }: { page: PageContext; session: Session; csrf: string }) {
  const m = page.t.ministry;
  return (
    <StaffBar
      page={page}
      csrf={csrf}
      label={m.nav.label}
      links={[
        { href: ministryPaths.indicators(), text: m.nav.indicators },
        { href: ministryPaths.whatIf(), text: m.nav.whatIf },
      ]}
      signedInAs={m.nav.signedInAs(session.sub)}
    />
  );
}

/** A ministry page: the layout, the ministry's navigation, then the page's own content. */
export const MinistryPage = (props: StaffPageProps) => <StaffPage {...props} nav={MinistryNav} />;

export interface Bar {
  label: string;
  /** Null: suppressed, drawn as no bar with its mark. */
  value: number | null;
}

const CHART = { width: 600, left: 210, right: 110, row: 30, top: 8, bottom: 8 } as const;

/**
 * A bar per row, label left, value right; below zero to the left of a zero line. Ids derive
 * from `id`, so several charts may share a page.
 */
export function BarChart({
  id,
  title,
  description,
  bars,
  format,
  suppressedMark,
}: {
  id: string;
  title: string;
  description: string;
  bars: readonly Bar[];
  format: (value: number) => string;
  suppressedMark: string;
}) {
  const values = bars.map((bar) => bar.value ?? 0);
  const most = Math.max(1, ...values.map((value) => Math.abs(value)));
  const negative = values.some((value) => value < 0);
  const positive = values.some((value) => value > 0);
  const plot = CHART.width - CHART.left - CHART.right;
  const zero = CHART.left + (negative && positive ? plot / 2 : negative ? plot : 0);
  const scale = (negative && positive ? plot / 2 : plot) / most;
  const height = CHART.top + CHART.bottom + bars.length * CHART.row;
  return (
    <svg
      class="app-chart"
      viewBox={`0 0 ${CHART.width} ${height}`}
      width="100%"
      role="img"
      aria-labelledby={`${id}-title ${id}-description`}
      data-chart={id}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-description`}>{description}</desc>
      <line x1={zero} x2={zero} y1={CHART.top} y2={height - CHART.bottom} stroke="#505a5f" stroke-width="1" />
      {bars.map((bar, index) => {
        const y = CHART.top + index * CHART.row;
        const value = bar.value ?? 0;
        const length = Math.abs(value) * scale;
        const x = value < 0 ? zero - length : zero;
        // A value's text right of the zero line for a cut, after the bar for a rise: never over a label.
        const labelX = value < 0 ? zero + 6 : x + length + 6;
        return (
          <g data-bar={bar.label} data-value={bar.value === null ? 'suppressed' : String(bar.value)}>
            <text x={CHART.left - 8} y={y + 19} text-anchor="end" font-size="14" fill="#0b0c0c">
              {bar.label.length > 27 ? `${bar.label.slice(0, 26)}…` : bar.label}
            </text>
            {bar.value !== null && length > 0 && (
              <rect
                x={x}
                y={y + 5}
                width={length}
                height={CHART.row - 10}
                fill={value < 0 ? '#d4351c' : '#1d70b8'}
              />
            )}
            <text x={bar.value === null ? zero + 6 : labelX} y={y + 19} font-size="14" fill="#0b0c0c">
              {bar.value === null ? suppressedMark : format(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** `+1 234,50 €` or `-…`: a difference with its sign. */
export const signed = (value: number, text: string) => (value > 0 ? `+${text}` : text);
