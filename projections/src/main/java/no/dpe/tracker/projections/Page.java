package no.dpe.tracker.projections;

import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A page of results in the shape next-move clients know from Spring Data: {@code content},
 * {@code totalElements}, {@code totalPages}, {@code size}, {@code number} and friends. The derived ones are
 * annotated because a record is serialised by its components only.
 */
public record Page<T>(List<T> content, long totalElements, int size, int number) {

    public Page {
        content = List.copyOf(content);
    }

    /** The answer to a query nothing can match (another service, a process that is not DPE's). */
    public static <T> Page<T> none(int size, int number) {
        return new Page<>(List.of(), 0, size, number);
    }

    /**
     * A page read with {@code LIMIT size OFFSET number * size}, counting all matches only when the page cannot tell:
     * a page that is not full, and is the first or not empty, is the last, so the total is what precedes it and what
     * it holds. Support's and the fagsystem's lookups by id are such pages, and the count was a second run of the
     * same query.
     */
    public static <T> Page<T> counted(List<T> content, int size, int number, LongSupplier countAll) {
        boolean last = content.size() < size && (number == 0 || !content.isEmpty());
        return new Page<>(content, last ? (long) number * size + content.size() : countAll.getAsLong(), size, number);
    }

    @JsonProperty
    public int totalPages() {
        return size == 0 ? 0 : (int) ((totalElements + size - 1) / size);
    }

    @JsonProperty
    public int numberOfElements() {
        return content.size();
    }

    @JsonProperty
    public boolean first() {
        return number == 0;
    }

    @JsonProperty
    public boolean last() {
        return number >= totalPages() - 1;
    }

    @JsonProperty
    public boolean empty() {
        return content.isEmpty();
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(content.stream().map(mapper).toList(), totalElements, size, number);
    }
}
