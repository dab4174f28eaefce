package no.dpe.tracker.projections;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecentEventPositionsTest {

    /** The event table stand-in: every identifier "eN" is at position N; it records what it was asked. */
    final List<Collection<String>> lookedUp = new ArrayList<>();
    final EventPositions table = identifiers -> {
        lookedUp.add(List.copyOf(identifiers));
        Map<String, Long> found = new java.util.HashMap<>();
        identifiers.forEach(identifier -> found.put(identifier, Long.parseLong(identifier.substring(1))));
        return found;
    };

    @Test
    void remembered_positions_are_answered_without_the_table_and_only_the_others_are_looked_up() {
        RecentEventPositions positions = new RecentEventPositions(100, table);
        positions.remember("e1", 1);
        positions.remember("e2", 2);

        assertThat(positions.of(List.of("e1", "e2", "e7"))).containsOnly(
                Map.entry("e1", 1L), Map.entry("e2", 2L), Map.entry("e7", 7L));
        assertThat(lookedUp).containsExactly(List.of("e7"));
    }

    @Test
    void a_full_generation_ages_and_the_one_before_it_is_forgotten() {
        RecentEventPositions positions = new RecentEventPositions(2, table);
        positions.remember("e1", 1);
        positions.remember("e2", 2);
        positions.remember("e3", 3);
        positions.remember("e4", 4);

        assertThat(positions.of(List.of("e1", "e2", "e3", "e4"))).hasSize(4);
        assertThat(lookedUp).containsExactly(List.of("e1", "e2"));
    }

    @Test
    void a_generation_of_nothing_is_refused() {
        assertThatThrownBy(() -> new RecentEventPositions(0, table)).isInstanceOf(IllegalArgumentException.class);
    }
}
