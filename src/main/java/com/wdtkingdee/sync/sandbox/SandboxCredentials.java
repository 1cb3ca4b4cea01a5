package com.wdtkingdee.sync.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The fake credentials and the ports of a {@code --sandbox} run: fixed by the {@code sandbox.*} settings, random
 * where those are empty. They are printed and written to {@code credentials.properties} under the product's own
 * keys ({@code wdt.url}, …, {@code kingdee.app-secret}), so that file configures a second instance or any client
 * (curl, Postman, an official SDK). They open nothing but the loopback simulators.
 *
 * @param qimenPort       port of the Qimen simulator (0 = a free one)
 * @param kingdeePort     port of the Kingdee simulator (0 = a free one)
 * @param wdtAppKey       Qimen app key
 * @param wdtAppSecret    Qimen app secret
 * @param wdtTargetAppKey target_app_key of 旺店通 on Qimen
 * @param wdtSid          旺店通 sid
 * @param kingdeeAcctId   data-center id (AcctID)
 * @param kingdeeUsername integration user
 * @param kingdeePassword its password (ValidateUser)
 * @param kingdeeAppId    AppID of the third-party app authorisation, {@code <clientId>_<32 base64 chars>}
 * @param kingdeeAppSecret its AppSecret (LoginByAppSecret, LoginBySign, signed headers)
 */
public record SandboxCredentials(int qimenPort, int kingdeePort, String wdtAppKey, String wdtAppSecret,
                                 String wdtTargetAppKey, String wdtSid, String kingdeeAcctId, String kingdeeUsername,
                                 String kingdeePassword, String kingdeeAppId, String kingdeeAppSecret) {

    /** Settings that fix the sandbox credentials and ports; empty = random. */
    public static final String QIMEN_PORT = "sandbox.qimen-port";
    public static final String KINGDEE_PORT = "sandbox.kingdee-port";
    public static final String WDT_APP_KEY = "sandbox.wdt.app-key";
    public static final String WDT_APP_SECRET = "sandbox.wdt.app-secret";
    public static final String KINGDEE_PASSWORD = "sandbox.kingdee.password";
    public static final String KINGDEE_APP_ID = "sandbox.kingdee.app-id";
    public static final String KINGDEE_APP_SECRET = "sandbox.kingdee.app-secret";

    /** The fixed parts (not secrets, not settings). */
    public static final String TARGET_APP_KEY = "21363512";
    public static final String SID = "sandbox";
    public static final String ACCT_ID = "sandbox-acct";
    public static final String USERNAME = "wdt_sync";

    private static final Pattern APP_ID = Pattern.compile("\\d{1,12}_[A-Za-z0-9+/]{32}");

    /** A {@code sandbox.*} setting with a value the sandbox cannot use. */
    public static final class InvalidSetting extends IllegalArgumentException {
        private final String key;

        InvalidSetting(String key, String problem) {
            super(problem);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    @Override
    public String toString() {
        return "SandboxCredentials[qimenPort=" + qimenPort + ", kingdeePort=" + kingdeePort + ", wdtAppKey=" + wdtAppKey
                + ", kingdeeAcctId=" + kingdeeAcctId + ", kingdeeUsername=" + kingdeeUsername + ", secrets=****]";
    }

    /**
     * Reads the {@code sandbox.*} settings through {@code settings} (a blank or absent value = random).
     *
     * @throws InvalidSetting for a port outside 0..65535 or an AppID that signed headers cannot use
     */
    public static SandboxCredentials resolve(Function<String, Optional<String>> settings) {
        SecureRandom random = new SecureRandom();
        String appId = settings.apply(KINGDEE_APP_ID).orElseGet(() -> KingdeeSimulator.generateAppId(random));
        if (!APP_ID.matcher(appId).matches()) {
            throw new InvalidSetting(KINGDEE_APP_ID, "must look like an AppID of 第三方系统登录授权, <clientId>_<32 base64"
                    + " characters> (e.g. 123456_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY), so that signed headers work");
        }
        return new SandboxCredentials(port(settings, QIMEN_PORT), port(settings, KINGDEE_PORT),
                settings.apply(WDT_APP_KEY).orElseGet(() -> "sandbox-" + hex(random, 4)),
                settings.apply(WDT_APP_SECRET).orElseGet(() -> hex(random, 16)),
                TARGET_APP_KEY, SID, ACCT_ID, USERNAME,
                settings.apply(KINGDEE_PASSWORD).orElseGet(() -> hex(random, 12)),
                appId,
                settings.apply(KINGDEE_APP_SECRET).orElseGet(() -> hex(random, 16)));
    }

    private static int port(Function<String, Optional<String>> settings, String key) {
        Optional<String> v = settings.apply(key);
        if (v.isEmpty()) {
            return 0;
        }
        try {
            int p = Integer.parseInt(v.get().strip());
            if (p < 0 || p > 65_535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new InvalidSetting(key, "must be a port number 1..65535, or empty for a free one: " + v.get());
        }
    }

    private static String hex(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * The product's configuration keys pointing at the running simulators, in the order of design §5:
     * {@code wdt.url}, {@code wdt.app-key}, {@code wdt.app-secret}, {@code wdt.target-app-key}, {@code wdt.sid},
     * {@code kingdee.url}, {@code kingdee.acct-id}, {@code kingdee.username}, {@code kingdee.password},
     * {@code kingdee.app-id}, {@code kingdee.app-secret}.
     */
    public Map<String, String> properties(String qimenUrl, String kingdeeUrl) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("wdt.url", qimenUrl);
        p.put("wdt.app-key", wdtAppKey);
        p.put("wdt.app-secret", wdtAppSecret);
        p.put("wdt.target-app-key", wdtTargetAppKey);
        p.put("wdt.sid", wdtSid);
        p.put("kingdee.url", kingdeeUrl);
        p.put("kingdee.acct-id", kingdeeAcctId);
        p.put("kingdee.username", kingdeeUsername);
        p.put("kingdee.password", kingdeePassword);
        p.put("kingdee.app-id", kingdeeAppId);
        p.put("kingdee.app-secret", kingdeeAppSecret);
        return p;
    }

    /**
     * Writes {@link #properties} as a properties file (UTF-8, parent folders created), with a header saying what it
     * is. The file holds only these fake sandbox credentials.
     */
    public void write(Path file, String qimenUrl, String kingdeeUrl) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# wdt-kingdee-sync --sandbox: the simulators of this run and their FAKE credentials.\n")
                .append("# Product keys: use this file as the configuration of a second instance or of any client\n")
                .append("# (curl, Postman, an official Kingdee SDK). Fix them for the next runs with the sandbox.*\n")
                .append("# keys of application.properties. Valid while this sandbox runs.\n");
        properties(qimenUrl, kingdeeUrl).forEach((k, v) -> b.append(k).append(" = ").append(escape(v)).append('\n'));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, b, StandardCharsets.UTF_8);
    }

    /** The lines {@code --sandbox} prints: both URLs and every credential (they are fake). */
    public void print(PrintStream out, String qimenUrl, String kingdeeUrl, Path file) {
        out.println("Sandbox credentials (fake; all Kingdee login modes are accepted at once: ValidateUser,"
                + " LoginByAppSecret, LoginBySign, signed headers):");
        properties(qimenUrl, kingdeeUrl).forEach((k, v) -> out.println("   " + k + " = " + v));
        if (file != null) {
            out.println("   written to " + file + " (the product's keys: a configuration for a second instance or a"
                    + " client)");
        }
    }

    /** Properties-file escaping for values: backslashes and leading blanks. */
    private static String escape(String v) {
        String s = v.replace("\\", "\\\\");
        return s.startsWith(" ") ? "\\" + s : s;
    }
}
