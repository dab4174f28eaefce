package no.dpe.tracker.emulator.amqp;

import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;

/** What every link the broker receives on does with a transfer: read it whole, settle it, keep credit up. */
final class Transfers {

    private Transfers() {
    }

    /** The transfer's bytes once it has fully arrived; null while it is still partial. */
    static byte[] take(Receiver receiver, Delivery delivery) {
        if (!delivery.isReadable() || delivery.isPartial()) {
            return null;
        }
        byte[] transfer = new byte[delivery.pending()];
        receiver.recv(transfer, 0, transfer.length);
        receiver.advance();
        return transfer;
    }

    /** Settles with {@code outcome} and grants the client {@code credit} again once half of it is used. */
    static void settle(Receiver receiver, Delivery delivery, DeliveryState outcome, int credit) {
        delivery.disposition(outcome);
        delivery.settle();
        if (receiver.getCredit() < credit / 2) {
            receiver.flow(credit - receiver.getCredit());
        }
    }
}
