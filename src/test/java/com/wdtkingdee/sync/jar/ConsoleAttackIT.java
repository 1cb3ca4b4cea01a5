package com.wdtkingdee.sync.jar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.wdtkingdee.sync.console.ConsoleFlow;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, item 6: the console of the packaged jar ({@code --sandbox} as a service) attacked, once with no
 * {@code console.token} (the shipped default: writes open on loopback for the console's own page) and once with one.
 * <ol>
 *   <li>a hostile page served from another loopback port, opened in headless Chromium, tries a {@code text/plain}
 *       form post shaped like JSON, a {@code no-cors} fetch resolving a dead letter, a JSON fetch (with the right token
 *       in the token run), a form post with the token in the URL (token run) and an iframe of the console: nothing
 *       changes, the frame shows no console, and every attempt that reached the server is recorded as refused with
 *       its source and Chrome's user agent;</li>
 *   <li>HTTP: a token in the query string (also hidden behind {@code ;} or percent-encoding) or the body, a wrong
 *       {@code Host} (DNS rebinding) on a read and a write, a foreign / missing / {@code null} Origin, the security
 *       headers of the page, an asset and the API, no configured secret in any answer, and (token run) 429 from the
 *       6th wrong token;</li>
 *   <li>the console's own write (JSON, own Origin, the token when there is one) still adds 0099 → BZ.</li>
 * </ol>
 * The token behind a {@code ;} in the query ({@code ?a=1;X-Console-Token=<token>}) is tried last and softly: Vert.x
 * splits query parameters on {@code ;} as on {@code &} and Camel maps them to headers, so a guard that splits on
 * {@code &} only would let it be used; if it is, the state changes, and the checks after it must still run.
 */
class ConsoleAttackIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int PARKED = 42;

    @Test
    void withoutAToken() throws Exception {
        attack("console-attack-open", null);
    }

    @Test
    void withAToken() throws Exception {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        attack("console-attack-token", "tok-" + HexFormat.of().formatHex(random));
    }

    private void attack(String folder, String token) throws Exception {
        JarProcess jar = JarProcess.folder(folder);
        if (token != null) {
            jar.jvm("-Dconsole.token=" + token);
        }
        try (JarProcess.Run service = jar.start("--sandbox")) {
            service.awaitLine(l -> l.contains("SyncCycle - Cycle 1 done: "), Duration.ofSeconds(120), "the first cycle done");
            Target t = new Target(jar.port, token);

            JsonNode letters = t.json("/console/api/dead-letters");
            assertThat(letters.get("openTotal").asLong()).as("the sandbox parks shop 0099's orders").isEqualTo(PARKED);
            long letterId = letters.get("letters").get(0).get("id").asLong();
            t.assertUnchanged("before any attack");
            assertThat(t.json("/console/api/overview").get("actions")).as("no console action yet").isEmpty();

            // ---------------------------------------------------------------- 1. a hostile page in Chromium
            hostilePage(t, letterId, service);

            // ---------------------------------------------------------------- 2. HTTP
            http(t, service);

            // ---------------------------------------------------------------- 3. the console's own write works
            HttpResponse<String> own = t.post("/console/api/org-rules", "{\"shopNo\":\"0099\",\"useOrg\":\"BZ\","
                    + "\"note\":\"attack IT: the legitimate write\"}", t.ownHeaders(true));
            assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
            JsonNode rules = t.json("/console/api/overview").get("consoleOrgRules");
            assertThat(rules).hasSize(1);
            assertThat(rules.get(0).get("shopNo").asText()).isEqualTo("0099");
            assertThat(rules.get(0).get("useOrg").asText()).isEqualTo("BZ");
            JsonNode ok = t.json("/console/api/overview").get("actions").get(0);
            assertThat(ok.get("outcome").asText()).as(ok.toString()).doesNotStartWith("refused");
            assertThat(ok.get("source").asText()).isEqualTo("127.0.0.1");
            assertThat(ok.get("userAgent").asText()).startsWith("Java-http-client");

            // ---------------------------------------------------------------- 2 (late). the token smuggled into the URL
            // behind ';', which Vert.x (Netty's QueryStringDecoder) splits query parameters on as it does on '&', and
            // Camel maps query parameters to headers. Late and soft: if it gets through it changes the state, and the
            // checks after it still run (before the wrong tokens, whose 429 would hide it for a minute).
            SoftAssertions smuggled = new SoftAssertions();
            for (String path : List.of("/console/api/org-rules?a=1;X-Console-Token=",
                    "/console/api/dead-letters/resolve?a=1;X-Console-Token=")) {
                String body = path.contains("resolve")
                        ? "{\"id\":" + letterId + ",\"note\":\"smuggled token\"}"
                        : "{\"shopNo\":\"7777\",\"useOrg\":\"BZ\",\"note\":\"smuggled token\"}";
                HttpResponse<String> r = t.post(path + t.urlToken, body, t.ownHeaders(false));
                System.out.println("[ConsoleAttackIT] POST " + path + "<token> (no header): " + r.statusCode() + " " + r.body());
                smuggled.assertThat(r.statusCode()).as("POST %s<token> with no X-Console-Token header: %s", path, r.body())
                        .isEqualTo(400);
            }
            // control: no query string and no token anywhere is refused for the token (so a 200 above would be the
            // URL's token); a query string on a write is refused as such (a parameter named like a header never
            // stands in for it)
            if (token != null) {
                HttpResponse<String> none = t.post("/console/api/org-rules", "{\"shopNo\":\"7778\",\"useOrg\":\"BZ\"}",
                        t.ownHeaders(false));
                assertThat(none.statusCode()).as(none.body()).isEqualTo(401);
            }
            HttpResponse<String> query = t.post("/console/api/org-rules?note=x", "{\"shopNo\":\"7778\",\"useOrg\":\"BZ\"}",
                    t.ownHeaders(token != null));
            assertThat(query.statusCode()).as(query.body()).isEqualTo(400);
            HttpResponse<String> named = t.post("/console/api/org-rules?Origin=x", "{\"shopNo\":\"7778\",\"useOrg\":\"BZ\"}",
                    t.ownHeaders(token != null));
            assertThat(named.statusCode()).as(named.body()).isIn(400, 403);
            JsonNode afterSmuggling = t.json("/console/api/overview");
            smuggled.assertThat(afterSmuggling.get("consoleOrgRules").toString()).as("rule of the smuggled token")
                    .doesNotContain("7777");
            smuggled.assertThat(t.json("/console/api/dead-letters").get("openTotal").asLong())
                    .as("letters after the smuggled token").isEqualTo(PARKED);
            System.out.println("[ConsoleAttackIT] actions after the smuggled token: " + afterSmuggling.get("actions").get(0)
                    + " " + afterSmuggling.get("actions").get(1));

            // ---------------------------------------------------------------- 2 (end). wrong tokens are slowed
            if (token != null) {
                List<Integer> statuses = new ArrayList<>();
                for (int i = 1; i <= 7; i++) {
                    Map<String, String> h = t.ownHeaders(false);
                    h.put("X-Console-Token", "wrong-" + i);
                    statuses.add(t.post("/console/api/org-rules/delete", "{\"shopNo\":\"0099\",\"note\":\"x\"}", h).statusCode());
                }
                assertThat(statuses).as("5 wrong tokens a minute, then 429").containsExactly(401, 401, 401, 401, 401, 429, 429);
                assertThat(t.json("/console/api/overview").get("consoleOrgRules").toString()).as("the rule is still there")
                        .contains("\"0099\"");
            }

            // no configured secret (nor the token, nor what was sent as one) in any answer of the whole run
            Properties credentials = new Properties();
            try (Reader r = Files.newBufferedReader(jar.dir.resolve("data/sandbox/credentials.properties"))) {
                credentials.load(r);
            }
            Map<String, String> secrets = new LinkedHashMap<>();
            for (String key : List.of("wdt.app-secret", "kingdee.password", "kingdee.app-secret")) {
                String v = credentials.getProperty(key);
                assertThat(v).as(key + " in the sandbox's credentials").isNotBlank().hasSizeGreaterThanOrEqualTo(6);
                secrets.put(key, v);
            }
            secrets.put("console token (or the one sent in URLs)", t.urlToken);
            for (String path : List.of("/console/api/overview", "/console/api/runs", "/console/api/dead-letters",
                    "/console/api/customers?q=" + URLEncoder.encode("上海", StandardCharsets.UTF_8))) {
                HttpResponse<String> r = t.get(path);
                assertThat(r.statusCode()).as(path).isEqualTo(200);
            }
            assertThat(t.answers).hasSizeGreaterThan(20);
            for (String answer : t.answers) {
                secrets.forEach((what, value) -> assertThat(answer).as("%s in an answer", what).doesNotContain(value));
            }
            System.out.println("[ConsoleAttackIT] " + folder + ": " + t.answers.size() + " answers checked");
            smuggled.assertAll();
        }
    }

    /** Step 1: the hostile page, then nothing changed, the frame is empty, the attempts are recorded as refused. */
    private void hostilePage(Target t, long letterId, JarProcess.Run service) throws Exception {
        String console = "http://127.0.0.1:" + t.port;
        String token = t.token == null ? "" : t.token;
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset='utf-8'><title>cats</title></head>"
                + "<body><h1>Cute cats</h1>\n");
        for (String sink : List.of("sinkA", "sinkB", "sinkD")) {
            html.append("<iframe name='").append(sink).append("' style='display:none'></iframe>\n");
        }
        // (a) text/plain form posts whose body reads as JSON: {"shopNo":"5555","useOrg":"DZ","x":"="} and, with a
        // field the request record has (so the body would bind), {"shopNo":"5555","useOrg":"DZ","note":"="}
        html.append("<form id='fa' method='POST' enctype='text/plain' target='sinkA' action='").append(console)
                .append("/console/api/org-rules'><input name='{\"shopNo\":\"5555\",\"useOrg\":\"DZ\",\"x\":\"' value='\"}'></form>\n");
        html.append("<form id='fb' method='POST' enctype='text/plain' target='sinkB' action='").append(console)
                .append("/console/api/org-rules'><input name='{\"shopNo\":\"5555\",\"useOrg\":\"DZ\",\"note\":\"' value='\"}'></form>\n");
        // (d) token run: the token in the URL
        if (t.token != null) {
            html.append("<form id='fd' method='POST' enctype='text/plain' target='sinkD' action='").append(console)
                    .append("/console/api/org-rules?X-Console-Token=").append(token)
                    .append("'><input name='{\"shopNo\":\"5555\",\"useOrg\":\"DZ\",\"note\":\"' value='\"}'></form>\n");
        }
        // (f) a form whose query string names the headers the guard checks (Camel maps query parameters to headers)
        html.append("<iframe name='sinkF' style='display:none'></iframe>\n");
        html.append("<form id='ff' method='POST' enctype='text/plain' target='sinkF' action='").append(console)
                .append("/console/api/org-rules?Content-Type=application/json&Origin=").append(console)
                .append("&Sec-Fetch-Site=same-origin;Content-Type=application/json;Origin=").append(console)
                .append("'><input name='{\"shopNo\":\"5555\",\"useOrg\":\"DZ\",\"note\":\"' value='\"}'></form>\n");
        // (e) the console in a frame
        html.append("<iframe id='framed' name='framed' width='900' height='500' src='").append(console).append("/console'></iframe>\n");
        html.append("<script>\nwindow.results = {};\n"
                + "document.getElementById('fa').submit();\n"
                + "document.getElementById('fb').submit();\n"
                + "document.getElementById('ff').submit();\n"
                + (t.token != null ? "document.getElementById('fd').submit();\n" : "")
                // (b) a no-cors fetch: the browser sends it (text/plain), the page just cannot read the answer
                + "fetch('" + console + "/console/api/dead-letters/resolve', {mode: 'no-cors', method: 'POST',"
                + " body: JSON.stringify({id: " + letterId + ", note: 'resolved by a hostile page'})})"
                + ".then(r => results.b = 'sent, opaque=' + r.type).catch(e => results.b = 'error ' + e);\n"
                // (c) a JSON fetch, with the right token in the token run: needs a CORS preflight
                + "fetch('" + console + "/console/api/org-rules', {method: 'POST', headers: {'Content-Type': 'application/json'"
                + (t.token != null ? ", 'X-Console-Token': '" + token + "'" : "") + "},"
                + " body: JSON.stringify({shopNo: '5555', useOrg: 'DZ', note: 'json fetch from a hostile page'})})"
                + ".then(r => r.text().then(x => results.c = 'status ' + r.status + ' ' + x))"
                + ".catch(e => results.c = 'blocked: ' + e);\n"
                + "</script></body></html>\n");
        byte[] page = html.toString().getBytes(StandardCharsets.UTF_8);

        HttpServer hostile = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hostile.createContext("/", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, page.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(page);
            }
        });
        hostile.start();
        int hostilePort = hostile.getAddress().getPort();
        assertThat(hostilePort).isNotEqualTo(t.port);
        t.hostileOrigin = "http://127.0.0.1:" + hostilePort;
        // refused attempts that must reach the server: the two forms and the no-cors fetch (+ the URL-token form)
        int expected = t.token == null ? 4 : 5;
        try (ConsoleFlow flow = new ConsoleFlow(t.hostileOrigin + "/", JarProcess.PROJECT.resolve("target/console-screenshots/attack"))) {
            WebDriver browser = flow.browser();
            browser.get(t.hostileOrigin + "/cats.html");
            long end = System.nanoTime() + Duration.ofSeconds(12).toNanos();
            Map<?, ?> results = Map.of();
            while (System.nanoTime() < end) {
                results = (Map<?, ?>) ((JavascriptExecutor) browser).executeScript("return window.results || {};");
                if (results.containsKey("b") && results.containsKey("c") && chromeActions(t).size() >= expected) {
                    break;
                }
                Thread.sleep(300);
            }
            Thread.sleep(2000); // let anything late arrive
            results = (Map<?, ?>) ((JavascriptExecutor) browser).executeScript("return window.results || {};");
            System.out.println("[ConsoleAttackIT] hostile page, token=" + (t.token != null) + ": " + results);
            flow.shot(t.token == null ? "hostile-page-open" : "hostile-page-token");
            assertThat(String.valueOf(results.get("c"))).as("the JSON fetch must not get an answer it can read")
                    .doesNotStartWith("status 2");

            // (e) the frame: Chrome blocks it (frame-ancestors 'none', X-Frame-Options DENY), no console in it
            String framed;
            try {
                browser.switchTo().frame("framed");
                framed = "url=" + ((JavascriptExecutor) browser).executeScript("return location.href;") + " " + browser.getPageSource();
            } catch (RuntimeException blocked) {
                framed = "blocked: " + blocked.getClass().getSimpleName();
            } finally {
                browser.switchTo().defaultContent();
            }
            System.out.println("[ConsoleAttackIT] framed console: " + framed.replaceAll("\\s+", " ")
                    .substring(0, Math.min(400, framed.replaceAll("\\s+", " ").length())));
            assertThat(framed).as("the console rendered inside the hostile page's frame")
                    .doesNotContain("运行记录").doesNotContain("死信").doesNotContain("/console/assets/console.js");
        } finally {
            hostile.stop(0);
        }

        t.assertUnchanged("after the hostile page");
        List<JsonNode> actions = actions(t);
        assertThat(actions).as("every write attempt by the page refused").allSatisfy(a ->
                assertThat(a.get("outcome").asText()).as(a.toString()).startsWith("refused"));
        List<JsonNode> chrome = chromeActions(t);
        assertThat(chrome).as("the page's attempts recorded: " + actions).hasSizeGreaterThanOrEqualTo(expected);
        assertThat(chrome).allSatisfy(a -> {
            assertThat(a.get("source").asText()).isEqualTo("127.0.0.1");
            assertThat(a.get("outcome").asText()).startsWith("refused 403");
        });
        assertThat(chrome).filteredOn(a -> a.get("target").asText().equals("/console/api/dead-letters/resolve"))
                .as("the no-cors fetch").isNotEmpty();
        assertThat(chrome).filteredOn(a -> a.get("target").asText().equals("/console/api/org-rules"))
                .as("the form posts").hasSizeGreaterThanOrEqualTo(expected - 1);
        assertThat(service.stdout()).doesNotContain("resolved by a hostile page");
        System.out.println("[ConsoleAttackIT] recorded after the hostile page: " + actions);
    }

    /** Step 2: HTTP attacks, each refused, nothing changed. */
    private void http(Target t, JarProcess.Run service) throws Exception {
        String rule = "{\"shopNo\":\"7777\",\"useOrg\":\"BZ\",\"note\":\"attack IT\"}";
        int before = actions(t).size();

        // the token in the query string: 400, never used (also hidden behind ';' or percent-encoding of its name)
        for (String query : List.of("?X-Console-Token=", "?x-console-token=", "?a=1&X-Console-%54oken=",
                "?X-Console-Token=" + t.urlToken + "&X-Console-Token=")) {
            String path = "/console/api/org-rules" + query + t.urlToken;
            HttpResponse<String> r = t.post(path, rule, t.ownHeaders(false));
            assertThat(r.statusCode()).as("token in the URL %s: %s", query, r.body()).isEqualTo(400);
            t.assertUnchanged("after " + path);
        }
        HttpResponse<String> retry = t.post("/console/api/dead-letters/retry?X-Console-Token=" + t.urlToken, "{}", t.ownHeaders(false));
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(400);
        HttpResponse<String> resolve = t.post("/console/api/dead-letters/resolve?X-Console-Token=" + t.urlToken,
                "{\"id\":" + t.json("/console/api/dead-letters").get("letters").get(0).get("id").asLong() + "}", t.ownHeaders(false));
        assertThat(resolve.statusCode()).as(resolve.body()).isEqualTo(400);
        // ... or in the body
        HttpResponse<String> inBody = t.post("/console/api/org-rules",
                "{\"shopNo\":\"7777\",\"useOrg\":\"BZ\",\"X-Console-Token\":\"" + t.urlToken + "\"}", t.ownHeaders(false));
        assertThat(inBody.statusCode()).as(inBody.body()).isEqualTo(400);
        t.assertUnchanged("after the tokens in URLs and body");

        // Origin: another origin, none (nor Sec-Fetch-Site), "null", cross-site Sec-Fetch-Site, text/plain: 403
        List<Map<String, String>> foreign = new ArrayList<>();
        Map<String, String> other = t.ownHeaders(true);
        other.put("Origin", t.hostileOrigin);
        foreign.add(other);
        Map<String, String> none = t.ownHeaders(true);
        none.remove("Origin");
        foreign.add(none);
        Map<String, String> nullOrigin = t.ownHeaders(true);
        nullOrigin.put("Origin", "null");
        foreign.add(nullOrigin);
        Map<String, String> crossSite = t.ownHeaders(true);
        crossSite.remove("Origin");
        crossSite.put("Sec-Fetch-Site", "same-site");
        foreign.add(crossSite);
        Map<String, String> localhostOrigin = t.ownHeaders(true);
        localhostOrigin.put("Origin", "http://localhost:" + t.port); // another origin than the Host 127.0.0.1:port
        foreign.add(localhostOrigin);
        Map<String, String> plain = t.ownHeaders(true);
        plain.put("Content-Type", "text/plain");
        foreign.add(plain);
        for (Map<String, String> h : foreign) {
            HttpResponse<String> r = t.post("/console/api/org-rules", rule, h);
            assertThat(r.statusCode()).as("%s: %s", h, r.body()).isEqualTo(403);
        }
        // ... and with the checked headers named again in the query string (Camel maps query parameters to headers)
        String own = URLEncoder.encode("http://127.0.0.1:" + t.port, StandardCharsets.UTF_8);
        for (String query : List.of("?Content-Type=application%2Fjson&Origin=" + own + "&Sec-Fetch-Site=same-origin",
                "?a=1;Content-Type=application%2Fjson;Origin=" + own + ";Sec-Fetch-Site=same-origin")) {
            Map<String, String> h = new LinkedHashMap<>(plain);
            h.put("Origin", t.hostileOrigin);
            if (t.token != null) {
                h.put("X-Console-Token", t.token);
            }
            HttpResponse<String> r = t.post("/console/api/org-rules" + query, rule, h);
            assertThat(r.statusCode()).as("headers in the query %s: %s", query, r.body()).isEqualTo(403);
        }
        // ... and with Camel's own headers named in the query string: the method (a write read as a GET), the raw
        // query the guard looks for a token in
        Map<String, String> hostileForm = new LinkedHashMap<>(plain);
        hostileForm.put("Origin", t.hostileOrigin);
        for (String query : List.of("?CamelHttpMethod=GET", "?camelhttpmethod=GET", "?a=1;CamelHttpMethod=GET")) {
            HttpResponse<String> r = t.post("/console/api/org-rules" + query, rule, hostileForm);
            assertThat(r.statusCode()).as("method in the query %s: %s", query, r.body()).isEqualTo(403);
        }
        HttpResponse<String> rawQuery = t.post("/console/api/org-rules?CamelHttpRawQuery=a&X-Console-Token=" + t.urlToken,
                rule, t.ownHeaders(false));
        assertThat(rawQuery.statusCode()).as(rawQuery.body()).isEqualTo(400);
        t.assertUnchanged("after the foreign origins");

        // a wrong Host (DNS rebinding): 403 on a read and a write, whose Origin matches that Host
        String evil = "evil.example:" + t.port;
        String read = t.raw("GET /console/api/overview HTTP/1.1\r\nHost: " + evil + "\r\nConnection: close\r\n\r\n");
        assertThat(read).as(read).startsWith("HTTP/1.1 403");
        assertThat(read).doesNotContain("consoleOrgRules");
        String pageRead = t.raw("GET /console HTTP/1.1\r\nHost: " + evil + "\r\nConnection: close\r\n\r\n");
        assertThat(pageRead).as(pageRead).startsWith("HTTP/1.1 403");
        assertThat(pageRead).doesNotContain("运行记录");
        String spoofed = t.raw("GET /console/api/overview?CamelHttpUrl=" + URLEncoder.encode("http://127.0.0.1:" + t.port
                + "/console/api/overview", StandardCharsets.UTF_8) + " HTTP/1.1\r\nHost: " + evil + "\r\nConnection: close\r\n\r\n");
        assertThat(spoofed).as(spoofed).startsWith("HTTP/1.1 403");
        byte[] body = rule.getBytes(StandardCharsets.UTF_8);
        String write = t.raw("POST /console/api/org-rules HTTP/1.1\r\nHost: " + evil + "\r\nOrigin: http://" + evil
                + "\r\nContent-Type: application/json\r\n" + (t.token != null ? "X-Console-Token: " + t.token + "\r\n" : "")
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n" + rule);
        assertThat(write).as(write).startsWith("HTTP/1.1 403");
        // control: the same raw request with the console's own Host passes the guard (so the 403 above is the Host's)
        String control = t.raw("GET /console/api/overview HTTP/1.1\r\nHost: 127.0.0.1:" + t.port + "\r\nConnection: close\r\n\r\n");
        assertThat(control).as(control.substring(0, Math.min(200, control.length()))).startsWith("HTTP/1.1 200");
        t.assertUnchanged("after the wrong Host");

        // every one of these refused writes is recorded, none succeeded
        List<JsonNode> actions = actions(t);
        assertThat(actions.size() - before).as("refused attempts recorded").isGreaterThanOrEqualTo(Math.min(20 - before, 19));
        assertThat(actions).allSatisfy(a -> assertThat(a.get("outcome").asText()).as(a.toString()).startsWith("refused"));
        assertThat(actions).allSatisfy(a -> assertThat(a.get("target").asText()).as("no query string stored").doesNotContain("?"));

        // the headers: the page, an asset, an API answer (and an API error)
        for (String path : List.of("/console", "/console/assets/console.js", "/console/assets/console.css",
                "/console/assets/nothing-here.js", "/console/api/overview")) {
            HttpResponse<String> r = t.get(path);
            assertThat(r.statusCode()).as(path).isIn(200, 404);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(path).contains("frame-ancestors 'none'").contains("default-src 'self'")
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(r.headers().firstValue("X-Frame-Options").orElse("")).as(path).isEqualToIgnoringCase("DENY");
            assertThat(r.headers().firstValue("X-Content-Type-Options").orElse("")).as(path).isEqualToIgnoringCase("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy").orElse("")).as(path).isEqualToIgnoringCase("no-referrer");
            if (path.startsWith("/console/api")) {
                assertThat(r.headers().firstValue("Cache-Control").orElse("")).as(path).contains("no-store");
            }
        }
        HttpResponse<String> page = t.get("/console");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("运行记录").doesNotContainPattern("(?is)<script(?![^>]*\\bsrc=)[^>]*>")
                .doesNotContainPattern("(?i)<[^>]*\\son[a-z]+\\s*=");
        HttpResponse<String> refused = t.post("/console/api/org-rules", rule, other);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("X-Frame-Options").orElse("")).as("a refusal").isEqualToIgnoringCase("DENY");
        assertThat(refused.headers().firstValue("Cache-Control").orElse("")).as("a refusal").contains("no-store");
        assertThat(refused.headers().map().keySet()).as("request headers echoed")
                .noneMatch(k -> k.equalsIgnoreCase("Origin") || k.equalsIgnoreCase("X-Console-Token") || k.equalsIgnoreCase("User-Agent"));
        assertThat(service.stdout() + service.stderr()).as("the token sent in URLs logged").doesNotContain(t.urlToken);
    }

    private static List<JsonNode> actions(Target t) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        t.json("/console/api/overview").get("actions").forEach(out::add);
        return out;
    }

    private static List<JsonNode> chromeActions(Target t) throws Exception {
        return actions(t).stream().filter(a -> a.get("userAgent").asText("").contains("Chrome/")).toList();
    }

    /** The console under attack, and every answer it gave (to look for secrets in). */
    private static final class Target {
        final int port;
        final String token;
        /** What the URL attacks send as a token: the real one, or (no token configured) a recognisable string. */
        final String urlToken;
        final List<String> answers = new ArrayList<>();
        String hostileOrigin = "http://127.0.0.1:1";

        Target(int port, String token) {
            this.port = port;
            this.token = token;
            this.urlToken = token != null ? token : "not-a-configured-token-" + port + "-x9";
        }

        /** Content-Type json and the console's own Origin; the token when {@code withToken} and there is one. */
        Map<String, String> ownHeaders(boolean withToken) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "application/json");
            h.put("Origin", "http://127.0.0.1:" + port);
            if (withToken && token != null) {
                h.put("X-Console-Token", token);
            }
            return h;
        }

        HttpResponse<String> get(String path) throws Exception {
            return keep(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()));
        }

        JsonNode json(String path) throws Exception {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
        }

        HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(b::header);
            return keep(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()));
        }

        private HttpResponse<String> keep(HttpResponse<String> r) {
            answers.add(r.headers().map() + "\n" + r.body());
            return r;
        }

        /** A raw HTTP/1.1 exchange (HttpClient will not set Host); the whole answer. */
        String raw(String request) throws Exception {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[8192];
                try {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        all.write(buf, 0, n);
                    }
                } catch (java.net.SocketTimeoutException e) {
                    // keep what came
                }
                String answer = all.toString(StandardCharsets.UTF_8);
                answers.add(answer);
                return answer;
            }
        }

        /** No console org rule, the 42 letters of shop 0099 still open. */
        void assertUnchanged(String when) throws Exception {
            JsonNode overview = json("/console/api/overview");
            assertThat(overview.get("consoleOrgRules")).as("console org rules " + when).isEmpty();
            JsonNode letters = json("/console/api/dead-letters");
            assertThat(letters.get("openTotal").asLong()).as("open dead letters " + when).isEqualTo(PARKED);
            Set<String> resolved = new TreeSet<>();
            letters.get("recentlyResolved").forEach(r -> resolved.add(r.toString()));
            assertThat(resolved).as("letters resolved " + when).isEmpty();
        }
    }
}
