package io.github.addrstd;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ends the test run with one clear line naming every test that did not run and why (a missing
 * Prometheus, Docker engine, real corpus or converted MGeo), so a green build cannot hide skipped
 * checks in scrolled-away warnings. Registered through {@code META-INF/services}; the line goes to
 * {@code target/skipped-tests.txt}, which the build prints after the tests.
 */
public final class SkippedTestsReport implements TestExecutionListener {

    private final List<String> skipped = new ArrayList<>();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        skipped.add(test.getDisplayName() + " (" + reason + ")");
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            String reason =
                    result.getThrowable()
                            .map(
                                    t ->
                                            t instanceof TestAbortedException
                                                    ? t.getMessage()
                                                            .replaceFirst(
                                                                    "^Assumption failed: ", "")
                                                    : t.toString())
                            .orElse("aborted");
            skipped.add(test.getDisplayName() + " (" + reason + ")");
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        String line =
                skipped.isEmpty()
                        ? "SKIPPED TESTS: none"
                        : "SKIPPED TESTS: "
                                + skipped.size()
                                + " did not run: "
                                + String.join("; ", skipped);
        System.out.println(line);
        try {
            // Surefire redirects test output to files: the build prints this file after the tests
            // (pom.xml).
            Files.writeString(
                    Path.of("target", "skipped-tests.txt"),
                    line + System.lineSeparator(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("cannot write target/skipped-tests.txt: " + e);
        }
    }
}
