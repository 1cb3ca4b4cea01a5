package com.wdtkingdee.sync.state;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the embedded PostgreSQL can run on a platform, decided from {@code os.name} and {@code os.arch} the way
 * zonky's {@code EmbeddedPostgres}/{@code DefaultPostgresBinaryResolver} (2.2.2) pick their binary: the operating
 * system by the prefix of {@code os.name} ({@code Windows}, {@code Mac OS X}, {@code Linux}), the architecture
 * normalised as in zonky's {@code ArchUtils} ({@code amd64}, {@code x86_64}, {@code x64}, … → {@code x86_64}), and
 * the classpath resource {@code postgres-<os>-<arch>.txz} at the root of the binary jar of that platform.
 *
 * <p>The product ships the PostgreSQL 15 binaries of {@link #SHIPPED} only. Zonky would run the x86-64 binaries on
 * macOS arm64 and Windows arm64 under emulation (Rosetta 2 / Prism), which is neither tested here nor installed
 * everywhere (without it initdb fails with an unreadable error): those platforms, like Linux arm64 and every other
 * one, are refused with one line that asks for {@code db.url}.
 */
public final class EmbeddedPlatform {

    /** The platforms whose binary jars are declared in the pom (os, architecture, as zonky names them). */
    public static final List<Decision> SHIPPED = List.of(
            supported("Linux x86-64", "linux"),
            supported("Windows x64", "windows"),
            supported("macOS x64", "darwin"));

    private EmbeddedPlatform() {
    }

    /**
     * The decision for this JVM's {@code os.name}/{@code os.arch}, with the binary also looked up on the classpath:
     * a build without that platform's jar is refused like an unsupported platform.
     */
    public static Decision current() {
        Decision decision = decide(System.getProperty("os.name"), System.getProperty("os.arch"));
        if (decision.supported() && EmbeddedPlatform.class.getClassLoader().getResource(decision.resource()) == null) {
            return new Decision(decision.platform(), null, "not set, and this build of wdt-kingdee-sync lacks the"
                    + " embedded PostgreSQL binaries for " + decision.platform() + " (" + decision.resource()
                    + "): set db.url to a PostgreSQL server, e.g. -Ddb.url=jdbc:postgresql://host:5432/wdt_sync");
        }
        return decision;
    }

    /**
     * The pure decision: the binary resource zonky will load on this platform, or the one-line message that says
     * the embedded database cannot run there and asks for {@code db.url}.
     */
    public static Decision decide(String osName, String osArch) {
        String os = os(osName);
        String arch = arch(osArch);
        String platform = describe(os, arch, osName, osArch);
        if (os != null && "x86_64".equals(arch)) {
            return new Decision(platform, "postgres-" + os + "-x86_64.txz", null);
        }
        return new Decision(platform, null, "not set, and the embedded PostgreSQL does not run on "
                + platform + " (it ships for Linux x86-64, Windows x64 and macOS x64 only): set db.url to a"
                + " PostgreSQL server, e.g. -Ddb.url=jdbc:postgresql://host:5432/wdt_sync");
    }

    /** Zonky's operating system name, lower case as in the resource name, or null (zonky knows no other). */
    static String os(String osName) {
        if (osName == null) {
            return null;
        }
        // commons-lang3 SystemUtils.IS_OS_WINDOWS / IS_OS_MAC_OSX / IS_OS_LINUX: prefixes of os.name
        if (osName.startsWith("Windows")) {
            return "windows";
        }
        if (osName.startsWith("Mac OS X")) {
            return "darwin";
        }
        if (osName.startsWith("Linux") || osName.startsWith("LINUX")) {
            return "linux";
        }
        return null;
    }

    /** Zonky's normalised architecture: {@code x86_64}, {@code arm_64}, … or null when it knows none. */
    static String arch(String osArch) {
        if (osArch == null || osArch.isBlank()) {
            return null;
        }
        String a = osArch.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
        if (a.matches("^(x8664|amd64|ia32e|em64t|x64)$")) {
            return "x86_64";
        }
        if (a.matches("^(x8632|x86|i[3-6]86|ia32|x32)$")) {
            return "x86_32";
        }
        if (a.matches("^(aarch64|armv8|arm64).*$")) {
            return "arm_64";
        }
        if (a.matches("^(arm|arm32).*$")) {
            return "arm_32";
        }
        return null;
    }

    private static String describe(String os, String arch, String osName, String osArch) {
        String system = os == null ? String.valueOf(osName) : switch (os) {
            case "windows" -> "Windows";
            case "darwin" -> "macOS";
            default -> "Linux";
        };
        String machine;
        if ("x86_64".equals(arch)) {
            machine = "linux".equals(os) ? "x86-64" : "x64";
        } else if ("arm_64".equals(arch)) {
            machine = "arm64";
        } else {
            machine = String.valueOf(osArch);
        }
        return system + " " + machine + " (os.name=" + osName + ", os.arch=" + osArch + ")";
    }

    private static Decision supported(String platform, String os) {
        return new Decision(platform, "postgres-" + os + "-x86_64.txz", null);
    }

    /**
     * @param platform a readable name, e.g. {@code macOS arm64 (os.name=Mac OS X, os.arch=aarch64)}
     * @param resource the classpath resource of the binaries when supported, else null
     * @param problem  one line about the key {@code db.url} (so it reads after "db.url: "), naming the platform and
     *                 asking for a PostgreSQL server, when not supported; else null
     */
    public record Decision(String platform, String resource, String problem) {
        public boolean supported() {
            return problem == null;
        }

        /** The one-line problem, if the embedded database cannot start here. */
        public Optional<String> refusal() {
            return Optional.ofNullable(problem);
        }
    }
}
