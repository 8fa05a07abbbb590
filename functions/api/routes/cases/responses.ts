/** What every case route documents alike: its tag and its answers for a missing case and a conflict. */
export const TAGS = ['cases'];
export const notFoundResponse = { description: 'No such case in your municipality' };
export const conflictResponse = {
  description: 'The case is not in a phase that takes this (`phase` says where it is), or the plan changed',
};
