package no.dpe.tracker.emulator;

/**
 * A message in a dead-letter queue, as tests inspect it.
 *
 * @param body the body as bytes (a Data body, or the string form of an AMQP value body)
 * @param messageId the MessageId the sender gave it
 * @param deadLetterReason why it was dead-lettered, e.g. {@code MaxDeliveryCountExceeded}
 * @param deadLetterErrorDescription the receiver's (or the broker's) explanation
 * @param deliveryCount how many deliveries it had before
 */
public record DeadLetteredMessage(byte[] body, String messageId, String deadLetterReason,
        String deadLetterErrorDescription, int deliveryCount) {

    public String bodyAsString() {
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
}
