/** A plain list of links, each address given its page's language. */
import type { PageContext } from '../layout.tsx';
import { withLanguage } from '../layout.tsx';

export function LinkList({
  page,
  links,
}: {
  page: PageContext;
  links: readonly { href: string; text: string }[];
}) {
  return (
    <ul class="govuk-list">
      {links.map((link) => (
        <li>
          <a class="govuk-link" href={withLanguage(page, link.href)}>
            {link.text}
          </a>
        </li>
      ))}
    </ul>
  );
}
