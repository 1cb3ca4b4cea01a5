package com.wdtkingdee.sync.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 18: which requests the console admits, as a table (pure logic; the HTTP proof is ConsoleAttackIT). */
class ConsoleGuardTest {

    private final ConsoleGuard guard = new ConsoleGuard(Set.of("localhost", "127.0.0.1", "::1", "sync.example.com"), 9876);

    @ParameterizedTest(name = "Host {0} → {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "127.0.0.1:9876|200",
            "localhost:9876|200",
            "LOCALHOST:9876|200",
            "[::1]:9876|200",
            "sync.example.com:9876|200",
            "sync.example.com.:9876|200",
            "sync.example.com|200",
            "127.0.0.1:9877|403",
            "evil.example:9876|403",
            "127.0.0.1.evil.example:9876|403",
            "sync.example.com@evil:9876|403",
            "null|403",
            "''|403"})
    void everyRequestNamesTheConsolesOwnHost(String host, int status) {
        assertThat(guard.read(new ConsoleGuard.Request(host, null, null, null, false)).status()).isEqualTo(status);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "the page's own fetch|127.0.0.1:9876|http://127.0.0.1:9876|same-origin|application/json|false|200|",
            "same origin, charset|127.0.0.1:9876|http://127.0.0.1:9876|null|application/json; charset=UTF-8|false|200|",
            "no Origin, same-origin fetch|127.0.0.1:9876|null|same-origin|application/json|false|200|",
            "no Origin, typed by the user|127.0.0.1:9876|null|none|application/json|false|200|",
            "cross-site form (text/plain)|127.0.0.1:9876|http://127.0.0.1:8080|cross-site|text/plain|false|403|Content-Type",
            "urlencoded form|127.0.0.1:9876|http://127.0.0.1:9876|same-origin|application/x-www-form-urlencoded|false|403|Content-Type",
            "JSON from another port|127.0.0.1:9876|http://127.0.0.1:8080|same-site|application/json|false|403|another origin",
            "JSON from another host|127.0.0.1:9876|http://evil.example|cross-site|application/json|false|403|another origin",
            "opaque origin (sandboxed frame)|127.0.0.1:9876|null-origin|cross-site|application/json|false|403|another origin",
            "no Origin, cross-site|127.0.0.1:9876|null|cross-site|application/json|false|403|Sec-Fetch-Site: cross-site",
            "no Origin, no Sec-Fetch-Site (curl without -H Origin)|127.0.0.1:9876|null|null|application/json|false|403|without Origin",
            "token in the URL|127.0.0.1:9876|http://127.0.0.1:9876|same-origin|application/json|true|400|header only",
            "DNS rebinding|evil.example:9876|http://evil.example:9876|same-origin|application/json|false|403|Host",
            "no Content-Type|127.0.0.1:9876|http://127.0.0.1:9876|same-origin|null|false|403|Content-Type"})
    void writesComeOnlyFromTheConsolesOwnPageAsJson(String what, String host, String origin, String site, String type,
                                                     boolean tokenInQuery, int status, String why) {
        ConsoleGuard.Verdict v = guard.write(new ConsoleGuard.Request(host, "null-origin".equals(origin) ? "null" : origin,
                site, type, tokenInQuery));
        assertThat(v.status()).as(what).isEqualTo(status);
        if (why != null) {
            assertThat(v.reason()).as(what).contains(why);
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "X-Console-Token=abc|true", "x-console-token=abc|true", "a=1&token=abc|true", "X%2DConsole%2DToken=1|true",
            // ConsoleAttackIT found it: Vert.x also splits on ';', so this one reached the header
            "a=1;X-Console-Token=abc|true",
            "stage=org-rule&reason=0099|false", "null|false", "''|false"})
    void aTokenInTheQueryStringIsSeen(String query, boolean seen) {
        assertThat(ConsoleGuard.queryNamesToken(query)).isEqualTo(seen);
    }

    /** A query parameter named like a header (Origin=…, Content-Type=…) must not stand in for the header. */
    @Test
    void aWriteWithAnyQueryStringIsRefused() {
        ConsoleGuard.Verdict v = guard.write(new ConsoleGuard.Request("127.0.0.1:9876", "http://127.0.0.1:9876",
                "same-origin", "application/json", false, true));
        assertThat(v.status()).isEqualTo(400);
        assertThat(v.reason()).contains("JSON body");
        assertThat(guard.read(new ConsoleGuard.Request("127.0.0.1:9876", null, null, null, false, true)).allowed())
                .as("reads take query parameters (stage, reason, q)").isTrue();
    }

    @Test
    void theHostComesFromTheRequestUrlAndTheSourceFromTheSocket() {
        assertThat(ConsoleGuard.authority("http://127.0.0.1:9876/console/api/org-rules?x=1")).isEqualTo("127.0.0.1:9876");
        assertThat(ConsoleGuard.authority("http://[::1]:9876/console")).isEqualTo("[::1]:9876");
        assertThat(ConsoleGuard.authority(null)).isNull();
        assertThat(ConsoleGuard.address("127.0.0.1:54321")).isEqualTo("127.0.0.1");
        assertThat(ConsoleGuard.address(null)).isNull();
    }

    @Test
    void aDeploymentAnswersToLoopbackItsBindAndTheListedHostsOnly() {
        ConsoleGuard bound = ConsoleGuard.of("10.0.0.5", 9876, List.of("sync.corp.example"));
        assertThat(bound.hostAllowed("10.0.0.5:9876")).isTrue();
        assertThat(bound.hostAllowed("sync.corp.example:9876")).isTrue();
        assertThat(bound.hostAllowed("localhost:9876")).isTrue();
        assertThat(bound.hostAllowed("10.0.0.6:9876")).isFalse();
        ConsoleGuard wildcard = ConsoleGuard.of("0.0.0.0", 9876, List.of());
        assertThat(wildcard.hostAllowed("0.0.0.0:9876")).as("a wildcard is no address to call").isFalse();
        assertThat(wildcard.hostAllowed(com.wdtkingdee.sync.ops.ObserveAddress.host("0.0.0.0") + ":9876"))
                .as("this machine's name, as the start-up line prints it").isTrue();
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        assertThat(ConsoleGuard.PAGE_HEADERS.get("Content-Security-Policy")).contains("default-src 'self'")
                .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(ConsoleGuard.PAGE_HEADERS).containsEntry("X-Frame-Options", "DENY")
                .containsEntry("X-Content-Type-Options", "nosniff").containsEntry("Referrer-Policy", "no-referrer");
        assertThat(ConsoleGuard.API_HEADERS).containsEntry("Cache-Control", "no-store");
    }
}
