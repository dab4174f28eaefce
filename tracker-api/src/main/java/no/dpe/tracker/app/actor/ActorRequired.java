package no.dpe.tracker.app.actor;

import java.util.List;
import java.util.function.BiFunction;

import no.dpe.tracker.core.api.Actor;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

/**
 * Every command says who sends it. A command that names its actor itself (the transport, the deadline watcher, an
 * event processor) keeps it; one sent by an HTTP request's work gets the {@link Caller}. A command with neither is
 * refused rather than recorded anonymously, so a new way of sending commands cannot silently leave the history
 * without its "who".
 */
public class ActorRequired implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            if (command.getMetaData().containsKey(Actor.KIND)) {
                return command;
            }
            return Caller.current()
                    .<CommandMessage<?>>map(actor -> command.andMetaData(actor.metaData()))
                    .orElseThrow(() -> new IllegalStateException("The command " + command.getCommandName()
                            + " names no actor: send it with Actor.metaData(), or from an authenticated request"));
        };
    }
}
