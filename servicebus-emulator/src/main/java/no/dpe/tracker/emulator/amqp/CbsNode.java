package no.dpe.tracker.emulator.amqp;

import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;

import no.dpe.tracker.emulator.broker.Broker;
import no.dpe.tracker.emulator.cbs.Authorizations;
import no.dpe.tracker.emulator.cbs.InvalidTokenException;
import no.dpe.tracker.emulator.cbs.SharedAccessSignatures;

/** The claims-based-security node: put-token requests grant this connection access to an entity. */
final class CbsNode implements RequestLink.RequestHandler {

    private static final String SAS_TOKEN_TYPE = "servicebus.windows.net:sastoken";

    private final SharedAccessSignatures signatures;
    private final Authorizations authorizations;
    private final Broker broker;

    CbsNode(SharedAccessSignatures signatures, Authorizations authorizations, Broker broker) {
        this.signatures = signatures;
        this.authorizations = authorizations;
        this.broker = broker;
    }

    @Override
    public Message handle(Message request) {
        String operation = Responses.applicationProperty(request, "operation");
        if (!"put-token".equals(operation)) {
            return Responses.error(Responses.BAD_REQUEST, "amqp:not-implemented",
                    "The $cbs node supports only put-token, not '" + operation + "'.");
        }
        String type = Responses.applicationProperty(request, "type");
        if (!SAS_TOKEN_TYPE.equals(type)) {
            return Responses.error(Responses.UNAUTHORIZED, "amqp:unauthorized-access",
                    "Only shared access signatures (" + SAS_TOKEN_TYPE + ") are accepted, not '" + type + "'.");
        }
        String audience = Responses.applicationProperty(request, "name");
        Object token = request.getBody() instanceof AmqpValue value ? value.getValue() : null;
        try {
            authorizations.add(signatures.verify(token == null ? null : token.toString(), audience, broker.now()));
            return Responses.success(Responses.OK, null);
        } catch (InvalidTokenException refused) {
            return Responses.error(Responses.UNAUTHORIZED, "amqp:unauthorized-access",
                    "InvalidSignature: " + refused.getMessage());
        }
    }
}
