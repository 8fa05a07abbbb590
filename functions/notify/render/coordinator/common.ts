/**
 * What the coordinators' emails share: the button to the case, the words for "case" and "error",
 * and what an error may be named as. An email names the case by its id and links to it; the case
 * itself, with any personal or health detail, stays behind the sign-in.
 */
import { z } from 'zod';
import { footerLines, pick, type RenderContext } from '../format.ts';
import { type Block, composeEmail, type EmailContent, type RenderedEmail } from '../layout.ts';

const caseLinkBlock = (context: RenderContext, url: string | undefined): Block[] =>
  url === undefined
    ? []
    : [
        {
          kind: 'action',
          url,
          text: pick(context.language, { lv: 'Atvērt lietu', ru: 'Открыть дело', en: 'Open the case' }),
        },
      ];

export const caseWord = (context: RenderContext) =>
  pick(context.language, { lv: 'Lieta', ru: 'Дело', en: 'Case' });

export const errorWord = (context: RenderContext) =>
  pick(context.language, { lv: 'Kļūda', ru: 'Ошибка', en: 'Error' });

/**
 * What failed, as an error name or code (`CaseDataError`, `Lambda.ServiceException`, `States.Timeout`):
 * one word, no spaces, so no message, stack trace or value from the case can ride along.
 */
export const errorName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^\S+$/, 'must be an error name or code, without spaces');

/**
 * A coordinator's (or the supervisor's) email in the reader's language, closing with the staff's
 * lines; an email about a case ends with the button to it when there is a link.
 */
export function staffEmail(
  context: RenderContext,
  content: Pick<EmailContent, 'subject' | 'heading' | 'blocks'>,
  caseLink?: string,
): RenderedEmail {
  return composeEmail({
    language: context.language,
    subject: content.subject,
    heading: content.heading,
    blocks: [...content.blocks, ...caseLinkBlock(context, caseLink)],
    footer: footerLines(context, 'staff'),
  });
}
