package no.dpe.tracker.app.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@code POST /api/admin/projections/verify} found.
 *
 * @param position             the global position of the newest event when the verification began: the replay
 *                             folded every event up to it
 * @param equal                every read model was checked and equals its replay
 * @param took                 ISO-8601 duration of the whole verification
 * @param conversationsLeftOut conversations with an event after {@code position} (or one the replay or a live
 *                             processor had not seen at or below it), whose rows were not compared
 */
record VerificationReport(long position, boolean equal, Instant startedAt, String took, int conversationsLeftOut,
                          List<ReadModelReport> readModels) {

    VerificationReport(long position, Instant startedAt, Duration took, int conversationsLeftOut,
                       List<ReadModelReport> readModels) {
        this(position, readModels.stream().allMatch(ReadModelReport::equal), startedAt, took.toString(),
                conversationsLeftOut, List.copyOf(readModels));
    }
}
