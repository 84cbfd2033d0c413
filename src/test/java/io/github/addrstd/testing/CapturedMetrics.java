package io.github.addrstd.testing;

import io.github.addrstd.event.FailureReason;
import io.github.addrstd.metrics.RecordMetrics;

import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real task metric group whose registrations are captured, so a harness test sees every metric an
 * operator registers with the variables (stage, reason, ...) the Prometheus reporter turns into
 * labels.
 */
public final class CapturedMetrics {

    /**
     * One registered metric: its name and the variables of its group, e.g. {@code <stage> ->
     * validate}.
     */
    public record Registered(String name, Map<String, String> variables, Metric metric) {}

    private final List<Registered> registered = new CopyOnWriteArrayList<>();
    private final TaskMetricGroup taskGroup;

    public CapturedMetrics() {
        TestingMetricRegistry registry =
                TestingMetricRegistry.builder()
                        .setRegisterConsumer(
                                (metric, name, group) ->
                                        registered.add(
                                                new Registered(
                                                        name, group.getAllVariables(), metric)))
                        .build();
        taskGroup =
                TaskManagerMetricGroup.createTaskManagerMetricGroup(
                                registry, "localhost", ResourceID.generate())
                        .addJob(new JobID(), "test job")
                        .addTask(ExecutionAttemptID.randomId(), "test task");
    }

    /** An environment for a test harness whose operators register here. */
    public MockEnvironment environment() {
        return new MockEnvironmentBuilder().setMetricGroup(taskGroup).build();
    }

    /**
     * The variables Flink's scopes add; every other variable comes from a group we added (stage,
     * reason, ...).
     */
    private static final Set<String> SCOPE_VARIABLES =
            Set.of(
                    "<host>",
                    "<tm_id>",
                    "<job_id>",
                    "<job_name>",
                    "<task_id>",
                    "<task_name>",
                    "<task_attempt_id>",
                    "<task_attempt_num>",
                    "<subtask_index>",
                    "<operator_id>",
                    "<operator_name>");

    /**
     * The metric called {@code name} in exactly the groups {@code variables} (key, value, ...)
     * below the operator.
     */
    public <M extends Metric> M get(Class<M> type, String name, String... variables) {
        List<Registered> matches =
                registered.stream()
                        .filter(
                                r ->
                                        r.name().equals(name)
                                                && ownVariables(r).equals(asMap(variables)))
                        .toList();
        if (matches.size() != 1) {
            throw new AssertionError(
                    matches.size()
                            + " metrics named "
                            + name
                            + " with "
                            + List.of(variables)
                            + "; registered: "
                            + registered.stream().map(r -> r.name() + ownVariables(r)).toList());
        }
        return type.cast(matches.get(0).metric());
    }

    public long count(String name, String... variables) {
        return get(Counter.class, name, variables).getCount();
    }

    /** The failed-records counter of {@code stage} for one {@code reason}. */
    public long failed(String stage, FailureReason reason) {
        return count(
                RecordMetrics.FAILED,
                RecordMetrics.STAGE_GROUP,
                stage,
                RecordMetrics.REASON_GROUP,
                reason.name());
    }

    public Histogram histogram(String name, String... variables) {
        return get(Histogram.class, name, variables);
    }

    private static Map<String, String> ownVariables(Registered r) {
        Map<String, String> own = new TreeMap<>();
        r.variables()
                .forEach(
                        (k, v) -> {
                            if (!SCOPE_VARIABLES.contains(k)) {
                                own.put(k.substring(1, k.length() - 1), v);
                            }
                        });
        return own;
    }

    private static Map<String, String> asMap(String[] variables) {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i + 1 < variables.length; i += 2) {
            map.put(variables[i], variables[i + 1]);
        }
        return map;
    }
}
