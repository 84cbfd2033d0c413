package io.github.addrstd.model;

/**
 * Keeps DJL from downloading anything at run time (engines, models): every command that may load a
 * model calls {@link #unlessConfigured()} first; {@code -Dai.djl.offline=false} still wins.
 */
public final class DjlOffline {

    private DjlOffline() {}

    public static void unlessConfigured() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }
}
