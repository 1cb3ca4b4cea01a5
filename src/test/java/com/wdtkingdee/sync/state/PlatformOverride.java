package com.wdtkingdee.sync.state;

/**
 * Pretends another platform ({@code os.name}, {@code os.arch}) for a moment. Surefire runs the tests one at a time
 * in one JVM; the real values are restored afterwards.
 */
public final class PlatformOverride {

    private PlatformOverride() {
    }

    public static void run(String osName, String osArch, Runnable body) {
        // commons-lang's SystemUtils (zonky's OS check) reads os.name/os.arch once, when it loads: load it first
        org.apache.commons.lang3.SystemUtils.getJavaHome();
        String name = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        System.setProperty("os.name", osName);
        System.setProperty("os.arch", osArch);
        try {
            body.run();
        } finally {
            System.setProperty("os.name", name);
            System.setProperty("os.arch", arch);
        }
    }
}
