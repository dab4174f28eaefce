package no.dpe.tracker.projections;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When a page can tell its total by itself, and when all matches must be counted. */
class PageTest {

    final AtomicInteger counts = new AtomicInteger();
    final LongSupplier countAll = () -> {
        counts.incrementAndGet();
        return 42;
    };

    @Test
    void a_first_page_that_is_not_full_is_all_there_is() {
        assertThat(Page.counted(List.of("a", "b"), 20, 0, countAll).totalElements()).isEqualTo(2);
        assertThat(Page.counted(List.of(), 20, 0, countAll).totalElements()).isZero();
        assertThat(counts).hasValue(0);
    }

    @Test
    void a_later_page_that_is_not_full_is_the_last() {
        Page<String> page = Page.counted(List.of("a"), 20, 3, countAll);

        assertThat(page.totalElements()).isEqualTo(61);
        assertThat(page.last()).isTrue();
        assertThat(counts).hasValue(0);
    }

    @Test
    void a_full_page_or_an_empty_later_one_counts() {
        assertThat(Page.counted(List.of("a", "b"), 2, 0, countAll).totalElements()).isEqualTo(42);
        assertThat(Page.counted(List.of(), 20, 5, countAll).totalElements()).isEqualTo(42);
        assertThat(counts).hasValue(2);
    }
}
