/**
 * The accessibility statement the EU Web Accessibility Directive (2016/2102) asks of public
 * bodies, as Latvia applies it (Cabinet Regulation No. 445 of 2020): the standard met (WCAG 2.1
 * AA), how that is known, how to ask for another form, and where to complain. In all three
 * languages at `GET /accessibility?lang=lv|ru|en`.
 */
import type { Context } from 'hono';
import { Layout } from './layout.tsx';
import { pageOf, respond } from './respond.tsx';

export function accessibilityPage(c: Context): Promise<Response> {
  const page = pageOf(c);
  const { accessibility } = page.t;
  return respond(
    c,
    200,
    <Layout page={page} title={accessibility.title}>
      <h1 class="govuk-heading-l">{accessibility.title}</h1>
      {accessibility.paragraphs.map((text) => (
        <p class="govuk-body">{text}</p>
      ))}
      <h2 class="govuk-heading-m">{accessibility.complianceTitle}</h2>
      <p class="govuk-body">{accessibility.compliance}</p>
      <h2 class="govuk-heading-m">{accessibility.preparedTitle}</h2>
      <p class="govuk-body">{accessibility.prepared}</p>
      <h2 class="govuk-heading-m">{accessibility.feedbackTitle}</h2>
      <p class="govuk-body">{accessibility.feedback}</p>
      <h2 class="govuk-heading-m">{accessibility.enforcementTitle}</h2>
      <p class="govuk-body">{accessibility.enforcement}</p>
    </Layout>,
  );
}
