/**
 * The merge rule: one list from the team's ranking and the parents' ranking.
 *
 * 1. Essential recommendations come first, then the others.
 * 2. Within each group, by combined position = team weight x team position + parent weight x
 *    parent position (positions 1-based; a service the parents did not rank takes their list's
 *    length + 1). Weights are policy (0.5 and 0.5 by default) and counted in whole hundredths,
 *    so ties are exact.
 * 3. Ties go to the team's rank.
 */
import type { MergedRecommendation, Recommendation } from './types.ts';

/**
 * The recommendations in merged order. A permutation of the input: nothing is added or dropped.
 *
 * @example
 * // team: physiotherapy (rank 1), speech-therapy (2), music-therapy (3); parents: music, speech
 * mergeRecommendations(team, ['music-therapy', 'speech-therapy'], { teamWeightHundredths: 50, parentWeightHundredths: 50 })
 * // physiotherapy 1x50 + 3x50 = 200, speech 2x50 + 2x50 = 200, music 3x50 + 1x50 = 200:
 * // a three-way tie, so the team's rank decides: physiotherapy, speech-therapy, music-therapy
 */
export function mergeRecommendations(
  recommendations: readonly Recommendation[],
  parentRanking: readonly string[],
  weights: { teamWeightHundredths: number; parentWeightHundredths: number },
): MergedRecommendation[] {
  const parentPositions = new Map<string, number>();
  parentRanking.forEach((service, index) => {
    if (!parentPositions.has(service)) parentPositions.set(service, index + 1);
  });
  const unranked = parentRanking.length + 1;
  const byTeamRank = [...recommendations].sort((a, b) => a.rank - b.rank);
  const merged = byTeamRank.map((recommendation, index): MergedRecommendation => {
    const teamPosition = index + 1;
    const parentPosition = parentPositions.get(recommendation.service) ?? unranked;
    return {
      recommendation,
      teamPosition,
      parentPosition,
      combinedHundredths:
        weights.teamWeightHundredths * teamPosition + weights.parentWeightHundredths * parentPosition,
    };
  });
  return merged.sort(
    (a, b) =>
      Number(b.recommendation.essential) - Number(a.recommendation.essential) ||
      a.combinedHundredths - b.combinedHundredths ||
      a.teamPosition - b.teamPosition,
  );
}
