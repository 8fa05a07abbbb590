/**
 * Signed, expiring links for parents, who answer from an email without an account: the link
 * carries which case, cycle and step it is for, when it expires and a nonce, signed with
 * HMAC-SHA256. Whoever holds the secret can verify a link offline; single use is the API's
 * business (it records the nonce when the answer is taken).
 *
 * @example
 * const token = signLink(secret, { municipality: 'talsi', caseId: 'c-1', cycle: 1, step: 'ranking', expiresAt: 1717200000, nonce: 'n1' });
 * verifyLink(secret, token, new Date('2024-05-01')).step // 'ranking'
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const linkClaimsSchema = z.strictObject({
  municipality: z.string().min(1).max(64),
  caseId: z.string().min(1).max(64),
  cycle: z.number().int().min(0),
  /**
   * `statement` links only read the case's monthly statements; the others answer once. `hours`
   * links ask the parents to confirm an assistant's month and name the month and the assistant.
   */
  step: z.enum(['ranking', 'consent', 'hours', 'statement']),
  /** Seconds since the epoch. */
  expiresAt: z.number().int().positive(),
  nonce: z.string().min(1).max(64),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  assistantId: z.string().min(1).max(64).optional(),
});
export type LinkClaims = z.infer<typeof linkClaimsSchema>;

/** Why a link is refused; the API answers each the same way, without saying which. */
export class LinkRefused extends Error {
  constructor(readonly reason: 'malformed' | 'bad-signature' | 'expired') {
    super(`link refused: ${reason}`);
    this.name = 'LinkRefused';
  }
}

const signatureOf = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body).digest('base64url');

export function signLink(secret: string, claims: LinkClaims): string {
  const body = Buffer.from(JSON.stringify(linkClaimsSchema.parse(claims))).toString('base64url');
  return `${body}.${signatureOf(secret, body)}`;
}

/** The claims of a link signed with `secret` and not expired at `now`; throws {@link LinkRefused}. */
export function verifyLink(secret: string, token: string, now: Date): LinkClaims {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) throw new LinkRefused('malformed');
  const expected = Buffer.from(signatureOf(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new LinkRefused('bad-signature');
  }
  let claims: LinkClaims;
  try {
    claims = linkClaimsSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    throw new LinkRefused('malformed');
  }
  if (claims.expiresAt * 1000 <= now.getTime()) throw new LinkRefused('expired');
  return claims;
}
