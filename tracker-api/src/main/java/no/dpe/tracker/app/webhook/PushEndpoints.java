package no.dpe.tracker.app.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where webhooks may be POSTed. A push endpoint is any caller's choice, and the tracker POSTs from inside the
 * agency's network: an address there (loopback, link-local such as a cloud's metadata service, private, carrier-grade
 * NAT, unique-local IPv6, unspecified, multicast) would let a caller reach what only the tracker can. Such an address
 * is refused unless {@code dpe.tracker.webhooks.allowed-hosts} names the endpoint's host. Checked when a subscription
 * is made and again before every POST, as a name may come to resolve elsewhere; the HTTP client resolves the name
 * once more when it connects, a window this check does not close.
 */
class PushEndpoints {

    /** Resolves a host name as the platform does; replaced in tests. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Set<String> allowedHosts;
    private final Resolver resolver;

    PushEndpoints(List<String> allowedHosts) {
        this(allowedHosts, InetAddress::getAllByName);
    }

    PushEndpoints(List<String> allowedHosts, Resolver resolver) {
        this.allowedHosts = allowedHosts.stream().map(PushEndpoints::normalized).collect(Collectors.toSet());
        this.resolver = resolver;
    }

    /** Why a webhook may not go to {@code endpoint}; empty when it may. */
    Optional<String> refusal(URI endpoint) {
        String host = endpoint.getHost();
        if (host == null) {
            return Optional.of("it names no host");
        }
        if (allowedHosts.contains(normalized(host))) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return Optional.of("its host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> kind = internal(address);
            if (kind.isPresent()) {
                return Optional.of("its host " + host + " is " + address.getHostAddress() + ", " + kind.get()
                        + " address; dpe.tracker.webhooks.allowed-hosts must name the host for webhooks to go there");
            }
        }
        return Optional.empty();
    }

    /** What kind of address inside a network {@code address} is; empty for an address on the internet. */
    static Optional<String> internal(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback");
        }
        if (address.isAnyLocalAddress() || (address instanceof Inet4Address && bytes[0] == 0)) {
            return Optional.of("an unspecified");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("a private");
        }
        if (address.isMulticastAddress() || (address instanceof Inet4Address && (bytes[0] & 0xff) == 255)) {
            return Optional.of("a multicast or broadcast");
        }
        if (address instanceof Inet4Address && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64) {
            return Optional.of("a carrier-grade NAT");
        }
        if (address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc) {
            return Optional.of("a unique-local");
        }
        return Optional.empty();
    }

    private static String normalized(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.toLowerCase(Locale.ROOT);
    }
}
