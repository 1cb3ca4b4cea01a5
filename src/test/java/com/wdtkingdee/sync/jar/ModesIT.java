package com.wdtkingdee.sync.jar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-shot commands of the packaged jar exit with the codes of the README's exit-code table (issue 16, 2d). One
 * project folder for the whole sandbox sequence, since each step builds on the state the previous one left:
 * dry run (nothing moves) → once (parks shop 0099) → replay with the rule → reconcile → reconcile --repair.
 */
class ModesIT {

    static final Duration RUN = Duration.ofSeconds(120);

    @Test
    void usageAndBadCommandLines() throws Exception {
        JarProcess jar = JarProcess.folder("modes-usage");

        JarProcess.Run help = jar.run(RUN, "--help");
        assertThat(help.exitCode()).as(help.tail()).isZero();
        assertThat(help.stdout()).contains("Usage: java -jar target/wdt-kingdee-sync.jar").contains("--reconcile")
                .contains("Exit codes");

        JarProcess.Run typo = jar.run(RUN, "--onse");
        assertThat(typo.exitCode()).as(typo.tail()).isEqualTo(2);
        assertThat(typo.stderr().lines().findFirst().orElse("")).startsWith("wdt-kingdee-sync: ").contains("--onse");
        assertThat(typo.stdout()).isEmpty();

        // nothing configured (no --sandbox): every missing key at once, exit 2, nothing created on disk
        JarProcess.Run bare = jar.run(RUN, "--once");
        assertThat(bare.exitCode()).as(bare.tail()).isEqualTo(2);
        assertThat(bare.stderr()).contains("wdt-kingdee-sync: configuration error: wdt.app-secret: is required")
                .contains("wdt-kingdee-sync: configuration error: kingdee.url: is required");
        assertThat(jar.dir.resolve("data")).doesNotExist();

        // configured as a deployment is (-D before the jar, secrets in the environment, --key=value after it), but
        // Kingdee does not answer: --replay stops at once with 6 naming the URL
        int closed = JarProcess.freePort();
        jar.env("WDT_APP_SECRET", "s").env("KINGDEE_PASSWORD", "p");
        JarProcess.Run down = jar.run(List.of("-Dsync.initial-start=2026-11-01 00:00:00", "-Dwdt.app-key=k",
                "-Dwdt.target-app-key=t", "-Dwdt.sid=sid", "-Dkingdee.acct-id=a", "-Dkingdee.username=u"), RUN,
                "--replay", "--kingdee.url=http://127.0.0.1:" + closed + "/k3cloud/");
        assertThat(down.exitCode()).as(down.tail()).isEqualTo(6);
        assertThat(down.stderr()).contains("wdt-kingdee-sync: cannot reach Kingdee at http://127.0.0.1:" + closed);
        assertThat(jar.dir.resolve("data")).doesNotExist();
    }

    @Test
    void sandboxDryRunOnceReplayAndReconcile() throws Exception {
        JarProcess jar = JarProcess.folder("modes-sandbox");

        // --dry-run: standard output carries only the JSON lines; it would park shop 0099's orders → 3
        JarProcess.Run dry = jar.run(RUN, "--sandbox", "--dry-run");
        assertThat(dry.exitCode()).as(dry.tail()).isEqualTo(3);
        List<String> lines = dry.stdout().lines().toList();
        assertThat(lines).as(dry.tail()).hasSizeGreaterThan(100);
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            JsonNode row = json.readTree(line);
            assertThat(row.path("number").asText()).startsWith("WDT-");
            assertThat(row.path("model").path("FName").asText()).isNotBlank();
        }
        // the closing line gives every bucket (read = filtered + would park + would write + already written + repeated)
        assertThat(dry.stderr()).containsPattern("Dry run: \\d+ read = \\d+ filtered \\+ [1-9]\\d* would park \\+ "
                + lines.size() + " would write \\+ \\d+ already written \\+ \\d+ repeated; would write " + lines.size()
                + " customer\\(s\\), would park [1-9]\\d*").contains("→ exit 3");

        // --once: the dry run moved nothing (checkpoint none); shop 0099 has no rule → parked → 3
        JarProcess.Run once = jar.run(RUN, "--sandbox", "--once");
        assertThat(once.exitCode()).as(once.tail()).isEqualTo(3);
        assertThat(once.stdout()).containsPattern("Cycle \\d+ of customer-sync: checkpoint none")
                .contains("× no organisation rule for shop_no 0099")
                .containsPattern("Result: SYNCED_WITH_DEAD_LETTERS \\(3 window\\(s\\), [1-9]\\d* parked\\) → exit 3");
        int parked = number(once.stdout(), "Result: SYNCED_WITH_DEAD_LETTERS \\(3 window\\(s\\), (\\d+) parked\\)");

        // --replay with the rule for 0099 (a setting after the jar): every parked order resolved → 0
        JarProcess.Run replay = jar.run(RUN, "--sandbox", "--replay", "-Dcustomer.org-rule.BZ=002,003,004,0071,0099");
        assertThat(replay.exitCode()).as(replay.tail()).isZero();
        assertThat(replay.stdout()).contains("Replay: " + parked + " parked item(s) selected, " + parked
                + " resolved, 0 still parked → exit 0");

        // --reconcile: each sandbox start brings a new, empty 金蝶 simulator, so the customers the state says were
        // written are missing there → 5; --repair writes them through the normal path → 0
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        String from = today.minusDays(1).toString();
        String to = today.toString();
        JarProcess.Run reconcile = jar.run(RUN, "--sandbox", "--reconcile", from, to,
                "-Dcustomer.org-rule.BZ=002,003,004,0071,0099");
        assertThat(reconcile.exitCode()).as(reconcile.tail()).isEqualTo(5);
        int missing = number(reconcile.stdout(), "missing            : (\\d+)");
        assertThat(missing).isPositive();
        assertThat(number(reconcile.stdout(), "present in Kingdee : (\\d+)")).isZero();

        JarProcess.Run repair = jar.run(RUN, "--sandbox", "--reconcile", from, to, "--repair",
                "-Dcustomer.org-rule.BZ=002,003,004,0071,0099");
        assertThat(repair.exitCode()).as(repair.tail()).isZero();
        assertThat(number(repair.stdout(), "missing            : (\\d+)")).isEqualTo(missing);
        assertThat(number(repair.stdout(), "repaired           : (\\d+)")).isEqualTo(missing);
    }

    private static int number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("'" + regex + "' in\n" + text).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
