package no.dpe.tracker.app.chain;

import java.util.List;

/**
 * What a verification found.
 *
 * @param intact               no broken link was found
 * @param summary              in one sentence: "intact up to checkpoint N" or the first broken link
 * @param intactUpToCheckpoint the newest checkpoint before the first broken link whose root and signature held
 *                             (null if none)
 * @param eventsChecked        events read
 * @param checkpointsChecked   checkpoints whose signature and root were checked
 * @param unsealedEvents       events after the newest checkpoint: chained, but not yet sealed by a signature
 * @param origin               from where the chain holds (events chained by the migration prove only that they have
 *                             not changed since it ran)
 * @param findings             every broken link found, in the order found, at most {@link ChainVerifier#MAX_FINDINGS}
 * @param firstBroken          the first of them, or null
 */
public record Verdict(boolean intact, String summary, Long intactUpToCheckpoint, long eventsChecked,
                      long checkpointsChecked, long unsealedEvents, String origin, List<Finding> findings,
                      Finding firstBroken) {
}
