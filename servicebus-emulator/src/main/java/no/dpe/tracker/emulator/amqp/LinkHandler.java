package no.dpe.tracker.emulator.amqp;

import org.apache.qpid.proton.engine.Delivery;

/** What a link does with the engine's events; attached to the proton link as its context. */
interface LinkHandler {

    default void onOpen() {
    }

    default void onFlow() {
    }

    void onDelivery(Delivery delivery);

    default void onDetach() {
    }
}
