/**
 * Which cases an assistant works on, for the assistant's own list of cases after sign-in. The
 * person item names a case's assistants, but a case cannot be found from an assistant through it;
 * so each assistant contact has a small item in the assistant's own partition
 * (`pk = M#<municipality>#A#<assistantId>`, `sk = C#<caseId>`), written in the same transaction as
 * the person item that names them (functions/store/cases.ts) and removed with them. It holds ids
 * only. The person item stays the authority: a page that opens a case checks its contacts again.
 *
 * @example
 * const caseIds = await assistantCases.list('talsi', 'a-talsi-1'); // ['c-1', 'c-7']
 */
import { z } from 'zod';
import type { TableClient, TransactItem } from './client.ts';
import { decodeItem, type EntityDefinition, type PersonData } from './entities.ts';
import { type CaseRef, caseSortKey, type ItemKey, idSchema, validate } from './keys.ts';

const assignmentSchema = z.object({
  entity: z.literal('AssistantCase'),
  schemaVersion: z.literal(1),
  caseId: idSchema,
  assistantId: idSchema,
});
const assignmentEntity: EntityDefinition<z.infer<typeof assignmentSchema>> = {
  name: 'AssistantCase',
  schema: assignmentSchema,
};

export const assistantPk = (municipality: string, assistantId: string) =>
  `M#${municipality}#A#${assistantId}`;
const assignmentKey = (ref: CaseRef, assistantId: string): ItemKey => ({
  pk: assistantPk(ref.municipality, assistantId),
  sk: caseSortKey(ref.caseId),
});

/** The assistant ids a person item names. */
export const assistantIdsOf = (person: Pick<PersonData, 'contacts'> | undefined): Set<string> =>
  new Set((person?.contacts ?? []).filter((contact) => contact.role === 'assistant').map((c) => c.id));

/**
 * The writes that make the assistants' lists follow a person item changing from `before` to
 * `after` (either may be absent): a put for each assistant named now, a delete for each no longer.
 *
 * @example
 * items.push(...assignmentWrites(ref, before, person));
 */
export function assignmentWrites(
  ref: CaseRef,
  before: Pick<PersonData, 'contacts'> | undefined,
  after: Pick<PersonData, 'contacts'> | undefined,
): TransactItem[] {
  const now = assistantIdsOf(after);
  const gone = [...assistantIdsOf(before)].filter((id) => !now.has(id));
  return [
    ...[...now].map(
      (assistantId): TransactItem => ({
        Put: {
          Item: {
            ...assignmentKey(ref, assistantId),
            entity: 'AssistantCase',
            schemaVersion: 1,
            caseId: ref.caseId,
            assistantId,
          },
        },
      }),
    ),
    ...gone.map((assistantId): TransactItem => ({ Delete: { Key: assignmentKey(ref, assistantId) } })),
  ];
}

export class AssistantCaseRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * The ids of the cases that name the assistant, in id order (one query).
   * @example
   * await assistantCases.list('talsi', 'a-talsi-1') // ['c-1']
   */
  async list(municipality: string, assistantId: string): Promise<string[]> {
    validate(idSchema, municipality, 'municipality');
    validate(idSchema, assistantId, 'assistantId');
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': assistantPk(municipality, assistantId), ':prefix': 'C#' },
    });
    return items.map((item) => decodeItem(assignmentEntity, item).caseId);
  }
}
