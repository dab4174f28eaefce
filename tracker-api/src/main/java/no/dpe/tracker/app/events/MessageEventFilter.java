package no.dpe.tracker.app.events;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.DpeProcess;

/**
 * Which {@link MessageEvent}s a subscriber wants; an empty set does not filter. Written as next-move writes
 * a webhook filter: {@code status=INNKOMMENDE_MOTTATT,LEVERT&direction=INCOMING&serviceIdentifier=DPE},
 * here also {@code process=<process identifier>}.
 */
public record MessageEventFilter(Set<MessageStatus> statuses, Set<Direction> directions, Set<DpeProcess> processes,
                                 Set<String> serviceIdentifiers) {

    public static final MessageEventFilter ALL = new MessageEventFilter(Set.of(), Set.of(), Set.of(), Set.of());

    public MessageEventFilter {
        statuses = Set.copyOf(statuses);
        directions = Set.copyOf(directions);
        processes = Set.copyOf(processes);
        serviceIdentifiers = Set.copyOf(serviceIdentifiers);
    }

    public boolean matches(MessageEvent event) {
        return (statuses.isEmpty() || statuses.contains(event.status()))
                && (directions.isEmpty() || directions.contains(event.direction()))
                && (processes.isEmpty() || processes.stream().anyMatch(p -> p.identifier().equals(event.process())))
                && (serviceIdentifiers.isEmpty() || serviceIdentifiers.contains(event.serviceIdentifier()));
    }

    /**
     * Parses a filter in next-move's syntax; null or blank is {@link #ALL}.
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static MessageEventFilter parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return ALL;
        }
        Set<MessageStatus> statuses = new HashSet<>();
        Set<Direction> directions = new HashSet<>();
        Set<DpeProcess> processes = new HashSet<>();
        Set<String> serviceIdentifiers = new HashSet<>();
        for (String part : filter.split("&")) {
            int equals = part.indexOf('=');
            if (equals < 1 || equals == part.length() - 1) {
                throw new IllegalArgumentException("'" + part + "' is not name=value[,value...]");
            }
            String name = part.substring(0, equals);
            for (String value : part.substring(equals + 1).split(",")) {
                switch (name) {
                    case "status" -> statuses.add(MessageStatus.valueOf(known(value, MessageStatus.class)));
                    case "direction" -> directions.add(Direction.valueOf(known(value, Direction.class)));
                    case "process" -> processes.add(DpeProcess.fromIdentifier(value).orElseThrow(
                            () -> new IllegalArgumentException("'" + value + "' is not a DPE process identifier")));
                    case "serviceIdentifier" -> serviceIdentifiers.add(value.toUpperCase(Locale.ROOT));
                    default -> throw new IllegalArgumentException("unknown filter '" + name
                            + "'; known: status, direction, process, serviceIdentifier");
                }
            }
        }
        return new MessageEventFilter(statuses, directions, processes, serviceIdentifiers);
    }

    private static <E extends Enum<E>> String known(String value, Class<E> type) {
        String name = value.toUpperCase(Locale.ROOT);
        if (Arrays.stream(type.getEnumConstants()).noneMatch(constant -> constant.name().equals(name))) {
            throw new IllegalArgumentException("'" + value + "' is not one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
        return name;
    }
}
