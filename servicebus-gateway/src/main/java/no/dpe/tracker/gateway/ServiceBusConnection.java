package no.dpe.tracker.gateway;

import java.time.Duration;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;

/**
 * How to reach a Service Bus namespace: a SAS connection string (the emulator, or Azure with a policy key
 * as DPE hands out) or a fully qualified namespace with Microsoft Entra ID credentials from
 * azure-identity's default chain (managed identity, workload identity, environment, Azure CLI).
 *
 * <p>Every client built from one connection shares its AMQP connection, as the SDK does for clients
 * built from one builder.
 */
public final class ServiceBusConnection {

    private final ServiceBusClientBuilder builder;
    private final String description;

    private ServiceBusConnection(ServiceBusClientBuilder builder, String description) {
        this.builder = builder;
        this.description = description;
    }

    public static ServiceBusConnection connectionString(String connectionString, Duration tryTimeout) {
        return new ServiceBusConnection(new ServiceBusClientBuilder()
                .connectionString(connectionString)
                .retryOptions(retries(tryTimeout)), "connection string to " + endpoint(connectionString));
    }

    public static ServiceBusConnection entraId(String fullyQualifiedNamespace, Duration tryTimeout) {
        return new ServiceBusConnection(new ServiceBusClientBuilder()
                .credential(fullyQualifiedNamespace, new DefaultAzureCredentialBuilder().build())
                .retryOptions(retries(tryTimeout)), "Entra ID to " + fullyQualifiedNamespace);
    }

    public ServiceBusClientBuilder builder() {
        return builder;
    }

    @Override
    public String toString() {
        return description;
    }

    private static AmqpRetryOptions retries(Duration tryTimeout) {
        return new AmqpRetryOptions().setMode(AmqpRetryMode.EXPONENTIAL).setMaxRetries(3)
                .setDelay(Duration.ofMillis(200)).setMaxDelay(Duration.ofSeconds(5)).setTryTimeout(tryTimeout);
    }

    private static String endpoint(String connectionString) {
        for (String part : connectionString.split(";")) {
            if (part.startsWith("Endpoint=")) {
                return part.substring("Endpoint=".length());
            }
        }
        return "an unnamed endpoint";
    }
}
