package io.github.addrstd.alerts;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real headless Chromium (Debian's {@code chromium}, which .ci/run installs), used the way a
 * person looks at a page: the DOM after its scripts ran, and a screenshot. Each render gets 40 s
 * and three tries: Chromium's virtual time now and then never runs out on a page that polls.
 */
final class HeadlessChromium {

    private static final int TRIES = 3;
    private static final long RENDER_TIMEOUT_S = 40;

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** The installed browser; aborts (skips) the calling test when there is none. */
    static HeadlessChromium require() {
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return new HeadlessChromium(p);
                }
            }
        }
        Assumptions.abort(
                "chromium is not installed (apt-get install chromium; .ci/run does it): this test"
                        + " is skipped");
        return null;
    }

    /** The page's DOM once its scripts ran. */
    String dom(String url) throws IOException, InterruptedException {
        return new String(render(url, "--dump-dom"), StandardCharsets.UTF_8);
    }

    /** Writes a PNG of the page as a 1400-pixel-wide window shows it. */
    void screenshot(String url, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        render(url, "--screenshot=" + png.toAbsolutePath());
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            throw new AssertionError("chromium wrote no screenshot of " + url);
        }
    }

    private byte[] render(String url, String what) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                binary.toString(),
                                "--headless=new",
                                "--no-sandbox", // CI runs as root
                                "--disable-gpu",
                                "--disable-dev-shm-usage",
                                "--hide-scrollbars",
                                "--window-size=1400,1300",
                                "--virtual-time-budget=4000",
                                what,
                                url));
        String lastFailure = "";
        for (int attempt = 0; attempt < TRIES; attempt++) {
            Path out = Files.createTempFile("chromium", ".out");
            try {
                Process p =
                        new ProcessBuilder(command)
                                .redirectOutput(out.toFile())
                                .redirectError(ProcessBuilder.Redirect.DISCARD)
                                .start();
                if (!p.waitFor(RENDER_TIMEOUT_S, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    lastFailure = "timed out after " + RENDER_TIMEOUT_S + " s";
                } else if (p.exitValue() != 0) {
                    lastFailure = "exit " + p.exitValue();
                } else {
                    return Files.readAllBytes(out);
                }
            } finally {
                Files.deleteIfExists(out);
            }
        }
        throw new AssertionError(
                "chromium could not render " + url + " in " + TRIES + " tries: " + lastFailure);
    }
}
