package no.dpe.tracker.emulator.amqp;

import java.util.HashMap;
import java.util.Map;

import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.message.Message;

/** Responses of the request/response nodes: the status travels as the application property statusCode, an int. */
final class Responses {

    static final int OK = 200;
    static final int NO_CONTENT = 204;
    static final int BAD_REQUEST = 400;
    static final int UNAUTHORIZED = 401;
    static final int NOT_FOUND = 404;
    static final int GONE = 410;
    static final int NOT_IMPLEMENTED = 501;

    private Responses() {
    }

    static Message success(int statusCode, Object body) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("statusCode", statusCode);
        properties.put("statusDescription", statusCode == NO_CONTENT ? "No Content" : "OK");
        Message response = Message.Factory.create();
        response.setApplicationProperties(new ApplicationProperties(properties));
        response.setBody(new AmqpValue(body));
        return response;
    }

    static Message error(int statusCode, String condition, String description) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("statusCode", statusCode);
        properties.put("statusDescription", description);
        if (condition != null) {
            properties.put("errorCondition", condition);
        }
        Message response = Message.Factory.create();
        response.setApplicationProperties(new ApplicationProperties(properties));
        response.setBody(new AmqpValue(null));
        return response;
    }

    static String applicationProperty(Message message, String name) {
        if (message.getApplicationProperties() == null || message.getApplicationProperties().getValue() == null) {
            return null;
        }
        Object value = message.getApplicationProperties().getValue().get(name);
        return value == null ? null : value.toString();
    }
}
