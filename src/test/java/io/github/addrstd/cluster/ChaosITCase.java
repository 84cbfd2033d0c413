package io.github.addrstd.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The short CI variant of bin/chaos: a JobManager and two TaskManagers as OS processes, the job
 * submitted as a jar through the REST API, one TaskManager SIGKILLed while records are in flight
 * and transactions hold data; then every record exactly once, the restart seen, and records after
 * it tagged by the model.
 */
class ChaosITCase {

    @Test
    void aKilledTaskManagerLosesAndDuplicatesNothing() throws Exception {
        ChaosRun.Report report = ChaosRun.run(new ChaosRun.Settings(3_000, 1, 150, 2), System.out);
        report.print(System.out);
        assertThat(report.kills()).hasSize(1);
        assertThat(report.kills().get(0).uncommittedAtKill())
                .as("records in flight or uncommitted at the kill")
                .isPositive();
        assertThat(report.restarts()).as("the job restarted").isGreaterThanOrEqualTo(1);
        assertThat(report.lost()).isZero();
        assertThat(report.duplicated()).isZero();
        assertThat(report.standardized() + report.deadLettered()).isEqualTo(3_000);
        assertThat(report.taggedAfterLastRecovery())
                .as("records after the recovery were tagged by the model")
                .isPositive();
        assertThat(report.degraded()).isZero();
    }
}
