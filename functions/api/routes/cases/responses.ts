/** What every case route documents alike: its tag and its answers for a missing case and a conflict. */
import { commandAcceptedSchema } from '../../schemas.ts';

export const TAGS = ['cases'];
export const notFoundResponse = { description: 'No such case in your municipality' };
export const conflictResponse = {
  description: 'The case is not in a phase that takes this (`phase` says where it is), or the plan changed',
};

/** The answers of a route that gives the review cycle a command: accepted (`accepted` says what comes next), no such case, or a conflict. */
export const commandResponses = (accepted: string) => ({
  202: { description: accepted, schema: commandAcceptedSchema, name: 'CommandAccepted' },
  404: notFoundResponse,
  409: conflictResponse,
});
