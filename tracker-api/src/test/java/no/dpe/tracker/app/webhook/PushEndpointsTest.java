package no.dpe.tracker.app.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which addresses a webhook may not go to, and how the allow-list lets one through. */
class PushEndpointsTest {

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    @Test
    void addresses_inside_a_network_are_told_apart_from_addresses_on_the_internet() {
        Map<String, String> inside = Map.ofEntries(
                Map.entry("127.0.0.1", "a loopback"), Map.entry("127.0.0.2", "a loopback"),
                Map.entry("::1", "a loopback"), Map.entry("0.0.0.0", "an unspecified"),
                Map.entry("169.254.169.254", "a link-local"), Map.entry("fe80::1", "a link-local"),
                Map.entry("10.1.2.3", "a private"), Map.entry("172.16.0.1", "a private"),
                Map.entry("192.168.1.1", "a private"), Map.entry("100.64.0.1", "a carrier-grade NAT"),
                Map.entry("fd00::1", "a unique-local"), Map.entry("224.0.0.1", "a multicast or broadcast"),
                Map.entry("255.255.255.255", "a multicast or broadcast"));
        inside.forEach((literal, kind) -> assertThat(PushEndpoints.internal(address(literal))).as(literal)
                .contains(kind));
        for (String outside : List.of("8.8.8.8", "151.101.1.1", "100.128.0.1", "172.32.0.1", "2001:4860:4860::8888")) {
            assertThat(PushEndpoints.internal(address(outside))).as(outside).isEmpty();
        }
    }

    @Test
    void a_host_is_judged_by_every_address_it_resolves_to_unless_the_allow_list_names_it() {
        Map<String, List<String>> dns = Map.of(
                "hooks.example.org", List.of("151.101.1.1"),
                "intranet.example.org", List.of("151.101.1.1", "10.0.0.5"),
                "dev.example.org", List.of("192.168.1.20"));
        PushEndpoints endpoints = new PushEndpoints(List.of("DEV.example.org", "[::1]"), host -> {
            List<String> found = dns.get(host);
            if (found == null) {
                throw new UnknownHostException(host);
            }
            return found.stream().map(PushEndpointsTest::address).toArray(InetAddress[]::new);
        });

        assertThat(endpoints.refusal(URI.create("https://hooks.example.org/dpe"))).isEmpty();
        assertThat(endpoints.refusal(URI.create("https://intranet.example.org/dpe"))).get().asString()
                .isEqualTo("its host intranet.example.org is 10.0.0.5, a private address; "
                        + "dpe.tracker.webhooks.allowed-hosts must name the host for webhooks to go there");
        assertThat(endpoints.refusal(URI.create("http://dev.example.org:8080/dpe"))).isEmpty();
        assertThat(endpoints.refusal(URI.create("http://[::1]:8080/dpe"))).isEmpty();
        assertThat(endpoints.refusal(URI.create("http://nowhere.example.org/"))).get().asString()
                .isEqualTo("its host nowhere.example.org does not resolve");
    }
}
