package no.dpe.tracker.app.admin;

import java.util.List;

/**
 * One read model against its replay: totals over its tables, each table's, and the first differences (at most the
 * limit asked for). {@code unchecked} says why it was not compared, when it was not.
 */
record ReadModelReport(String name, boolean checked, String unchecked, boolean equal, long rowsCompared,
                       long missingInLive, long extraInLive, long differing, List<TableReport> tables,
                       List<ReadModelTable.Difference> differences) {

    record TableReport(String table, long rowsCompared, long missingInLive, long extraInLive, long differing) {
    }

    static ReadModelReport unchecked(String name, String why) {
        return new ReadModelReport(name, false, why, false, 0, 0, 0, 0, List.of(), List.of());
    }

    static ReadModelReport checked(String name, List<ReadModelTable.Result> tables, int limit) {
        long compared = tables.stream().mapToLong(ReadModelTable.Result::rowsCompared).sum();
        long missing = tables.stream().mapToLong(ReadModelTable.Result::missingInLive).sum();
        long extra = tables.stream().mapToLong(ReadModelTable.Result::extraInLive).sum();
        long differing = tables.stream().mapToLong(ReadModelTable.Result::differing).sum();
        List<ReadModelTable.Difference> differences = tables.stream()
                .flatMap(table -> table.differences().stream()).limit(limit).toList();
        List<TableReport> totals = tables.stream().map(table -> new TableReport(table.table(), table.rowsCompared(),
                table.missingInLive(), table.extraInLive(), table.differing())).toList();
        return new ReadModelReport(name, true, null, missing + extra + differing == 0, compared, missing, extra,
                differing, totals, differences);
    }
}
