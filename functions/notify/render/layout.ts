/**
 * One email, two parts from one description: every kind builds a list of {@link Block}s and this
 * module turns them into accessible HTML and a plain-text part that says the same thing.
 *
 * HTML rules kept here, once: semantic headings (`h1`, `h2`) and tables (`caption`, `th` with
 * `scope`), 16 px body text and larger headings, near-black text on white (contrast above 15:1),
 * links that say where they go, no images, styles inline because many mail programs drop `<style>`.
 *
 * Every dynamic value goes through `escape-html` (the small, long-kept escaper Express and
 * `send` use): it escapes `& < > " '`, which covers text content and quoted attribute values,
 * the only two places values land here. A template engine would escape too, but would bring a
 * language of its own for 16 short layouts; one audited function is the smaller surface.
 * Links are only ever `https:`/`http:` URLs (checked again here), so no `javascript:` can slip in.
 *
 * @example
 * const email = composeEmail({
 *   language: 'en',
 *   subject: 'Timesheet for March 2024',
 *   heading: 'Please submit your timesheet',
 *   blocks: [{ kind: 'paragraph', text: 'It is due on 5 April 2024.' }],
 *   footer: ['Riga social service'],
 * });
 * email.html.includes('<h1'); // true
 */
import escapeHtml from 'escape-html';

export { LANGUAGES, type Language } from '../../i18n/languages.ts';

import type { Language } from '../../i18n/languages.ts';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface TableColumn {
  label: string;
  /** Right-aligned: amounts and hours. */
  numeric?: boolean;
}

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; text: string }
  /** Label and value pairs, rendered as a two-column table with row headers. */
  | { kind: 'facts'; caption: string; rows: readonly (readonly [string, string])[] }
  | {
      kind: 'table';
      caption: string;
      columns: readonly TableColumn[];
      rows: readonly (readonly string[])[];
      /** A closing row such as a total; its first cell is a row header. */
      total?: readonly string[];
    }
  | { kind: 'list'; items: readonly string[] }
  /** A link the reader is asked to follow; its address is also printed, for text-only readers. */
  | { kind: 'action'; text: string; url: string };

export interface EmailContent {
  language: Language;
  subject: string;
  heading: string;
  blocks: readonly Block[];
  /** Closing lines: who sends it, how to answer. */
  footer: readonly string[];
}

const TEXT = '#1a1a1a';
const MUTED = '#3d3d3d';
const LINK = '#0b4f9c';
const RULE = '#6b6b6b';
const FONT = 'Arial, Helvetica, sans-serif';

const styles = {
  body: `margin:0;padding:0;background:#ffffff;color:${TEXT};font-family:${FONT};font-size:16px;line-height:1.5;`,
  wrapper: 'max-width:640px;margin:0 auto;padding:24px 16px;',
  h1: `font-size:26px;line-height:1.3;margin:0 0 16px;color:${TEXT};`,
  h2: `font-size:20px;line-height:1.3;margin:24px 0 8px;color:${TEXT};`,
  p: 'font-size:16px;margin:0 0 16px;',
  table: 'border-collapse:collapse;width:100%;margin:0 0 16px;font-size:16px;',
  caption: `text-align:left;font-weight:bold;font-size:17px;padding:0 0 8px;color:${TEXT};`,
  th: `text-align:left;border:1px solid ${RULE};padding:8px;background:#f0f0f0;color:${TEXT};`,
  td: `border:1px solid ${RULE};padding:8px;color:${TEXT};vertical-align:top;`,
  list: 'margin:0 0 16px;padding-left:24px;font-size:16px;',
  action: `display:inline-block;background:${LINK};color:#ffffff;font-weight:bold;font-size:17px;padding:12px 20px;border-radius:4px;text-decoration:underline;`,
  link: `color:${LINK};text-decoration:underline;word-break:break-all;`,
  footer: `border-top:1px solid ${RULE};margin-top:32px;padding-top:16px;color:${MUTED};font-size:16px;`,
} as const;

const e = (value: string): string => escapeHtml(value);

/** The only URLs an email may link to. */
export function checkLinkUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new RangeError('an email link must be an http(s) URL');
  }
  return url;
}

function cellStyle(column: TableColumn | undefined, base: string): string {
  return column?.numeric ? `${base}text-align:right;white-space:nowrap;` : base;
}

function tableHtml(block: Extract<Block, { kind: 'table' }>): string {
  const head = block.columns
    .map((column) => `<th scope="col" style="${cellStyle(column, styles.th)}">${e(column.label)}</th>`)
    .join('');
  const row = (cells: readonly string[], total: boolean) =>
    `<tr>${cells
      .map((cell, index) => {
        const column = block.columns[index];
        if (index === 0 && total) return `<th scope="row" style="${styles.th}">${e(cell)}</th>`;
        const style = cellStyle(column, total ? `${styles.td}font-weight:bold;` : styles.td);
        return `<td style="${style}">${e(cell)}</td>`;
      })
      .join('')}</tr>`;
  const body = block.rows.map((cells) => row(cells, false)).join('\n');
  const foot = block.total ? `\n<tfoot>${row(block.total, true)}</tfoot>` : '';
  return [
    `<table style="${styles.table}">`,
    `<caption style="${styles.caption}">${e(block.caption)}</caption>`,
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${body}\n</tbody>${foot}`,
    '</table>',
  ].join('\n');
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="${styles.p}">${e(block.text)}</p>`;
    case 'heading':
      return `<h2 style="${styles.h2}">${e(block.text)}</h2>`;
    case 'facts':
      return [
        `<table style="${styles.table}">`,
        `<caption style="${styles.caption}">${e(block.caption)}</caption>`,
        '<tbody>',
        ...block.rows.map(
          ([label, value]) =>
            `<tr><th scope="row" style="${styles.th}width:45%;">${e(label)}</th><td style="${styles.td}">${e(value)}</td></tr>`,
        ),
        '</tbody>',
        '</table>',
      ].join('\n');
    case 'table':
      return tableHtml(block);
    case 'list':
      return `<ul style="${styles.list}">\n${block.items.map((item) => `<li>${e(item)}</li>`).join('\n')}\n</ul>`;
    case 'action': {
      const url = e(checkLinkUrl(block.url));
      return [
        `<p style="${styles.p}"><a href="${url}" style="${styles.action}">${e(block.text)}</a></p>`,
        `<p style="${styles.p}"><a href="${url}" style="${styles.link}">${url}</a></p>`,
      ].join('\n');
    }
  }
}

/** Pad to a width counted in characters (code points), so Latvian letters line up too. */
function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - [...text].length));
  return right ? fill + text : text + fill;
}

function tableText(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): string[] {
  const widths = columns.map((column, index) =>
    Math.max([...column.label].length, ...rows.map((cells) => [...(cells[index] ?? '')].length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => pad(cell, widths[index] ?? 0, columns[index]?.numeric === true))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((column) => column.label)),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.map(line),
  ];
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'heading':
      return `${block.text}\n${'-'.repeat([...block.text].length)}`;
    case 'facts': {
      const width = Math.max(...block.rows.map(([label]) => [...label].length));
      return [
        `${block.caption}:`,
        ...block.rows.map(([label, value]) => `  ${pad(`${label}:`, width + 1, false)} ${value}`),
      ].join('\n');
    }
    case 'table': {
      const rows = block.total ? [...block.rows, block.total] : block.rows;
      return [`${block.caption}:`, ...tableText(block.columns, rows).map((line) => `  ${line}`)].join('\n');
    }
    case 'list':
      return block.items.map((item) => `  - ${item}`).join('\n');
    case 'action':
      return `${block.text}:\n${checkLinkUrl(block.url)}`;
  }
}

/**
 * Both parts of an email from its content.
 * @example
 * composeEmail({ language: 'lv', subject: 'S', heading: 'H', blocks: [], footer: [] }).text // 'H\n=\n'
 */
export function composeEmail(content: EmailContent): RenderedEmail {
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${e(content.language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>${e(content.subject)}</title>`,
    '</head>',
    `<body style="${styles.body}">`,
    `<article aria-label="${e(content.subject)}" lang="${e(content.language)}" style="${styles.wrapper}">`,
    `<h1 style="${styles.h1}">${e(content.heading)}</h1>`,
    ...content.blocks.map(blockHtml),
    `<div style="${styles.footer}">`,
    ...content.footer.map((line) => `<p style="${styles.p}">${e(line)}</p>`),
    '</div>',
    '</article>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
  const text = [
    `${content.heading}\n${'='.repeat([...content.heading].length)}`,
    ...content.blocks.map(blockText),
    ...(content.footer.length > 0 ? [`--\n${content.footer.join('\n')}`] : []),
  ].join('\n\n');
  return { subject: content.subject, text: `${text}\n`, html };
}
